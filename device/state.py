"""The device's pure state machine: no I/O, no clocks; callers pass the time in.

idle → armed (claimed) → recording ⇄ paused → finishing → armed/idle, plus error.
Each step returns the next machine, the actions the supervisor must carry out,
and, when an input was refused, the reason to log.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace

from device.events import Gesture


class State(enum.Enum):
    """Where the device is in its meeting cycle."""

    IDLE = "idle"
    ARMED = "armed"
    RECORDING = "recording"
    PAUSED = "paused"
    FINISHING = "finishing"
    ERROR = "error"


class Action(enum.Enum):
    """Side effects the supervisor carries out for a step."""

    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"
    SHOW_NOT_ARMED = "show_not_armed"


@dataclass(frozen=True)
class Machine:
    """The state plus the claim that gates recording."""

    state: State = State.IDLE
    caseworker_id: str | None = None
    claim_expires_at: float | None = None
    error: str | None = None

    def claimed(self, now: float) -> bool:
        """Whether a caseworker's claim is live at `now`."""
        return self.claim_expires_at is not None and now < self.claim_expires_at


@dataclass(frozen=True)
class Step:
    """The outcome of one input."""

    machine: Machine
    actions: tuple[Action, ...] = ()
    refused: str | None = None
    """Why the input changed nothing, for the log."""


_MEETING = (State.RECORDING, State.PAUSED)


def claim(m: Machine, caseworker_id: str, expires_at: float, now: float) -> Step:
    """A caseworker claims the device; arms it when idle."""
    m = replace(m, caseworker_id=caseworker_id, claim_expires_at=expires_at)
    if m.state is State.IDLE and m.claimed(now):
        return Step(replace(m, state=State.ARMED))
    return Step(m)


def release(m: Machine) -> Step:
    """The claim is withdrawn; a running meeting may still finish."""
    m = replace(m, claim_expires_at=None)
    if m.state is State.ARMED:
        return Step(replace(m, state=State.IDLE, caseworker_id=None))
    return Step(m)


def tick(m: Machine, now: float) -> Step:
    """Time passes: an expired claim disarms an armed device, never a running meeting."""
    if m.state is State.ARMED and not m.claimed(now):
        return Step(replace(m, state=State.IDLE, caseworker_id=None), refused="claim expired")
    return Step(m)


def press(m: Machine, gesture: Gesture, now: float) -> Step:
    """A debounced button gesture."""
    if m.state in (State.IDLE, State.ARMED) and not m.claimed(now):
        idle = replace(m, state=State.IDLE, caseworker_id=None)
        return Step(idle, (Action.SHOW_NOT_ARMED,), refused="press while not armed")
    if m.state is State.ARMED:
        if gesture is Gesture.SHORT:
            return Step(replace(m, state=State.RECORDING), (Action.START,))
        return Step(m, refused="long press while armed: nothing to stop")
    if m.state in _MEETING:
        return _press_in_meeting(m, gesture)
    if m.state is State.FINISHING:
        return Step(m, refused="press during finishing ignored")
    return _press_in_error(m, gesture, now)


def _press_in_error(m: Machine, gesture: Gesture, now: float) -> Step:
    if gesture is Gesture.LONG:
        return Step(_after_meeting(replace(m, error=None), now))
    return Step(m, refused="short press in error: long press acknowledges the error")


def _press_in_meeting(m: Machine, gesture: Gesture) -> Step:
    if gesture is Gesture.LONG:
        return Step(replace(m, state=State.FINISHING), (Action.STOP,))
    if m.state is State.RECORDING:
        return Step(replace(m, state=State.PAUSED), (Action.PAUSE,))
    return Step(replace(m, state=State.RECORDING), (Action.RESUME,))


def fault(m: Machine, reason: str) -> Step:
    """Something broke (light, microphone, disk): keep what was captured, show the error."""
    actions = (Action.STOP,) if m.state in _MEETING else ()
    return Step(replace(m, state=State.ERROR, error=reason), actions)


def finished(m: Machine, now: float) -> Step:
    """The recording is closed on the spool and handed on."""
    if m.state is State.FINISHING:
        return Step(_after_meeting(m, now))
    return Step(m)


def _after_meeting(m: Machine, now: float) -> Machine:
    if m.claimed(now):
        return replace(m, state=State.ARMED)
    return replace(m, state=State.IDLE, caseworker_id=None)
