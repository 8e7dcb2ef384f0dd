"""The client question in the pure state machine: after stop the button answers, never starts."""

from __future__ import annotations

from dataclasses import replace

from device import state as sm
from device.events import Gesture
from wire.note import ClientAnswer

NOW = 1000.0
QUESTION = sm.Question(window_s=30.0, confirm_s=3.0)


def recording(question: sm.Question | None = QUESTION) -> sm.Machine:
    armed = sm.claim(sm.Machine(question=question), "hl01", NOW + 600, NOW).machine
    return sm.press(armed, Gesture.SHORT, NOW).machine


def asking() -> sm.Machine:
    return sm.press(recording(), Gesture.LONG, NOW).machine


def test_stop_opens_the_question_before_the_recording_is_stopped() -> None:
    """A long press in a meeting goes to asking, opening the question before the stop."""
    step = sm.press(recording(), Gesture.LONG, NOW)
    assert (step.machine.state, step.actions) == (sm.State.ASKING, (sm.Action.ASK, sm.Action.STOP))
    assert (step.machine.question_until, step.machine.closing) == (NOW + 30.0, True)


def test_short_press_while_asking_answers_ja_and_starts_nothing() -> None:
    """A short press in the window is the answer ja, not a start."""
    step = sm.press(asking(), Gesture.SHORT, NOW + 5)
    assert step.actions == (sm.Action.ANSWER_JA,)
    assert (step.machine.state, step.machine.answer) == (sm.State.ANSWERED, ClientAnswer.JA)


def test_long_press_while_asking_answers_nej() -> None:
    """A long press in the window is the answer nej."""
    step = sm.press(asking(), Gesture.LONG, NOW + 5)
    assert step.actions == (sm.Action.ANSWER_NEJ,)
    assert step.machine.answer is ClientAnswer.NEJ


def test_second_press_after_the_answer_is_ignored() -> None:
    """While the answer is shown another press changes nothing and says why."""
    answered = sm.press(asking(), Gesture.SHORT, NOW + 5).machine
    step = sm.press(answered, Gesture.SHORT, NOW + 6)
    assert (step.machine, step.actions) == (answered, ())
    assert step.refused == "press after the client's answer ignored"


def test_answer_shown_for_the_confirmation_then_armed() -> None:
    """The answered state lasts confirm_s; then a closed recording with a live claim is armed."""
    answered = sm.press(asking(), Gesture.SHORT, NOW + 5).machine
    closed = sm.finished(answered, NOW + 5).machine
    assert sm.tick(closed, NOW + 7.9).machine.state is sm.State.ANSWERED
    after = sm.tick(closed, NOW + 8).machine
    assert (after.state, after.answer, after.question_until) == (sm.State.ARMED, None, None)


def test_window_runs_out_unanswered() -> None:
    """No press for window_s: the question closes without an answer and the device is armed."""
    closed = sm.finished(asking(), NOW + 1).machine
    assert sm.tick(closed, NOW + 29.9).machine.state is sm.State.ASKING
    after = sm.tick(closed, NOW + 30).machine
    assert (after.state, after.answer) == (sm.State.ARMED, None)


def test_wall_clock_set_back_does_not_hold_the_button() -> None:
    """A clock stepped back an hour in the window ends it instead of stretching it."""
    closed = sm.finished(asking(), NOW + 1).machine
    assert sm.tick(closed, NOW - 3600).machine.state is sm.State.ARMED


def test_press_after_the_window_starts_a_new_recording() -> None:
    """Once the window has closed the button behaves as before: a short press starts."""
    closed = sm.finished(asking(), NOW + 1).machine
    after = sm.tick(closed, NOW + 30).machine
    assert sm.press(after, Gesture.SHORT, NOW + 31).actions == (sm.Action.START,)


def test_window_ending_before_the_recording_is_closed_waits_in_finishing() -> None:
    """A window that ends while the spool is still closing goes to finishing, then armed."""
    over = sm.tick(asking(), NOW + 30).machine
    assert over.state is sm.State.FINISHING
    assert sm.finished(over, NOW + 31).machine.state is sm.State.ARMED


def test_closing_the_recording_keeps_the_question_open() -> None:
    """The recording being closed on the spool does not end the window."""
    closed = sm.finished(asking(), NOW + 1).machine
    assert (closed.state, closed.closing) == (sm.State.ASKING, False)


def test_expired_claim_ends_in_idle_after_the_window() -> None:
    """When the claim ran out meanwhile, the device is idle after the window."""
    expired = replace(sm.finished(asking(), NOW + 1).machine, claim_expires_at=NOW + 10)
    after = sm.tick(expired, NOW + 30).machine
    assert (after.state, after.caseworker_id) == (sm.State.IDLE, None)


def test_fault_while_asking_drops_the_question() -> None:
    """A fault in the window goes to error and forgets the window."""
    step = sm.fault(asking(), "light failed")
    assert (step.machine.state, step.machine.question_until, step.actions) == (
        sm.State.ERROR,
        None,
        (),
    )


def test_without_the_question_a_stop_finishes_as_before() -> None:
    """With the question off a long press stops into finishing and nothing is asked."""
    step = sm.press(recording(question=None), Gesture.LONG, NOW)
    assert (step.machine.state, step.actions) == (sm.State.FINISHING, (sm.Action.STOP,))
