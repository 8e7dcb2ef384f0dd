"""The pure state machine."""

from __future__ import annotations

from device import state as sm
from device.events import Gesture

NOW = 1000.0


def armed() -> sm.Machine:
    return sm.claim(sm.Machine(), "hl01", NOW + 60, NOW).machine


def test_claim_arms_an_idle_device() -> None:
    """A live claim moves idle to armed and remembers the caseworker."""
    m = armed()
    assert (m.state, m.caseworker_id) == (sm.State.ARMED, "hl01")


def test_press_while_not_armed_records_nothing() -> None:
    """A press without a claim starts nothing and asks for the not-armed pattern."""
    step = sm.press(sm.Machine(), Gesture.SHORT, NOW)
    assert step.machine.state is sm.State.IDLE
    assert step.actions == (sm.Action.SHOW_NOT_ARMED,)
    assert step.refused == "press while not armed"


def test_short_presses_start_pause_and_resume() -> None:
    """Short presses cycle armed → recording → paused → recording with matching actions."""
    s1 = sm.press(armed(), Gesture.SHORT, NOW)
    s2 = sm.press(s1.machine, Gesture.SHORT, NOW)
    s3 = sm.press(s2.machine, Gesture.SHORT, NOW)
    assert [s.machine.state for s in (s1, s2, s3)] == [
        sm.State.RECORDING,
        sm.State.PAUSED,
        sm.State.RECORDING,
    ]
    assert [s.actions for s in (s1, s2, s3)] == [
        (sm.Action.START,),
        (sm.Action.PAUSE,),
        (sm.Action.RESUME,),
    ]


def test_long_press_stops_a_paused_meeting() -> None:
    """A long press while paused goes to finishing and stops the recording."""
    rec = sm.press(armed(), Gesture.SHORT, NOW).machine
    paused = sm.press(rec, Gesture.SHORT, NOW).machine
    step = sm.press(paused, Gesture.LONG, NOW)
    assert (step.machine.state, step.actions) == (sm.State.FINISHING, (sm.Action.STOP,))


def test_expired_claim_lets_the_meeting_finish_but_no_new_one_start() -> None:
    """After the claim expires mid-meeting, the meeting goes on, then the device disarms."""
    rec = sm.press(armed(), Gesture.SHORT, NOW).machine
    later = NOW + 120
    still = sm.tick(rec, later).machine
    assert still.state is sm.State.RECORDING
    finishing = sm.press(still, Gesture.LONG, later).machine
    after = sm.finished(finishing, later).machine
    assert after.state is sm.State.IDLE
    assert sm.press(after, Gesture.SHORT, later).actions == (sm.Action.SHOW_NOT_ARMED,)


def test_expiry_disarms_an_armed_device() -> None:
    """A tick after the claim's expiry takes an armed device back to idle."""
    step = sm.tick(armed(), NOW + 61)
    assert step.machine.state is sm.State.IDLE


def test_press_during_finishing_is_ignored() -> None:
    """Any press while finishing changes nothing and says why."""
    rec = sm.press(armed(), Gesture.SHORT, NOW).machine
    finishing = sm.press(rec, Gesture.LONG, NOW).machine
    step = sm.press(finishing, Gesture.SHORT, NOW)
    assert (step.machine, step.actions) == (finishing, ())
    assert step.refused == "press during finishing ignored"


def test_fault_while_recording_stops_and_keeps_the_error() -> None:
    """A fault mid-meeting goes to error and stops (so the audio is kept)."""
    rec = sm.press(armed(), Gesture.SHORT, NOW).machine
    step = sm.fault(rec, "microphone gone")
    assert (step.machine.state, step.machine.error) == (sm.State.ERROR, "microphone gone")
    assert step.actions == (sm.Action.STOP,)


def test_long_press_acknowledges_an_error() -> None:
    """A long press in error returns to armed while the claim is live."""
    err = sm.fault(armed(), "light failed").machine
    assert sm.press(err, Gesture.SHORT, NOW).machine.state is sm.State.ERROR
    assert sm.press(err, Gesture.LONG, NOW).machine.state is sm.State.ARMED
