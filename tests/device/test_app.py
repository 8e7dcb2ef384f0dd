"""The daemon core on real parts: ALSA file microphone, mock GPIO pins, on-disk spool."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from device.capture.recorder import Stream
from device.claims import HubClaims
from device.events import Delivered, Gesture, Tick
from device.hardware.mic import MicLostError, PyAudioMic
from device.settings import MicSettings
from tests.device.conftest import Rig, device_settings, wait_until
from wire import commands
from wire.note import Participant


def test_meeting_is_spooled_and_handed_on(make_rig: Callable[..., Rig], test_audio: Any) -> None:
    """Claim, press, capture, long press: the consumer gets the recording with the mic's samples."""
    rig = make_rig()
    rig.claim()
    rig.press()
    rig.wait_blocks(25)
    rig.press(Gesture.LONG)
    rig.wait_state("armed")
    [found] = rig.finished
    pcm = rig.spool.read_pcm(found.meeting_id)
    assert not found.recovered
    assert found.caseworker_id == "hl01"
    assert found.frames == len(pcm) >= 25 * 1600
    np.testing.assert_array_equal(pcm, test_audio[: len(pcm)])


def test_blocks_carry_all_channels_and_a_mono_mix(make_rig: Callable[..., Rig]) -> None:
    """Subscribers get (frames, channels) blocks plus the channel mean as mono."""
    rig = make_rig()
    rig.claim()
    rig.press()
    rig.wait_blocks(3)
    rig.press(Gesture.LONG)
    block = rig.blocks[1]
    assert block.frames.shape == (1600, 6)
    np.testing.assert_array_equal(block.mono, block.frames.mean(axis=1).astype(np.int16))
    assert block.frame_offset == 1600


def test_press_while_not_armed_records_nothing(
    make_rig: Callable[..., Rig], caplog: pytest.LogCaptureFixture
) -> None:
    """Without a claim a press opens no stream, writes nothing and logs why."""
    rig = make_rig()
    with caplog.at_level(logging.INFO):
        rig.press()
    assert rig.app.machine.state.value == "idle"
    assert not rig.app.recorder.stream_open
    assert rig.spool.meeting_ids() == []
    assert "press while not armed" in caplog.text


def test_press_during_finishing_is_ignored(
    make_rig: Callable[..., Rig], caplog: pytest.LogCaptureFixture
) -> None:
    """A press while the recording is being closed changes nothing and is logged."""
    release = threading.Event()
    rig = make_rig(consumer=lambda _found: release.wait(10))
    rig.claim()
    rig.press()
    rig.wait_blocks(3)
    rig.press(Gesture.LONG)
    with caplog.at_level(logging.INFO):
        rig.press()
    assert rig.app.machine.state.value == "finishing"
    assert not rig.app.recorder.stream_open
    assert "press during finishing ignored" in caplog.text
    release.set()
    rig.wait_state("armed")
    assert len(rig.finished) == 1


@pytest.mark.usefixtures("alsa_mic")
def test_missing_mic_at_boot_shows_error(
    tmp_path: Path, make_rig: Callable[..., Rig], caplog: pytest.LogCaptureFixture
) -> None:
    """With no such input device the daemon starts in error, light blinking, and says why."""
    settings = device_settings(tmp_path, "no_such_microphone")
    with caplog.at_level(logging.INFO):
        rig = make_rig(settings)
    assert rig.app.machine.state.value == "error"
    assert "microphone missing at start-up: no input device named like 'no_such_microphone'" in (
        caplog.text
    )
    rig.claim()
    rig.press()
    assert rig.spool.meeting_ids() == []


class _VanishingMic:
    """The real file-backed mic, whose stream dies after `blocks` reads (USB unplugged)."""

    def __init__(self, settings: MicSettings, blocks: int) -> None:
        self._mic = PyAudioMic(settings)
        self._blocks = blocks
        self.find_device = self._mic.find_device

    def open(self) -> Stream:
        stream = self._mic.open()
        left = [self._blocks]

        class Dying:
            def read(self) -> Any:
                left[0] -= 1
                if left[0] < 0:
                    raise MicLostError("microphone 'samtal_test_mic' stopped: device unplugged")
                return stream.read()

            def close(self) -> None:
                stream.close()

        return Dying()


