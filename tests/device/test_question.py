"""The client question on the daemon core's real parts: mock GPIO pins, ALSA file mic, spool."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from gpiozero.pins.mock import MockFactory

from device.events import Gesture
from device.settings import ClientQuestionSettings, IndicatorSettings
from tests.device.conftest import Rig, device_settings, wait_until
from wire.note import ClientAnswer

QUICK = ClientQuestionSettings(window_s=5.0, confirm_s=0.3)
RED, GREEN, BLUE = 22, 23, 24


def stopped(rig: Rig) -> str:
    """Claim, record a little, long-press: the device is asking; returns the meeting id."""
    rig.claim()
    rig.press()
    rig.wait_blocks(len(rig.blocks) + 3)
    meeting_id = rig.app.recorder.meeting_id
    assert meeting_id is not None
    rig.press(Gesture.LONG)
    assert rig.app.machine.state.value == "asking"
    return meeting_id


@pytest.fixture
def rig(tmp_path: Path, alsa_mic: str, make_rig: Callable[..., Rig]) -> Rig:
    """A running core with a 5 s client question and a 0.3 s confirmation."""
    return make_rig(device_settings(tmp_path, alsa_mic, question=QUICK))


def test_press_in_the_window_answers_ja_and_opens_no_microphone(rig: Rig) -> None:
    """A short press after stop is the client's ja: no stream opens, no recording starts."""
    meeting_id = stopped(rig)
    wait_until(lambda: len(rig.finished) == 1)
    rig.press()
    assert rig.app.machine.state.value == "answered"
    assert not rig.app.recorder.stream_open
    assert rig.spool.meeting_ids() == [meeting_id]
    assert rig.app.answers.wait(meeting_id) is ClientAnswer.JA


def test_long_press_in_the_window_answers_nej(rig: Rig) -> None:
    """A long press after stop is the client's nej."""
    meeting_id = stopped(rig)
    rig.press(Gesture.LONG)
    assert rig.app.answers.wait(meeting_id) is ClientAnswer.NEJ


def test_second_press_is_ignored_and_the_first_answer_stands(rig: Rig) -> None:
    """A press right after the answer neither changes it nor starts a recording."""
    meeting_id = stopped(rig)
    rig.press(Gesture.LONG)
    rig.press()
    assert rig.app.machine.state.value == "answered"
    assert rig.spool.meeting_ids() == [meeting_id]
    assert rig.app.answers.wait(meeting_id) is ClientAnswer.NEJ


def test_after_the_confirmation_the_button_starts_recordings_again(rig: Rig) -> None:
    """Once the answer has been shown, the device is armed and a press records."""
    stopped(rig)
    rig.press()
    rig.wait_state("armed")
    rig.press()
    assert rig.app.machine.state.value == "recording"
    assert rig.app.recorder.stream_open


def test_window_without_a_press_closes_unanswered(
    tmp_path: Path, alsa_mic: str, make_rig: Callable[..., Rig]
) -> None:
    """No press in the window: the question closes with no answer and the device is armed."""
    short = ClientQuestionSettings(window_s=0.5, confirm_s=0.3)
    rig = make_rig(device_settings(tmp_path, alsa_mic, question=short))
    meeting_id = stopped(rig)
    rig.wait_state("armed")
    assert rig.app.answers.waiting() == [meeting_id]
    assert rig.app.answers.wait(meeting_id) is None


def test_the_log_says_answered_but_never_the_answer(
    rig: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    """The journal gets "client answered" for the meeting and no ja or nej."""
    with caplog.at_level(logging.DEBUG):
        meeting_id = stopped(rig)
        rig.press(Gesture.LONG)
        rig.wait_state("armed")
    assert f"meeting {meeting_id}: client answered" in caplog.text
    said = [r.getMessage() for r in caplog.records]
    assert not [m for m in said if re.search(r"\b(ja|nej|JA|NEJ)\b", m)], said


def test_question_off_keeps_the_old_button(make_rig: Callable[..., Rig]) -> None:
    """With the question off a stop finishes at once and the next press records."""
    rig = make_rig()
    rig.claim()
    rig.press()
    rig.wait_blocks(3)
    rig.press(Gesture.LONG)
    rig.wait_state("armed")
    rig.press()
    assert rig.app.machine.state.value == "recording"
    assert rig.app.answers.waiting() == []


def test_the_light_is_never_red_while_asking_or_answered(
    tmp_path: Path, alsa_mic: str, pins: MockFactory, make_rig: Callable[..., Rig]
) -> None:
    """On an RGB light red goes dark at the stop and stays dark through the question and the
    answer, while the question and the ja show in green and blue."""
    settings = device_settings(tmp_path, alsa_mic, question=QUICK)
    rgb = IndicatorSettings(kind="rgbled", rgb_pins=(RED, GREEN, BLUE))
    rig = make_rig(type(settings)(**{**settings.__dict__, "indicator": rgb}))
    rig.claim()
    rig.press()
    rig.wait_blocks(3)
    for pin in (RED, GREEN, BLUE):
        pins.pin(pin).clear_states()  # type: ignore[attr-defined]
    rig.press(Gesture.LONG)
    time.sleep(1.5)
    rig.press()
    rig.wait_state("armed")
    red = [s.state for s in pins.pin(RED).states]  # type: ignore[attr-defined]
    assert red == [1.0, 0.0], "red must go dark once, at the stop, and stay dark"
    for pin in (GREEN, BLUE):
        assert any(s.state for s in pins.pin(pin).states)  # type: ignore[attr-defined]


def test_shutdown_in_the_window_closes_the_question_unanswered(rig: Rig) -> None:
    """A daemon stopping while it asks lets the note be sealed at once, unanswered."""
    meeting_id = stopped(rig)
    rig.stop.set()
    assert rig.thread is not None
    rig.thread.join(timeout=20)
    closed = threading.Event()
    threading.Thread(target=lambda: (rig.app.answers.wait(meeting_id), closed.set())).start()
    assert closed.wait(2.0), "the question was left open after shutdown"
