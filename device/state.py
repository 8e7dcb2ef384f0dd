"""The device's pure state machine: no I/O, no clocks; callers pass the time in.

idle → armed (claimed) → recording ⇄ paused → finishing → armed/idle, plus error.
With the client question on, a stop goes to asking instead of finishing: for a window the
button answers "Var det okej att samtalet spelades in?" (short = ja, long = nej) and never
starts a recording; answered shows the answer for a moment, then armed/idle (or finishing
while the recording is still being closed).
Each step returns the next machine, the actions the supervisor must carry out,
and, when an input was refused, the reason to log.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace

from device.events import Gesture
from wire.note import ClientAnswer


class State(enum.Enum):
    """Where the device is in its meeting cycle."""

    IDLE = "idle"
    ARMED = "armed"
    RECORDING = "recording"
    PAUSED = "paused"
    FINISHING = "finishing"
    ASKING = "asking"
    ANSWERED = "answered"
    ERROR = "error"


class Action(enum.Enum):
    """Side effects the supervisor carries out for a step."""

    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"
    SHOW_NOT_ARMED = "show_not_armed"
    ASK = "ask"
    """Open the client question for the recording being stopped (comes before STOP)."""
    ANSWER_JA = "answer_ja"
    ANSWER_NEJ = "answer_nej"


@dataclass(frozen=True)
class Question:
    """How long the button belongs to the client after a stop."""

    window_s: float
    """The client may answer for this long after the stop."""
    confirm_s: float
    """After an answer the light shows it, and presses are ignored, for this long."""


@dataclass(frozen=True)
class Machine:
    """The state plus the claim that gates recording."""

    state: State = State.IDLE
    caseworker_id: str | None = None
    claim_expires_at: float | None = None
    error: str | None = None
    question: Question | None = None
    """The client question's timing; None: no question, a stop goes straight to finishing."""
    question_until: float | None = None
    """When asking (the window) or answered (the confirmation) ends."""
    answer: ClientAnswer | None = None
    """The client's answer while it is shown (answered)."""
    closing: bool = False
    """The stopped recording is still being closed on the spool (asking, answered)."""

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
_QUESTION = (State.ASKING, State.ANSWERED)
_IGNORED = {
    State.FINISHING: "press during finishing ignored",
    State.ANSWERED: "press after the client's answer ignored",
}
_ANSWERS = {
    Gesture.SHORT: (ClientAnswer.JA, Action.ANSWER_JA),
    Gesture.LONG: (ClientAnswer.NEJ, Action.ANSWER_NEJ),
}


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
    """Time passes: an expired claim disarms an armed device, never a running meeting;
    the client question's window and its confirmation run out."""
    if m.state is State.ARMED and not m.claimed(now):
        return Step(replace(m, state=State.IDLE, caseworker_id=None), refused="claim expired")
    if m.state in _QUESTION and _question_ran_out(m, now):
        return Step(_question_over(m, now))
    return Step(m)


def _question_ran_out(m: Machine, now: float) -> bool:
    """Past its end, or the wall clock was set back further than the question can last
    (a clock step must not keep the button from the caseworker)."""
    if m.question_until is None or m.question is None:
        return True
    longest = max(m.question.window_s, m.question.confirm_s)
    return now >= m.question_until or m.question_until - now > longest


def _question_over(m: Machine, now: float) -> Machine:
    m = replace(m, question_until=None, answer=None)
    if m.closing:
        return replace(m, state=State.FINISHING, closing=False)
    return _after_meeting(m, now)


def press(m: Machine, gesture: Gesture, now: float) -> Step:
    """A debounced button gesture."""
    if m.state in (State.IDLE, State.ARMED) and not m.claimed(now):
        idle = replace(m, state=State.IDLE, caseworker_id=None)
        return Step(idle, (Action.SHOW_NOT_ARMED,), refused="press while not armed")
    if m.state is State.ARMED:
        return _press_armed(m, gesture)
    if m.state in _MEETING:
        return _press_in_meeting(m, gesture, now)
    if m.state is State.ASKING:
        return _answer(m, gesture, now)
    if m.state in _IGNORED:
        return Step(m, refused=_IGNORED[m.state])
    return _press_in_error(m, gesture, now)


def _press_armed(m: Machine, gesture: Gesture) -> Step:
    if gesture is Gesture.SHORT:
        return Step(replace(m, state=State.RECORDING), (Action.START,))
    return Step(m, refused="long press while armed: nothing to stop")


def _answer(m: Machine, gesture: Gesture, now: float) -> Step:
    answer, action = _ANSWERS[gesture]
    confirm = m.question.confirm_s if m.question is not None else 0.0
    answered = replace(m, state=State.ANSWERED, answer=answer, question_until=now + confirm)
    return Step(answered, (action,))


def _press_in_error(m: Machine, gesture: Gesture, now: float) -> Step:
    if gesture is Gesture.LONG:
        return Step(_after_meeting(replace(m, error=None), now))
    return Step(m, refused="short press in error: long press acknowledges the error")


def _press_in_meeting(m: Machine, gesture: Gesture, now: float) -> Step:
    if gesture is Gesture.LONG and m.question is not None:
        asking = replace(
            m, state=State.ASKING, question_until=now + m.question.window_s, closing=True
        )
        return Step(asking, (Action.ASK, Action.STOP))
    if gesture is Gesture.LONG:
        return Step(replace(m, state=State.FINISHING), (Action.STOP,))
    if m.state is State.RECORDING:
        return Step(replace(m, state=State.PAUSED), (Action.PAUSE,))
    return Step(replace(m, state=State.RECORDING), (Action.RESUME,))


def fault(m: Machine, reason: str) -> Step:
    """Something broke (light, microphone, disk): keep what was captured, show the error."""
    actions = (Action.STOP,) if m.state in _MEETING else ()
    broken = replace(m, state=State.ERROR, error=reason, question_until=None, answer=None)
    return Step(replace(broken, closing=False), actions)


def finished(m: Machine, now: float) -> Step:
    """The recording is closed on the spool and handed on."""
    if m.state is State.FINISHING:
        return Step(_after_meeting(m, now))
    if m.state in _QUESTION:
        return Step(replace(m, closing=False))
    return Step(m)


def _after_meeting(m: Machine, now: float) -> Machine:
    if m.claimed(now):
        return replace(m, state=State.ARMED)
    return replace(m, state=State.IDLE, caseworker_id=None)