def test_mic_lost_mid_meeting_keeps_audio_and_shows_error(
    tmp_path: Path, alsa_mic: str, make_rig: Callable[..., Rig], caplog: pytest.LogCaptureFixture
) -> None:
    """When the mic disappears the recording is closed with what was captured, state error."""
    settings = device_settings(tmp_path, alsa_mic)
    rig = make_rig(settings, mic=_VanishingMic(settings.mic, blocks=23))
    rig.claim()
    with caplog.at_level(logging.INFO):
        rig.press()
        wait_until(lambda: len(rig.finished) == 1)
    rig.wait_state("error")
    assert rig.spool.describe(rig.finished[0].meeting_id).frames == 23 * 1600
    assert "device unplugged" in caplog.text
    assert rig.app.indicator.pattern.value == "error"


def test_claim_expiring_mid_meeting_lets_it_finish(make_rig: Callable[..., Rig]) -> None:
    """A claim that runs out while recording does not stop the recording; afterwards idle."""
    rig = make_rig()
    rig.claim(minutes=1.5 / 60)
    rig.press()
    wait_until(lambda: not rig.app.machine.claimed(time.time()))
    rig.wait_blocks(len(rig.blocks) + 3)
    assert rig.app.machine.state.value == "recording"
    rig.press(Gesture.LONG)
    rig.wait_state("idle")
    assert len(rig.finished) == 1
    assert rig.finished[0].frames > 0


def test_pause_closes_the_stream_before_the_light_blinks(make_rig: Callable[..., Rig]) -> None:
    """After a pause the stream is closed and no more blocks arrive."""
    rig = make_rig()
    rig.claim()
    rig.press()
    rig.wait_blocks(3)
    rig.press()
    n = len(rig.blocks)
    assert not rig.app.recorder.stream_open
    time.sleep(0.2)
    assert len(rig.blocks) == n
    assert all(rig.lit_at_block)


def test_delivered_flashes_the_light(make_rig: Callable[..., Rig]) -> None:
    """A Delivered input from delivery shows the long delivered flashes on the LED."""
    rig = make_rig()
    rig.pins.pin(27).clear_states()  # type: ignore[attr-defined]
    rig.send(Delivered("20261122T090000Z-abcd"))
    time.sleep(1.2)
    states = rig.pins.pin(27).states  # type: ignore[attr-defined]
    assert any(s.state for s in states), "an idle LED lights only for the delivered flashes"
    assert rig.app.machine.state.value == "idle"


def test_hub_claim_arms_and_its_release_disarms(make_rig: Callable[..., Rig]) -> None:
    """A hub Claim arms the device; a Release of another session is ignored, its own disarms."""
    rig = make_rig()
    claims = HubClaims(rig.app)
    expires = datetime.fromtimestamp(time.time() + 600, UTC).isoformat()
    claims(commands.Claim(session_id="s1", caseworker_id="hl07", expires_at=expires))
    rig.wait_state("armed")
    assert rig.app.machine.caseworker_id == "hl07"
    claims(commands.Release(session_id="other"))
    rig.send(Tick())
    assert rig.app.machine.state.value == "armed"
    claims(commands.Release(session_id="s1"))
    rig.wait_state("idle")


def test_hub_claim_with_bad_expiry_is_refused(make_rig: Callable[..., Rig]) -> None:
    """A claim whose expiry is not ISO 8601 raises a CommandError naming the field."""
    rig = make_rig()
    with pytest.raises(commands.CommandError, match="expires_at 'tomorrow' is not ISO 8601"):
        HubClaims(rig.app)(commands.Claim("s1", "hl07", "tomorrow"))
    assert rig.app.machine.state.value == "idle"


def test_hub_claim_participants_travel_with_the_recording(make_rig: Callable[..., Rig]) -> None:
    """Who the caseworker listed on the claim page is part of the finished recording."""
    rig = make_rig()
    present = (Participant("Anna Berg", "socialsekreterare"), Participant("Linda Ek", "sökande"))
    expires = datetime.fromtimestamp(time.time() + 600, UTC).isoformat()
    HubClaims(rig.app)(commands.Claim("s1", "hl07", expires, present))
    rig.wait_state("armed")
    rig.press()
    rig.wait_blocks(3)
    rig.press(Gesture.LONG)
    wait_until(lambda: len(rig.finished) == 1)
    assert [f.participants for f in rig.finished] == [present]
