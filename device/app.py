"""The supervisor: feeds inputs through the state machine and carries out the actions.

All inputs (button, control socket, hub claims, capture thread, finisher, the hub's acks)
go through one queue and are handled on one thread, so the state, the recorder and the
light change in order.
The queue is an :class:`~device.inbox.Inbox` that the composition root (device.daemon)
makes first and hands to every producer. Finished or recovered recordings go to a
consumer callable (the meeting pipeline); live AudioBlocks go to subscribers.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from device import state as sm
from device.answers import ClientAnswers
from device.capture.recorder import Light, Microphone, Recorder
from device.capture.spool import Spool
from device.events import (
    AudioBlock,
    ButtonPressed,
    CaptureFault,
    ClaimReceived,
    ClaimReleased,
    Delivered,
    FinishedRecording,
    Input,
    RecordingClosed,
    Tick,
)
from device.hardware.indicator import Indicator, IndicatorError, Pattern
from device.inbox import Inbox
from device.settings import DeviceSettings
from device.system import LogContext, Notifier
from wire.note import ClientAnswer, Participant

log = logging.getLogger(__name__)

Consumer = Callable[[FinishedRecording], None]
"""Takes a finished or recovered recording; called on the finisher or start-up thread."""


@dataclass(frozen=True)
class Consumers:
    """Hands each finished recording to several consumers in order (e.g. a count, then speech)."""

    parts: tuple[Consumer, ...]

    def __call__(self, found: FinishedRecording) -> None:
        for part in self.parts:
            part(found)


_PATTERNS = {
    sm.State.IDLE: Pattern.OFF,
    sm.State.ARMED: Pattern.ARMED,
    sm.State.RECORDING: Pattern.RECORDING,
    sm.State.PAUSED: Pattern.PAUSED,
    sm.State.FINISHING: Pattern.FINISHING,
    sm.State.ASKING: Pattern.ASKING,
    sm.State.ERROR: Pattern.ERROR,
}
_ANSWERED = {ClientAnswer.JA: Pattern.ANSWERED_JA, ClientAnswer.NEJ: Pattern.ANSWERED_NEJ}
_ANSWER_OF = {sm.Action.ANSWER_JA: ClientAnswer.JA, sm.Action.ANSWER_NEJ: ClientAnswer.NEJ}
_WAIT_GRACE_S = 30.0
"""The meetings thread waits this long past the window for an App that never closed it."""


def _pattern(m: sm.Machine) -> Pattern:
    if m.state is sm.State.ANSWERED and m.answer is not None:
        return _ANSWERED[m.answer]
    return _PATTERNS[m.state]


def _question(settings: DeviceSettings) -> sm.Question | None:
    q = settings.client_question
    return sm.Question(q.window_s, q.confirm_s) if q.enabled else None


class App:
    """The device daemon's core."""

    def __init__(
        self,
        settings: DeviceSettings,
        *,
        indicator: Indicator,
        mic: Microphone,
        spool: Spool,
        consumer: Consumer,
        notifier: Notifier | None = None,
        clock: Callable[[], float] = time.time,
        inbox: Inbox | None = None,
        answers: ClientAnswers | None = None,
    ) -> None:
        self.settings = settings
        self.machine = sm.Machine(question=_question(settings))
        self.answers = answers or ClientAnswers()
        self._asking: str | None = None
        """The meeting whose client question is open."""
        self.indicator, self._spool, self._consumer = indicator, spool, consumer
        self._notifier = notifier or Notifier()
        self._clock = clock
        self.inbox = inbox or Inbox()
        self._subscribers: list[Callable[[AudioBlock], None]] = []
        self._finishers: list[threading.Thread] = []
        self.context = LogContext()
        self._participants: tuple[Participant, ...] = ()
        light: Light = indicator
        self.recorder = Recorder(
            mic=mic,
            light=light,
            spool=spool,
            settings=settings.mic,
            on_block=self._publish,
            on_fault=lambda reason: self.post(CaptureFault(reason)),
        )

    def subscribe_blocks(self, callback: Callable[[AudioBlock], None]) -> None:
        """Call `callback` with every captured block, on the capture thread; keep it quick."""
        self._subscribers.append(callback)

    def post(self, event: Input, *, wait: bool = False, timeout: float = 10.0) -> None:
        """Queue an input from any thread; with `wait`, return once it was handled."""
        self.inbox.post(event, wait=wait, timeout=timeout)

    def start(self, mic_probe: Callable[[], object] | None = None) -> None:
        """Recover interrupted recordings, check the mic, show the light, tell systemd."""
        for found in self._spool.recover():
            self._hand_on(found)
        self._show()
        if mic_probe is not None:
            try:
                mic_probe()
            except Exception as exc:  # noqa: BLE001 - a missing mic is shown, the daemon stays up
                log.error("microphone missing at start-up: %s", exc)  # noqa: TRY400 - expected; no traceback
                self.handle(CaptureFault(f"microphone missing: {exc}"))
        self._notifier.ready()
        self._notifier.status(self.describe())

    def run(self, stop: threading.Event) -> None:
        """Handle inputs until `stop` is set, petting the watchdog while healthy."""
        next_pet = 0.0
        while not stop.is_set():
            self.process(timeout=0.2)
            self.handle(Tick())
            if time.monotonic() >= next_pet:
                next_pet = time.monotonic() + self.settings.system.watchdog_interval_s
                if self.healthy():
                    self._notifier.watchdog()
        self.shutdown()

    def process(self, timeout: float = 0.0) -> bool:
        """Handle one queued input if one arrives within `timeout`; returns whether one did."""
        taken = self.inbox.take(timeout)
        if taken is None:
            return False
        event, done = taken
        try:
            self.handle(event)
        finally:
            if done is not None:
                done.set()
        return True

    def drain(self) -> None:
        """Handle everything queued now (tests and shutdown)."""
        while self.process():
            pass

    def handle(self, event: Input) -> None:
        """Run one input through the state machine and carry out its actions."""
        before = self.machine.state
        step = self._step(event)
        self.machine = step.machine
        if step.refused:
            log.info("%s (state %s)", step.refused, before.value)
        for action in step.actions:
            self._act(action)
        if self._asking is not None and self.machine.state is not sm.State.ASKING:
            self._close_question(None)
        if self.machine.state is not before or step.actions:
            self._after_change(before)

    def _step(self, event: Input) -> sm.Step:
        m, now = self.machine, self._clock()
        match event:
            case ButtonPressed(gesture=g):
                return sm.press(m, g, now)
            case ClaimReceived(caseworker_id=cw, expires_at=exp, participants=people):
                step = sm.claim(m, cw, exp, now)
                if step.machine.caseworker_id == cw:
                    self._participants = people
                return step
            case CaptureFault(reason=reason):
                log.error("capture fault: %s", reason)
                return sm.fault(m, reason)
            case Delivered():
                self.indicator.show(Pattern.DELIVERED)
                return sm.Step(m)
            case ClaimReleased():
                step = sm.release(m)
            case RecordingClosed():
                step = sm.finished(m, now)
            case Tick():
                step = sm.tick(m, now)
        return step

    def _act(self, action: sm.Action) -> None:
        try:
            self._do(action)
        except Exception as exc:  # adapters raise their own errors; all end here
            log.exception("cannot %s: %s", action.value, exc)  # noqa: TRY401 - the one-line summary names the error
            self.machine = sm.fault(self.machine, str(exc)).machine
            if self.recorder.meeting_id is not None:
                self._finish_async()

    def _do(self, action: sm.Action) -> None:
        if action is sm.Action.START:
            meeting_id = self.recorder.start(self.machine.caseworker_id, self._participants)
            log.info("meeting %s: recording started", meeting_id, extra={"MEETING_ID": meeting_id})
        elif action is sm.Action.PAUSE:
            self.recorder.pause()
        elif action is sm.Action.RESUME:
            self.recorder.resume()
        elif action is sm.Action.STOP:
            self._finish_async()
        elif action is sm.Action.ASK:
            self._ask()
        elif action in _ANSWER_OF:
            self._close_question(_ANSWER_OF[action])
        else:
            self.indicator.show(Pattern.NOT_ARMED)

    def _ask(self) -> None:
        meeting_id = self.recorder.meeting_id
        if meeting_id is None:
            return
        window = self.settings.client_question.window_s
        self.answers.ask(meeting_id, window + _WAIT_GRACE_S)
        self._asking = meeting_id
        log.info(
            "meeting %s: asking the client (%.0f s)",
            meeting_id,
            window,
            extra={"MEETING_ID": meeting_id},
        )

    def _close_question(self, answer: ClientAnswer | None) -> None:
        """The window closed: hand the answer (or None) on; the log never says which."""
        meeting_id, self._asking = self._asking, None
        if meeting_id is None:
            return
        self.answers.answer(meeting_id, answer)
        said = "client answered" if answer is not None else "client question unanswered"
        log.info("meeting %s: %s", meeting_id, said, extra={"MEETING_ID": meeting_id})

    def _finish_async(self) -> None:
        writer = self.recorder.stop()
        if writer is None:
            return

        def finish() -> None:
            found = None
            try:
                found = writer.close()
                self._hand_on(found)
            finally:
                self.post(RecordingClosed(found))

        thread = threading.Thread(target=finish, name="finisher")
        self._finishers.append(thread)
        thread.start()

    def _hand_on(self, found: FinishedRecording) -> None:
        extra = {"MEETING_ID": found.meeting_id}
        log.info(
            "recording %s finished: %.1f s%s",
            found.meeting_id,
            found.frames / found.rate,
            " (recovered)" if found.recovered else "",
            extra=extra,
        )
        try:
            self._consumer(found)
        except Exception:
            log.exception(
                "consumer failed; recording %s stays on the spool", found.meeting_id, extra=extra
            )

    def _after_change(self, before: sm.State) -> None:
        m = self.machine
        self.context.update(self.recorder.meeting_id, m.state.value)
        if m.state is not before:
            log.info("state %s -> %s", before.value, m.state.value)
        if m.state is sm.State.ERROR and m.error:
            log.error("device error: %s", m.error)
        self._show()
        self._notifier.status(self.describe())

    def _show(self) -> None:
        pattern = _pattern(self.machine)
        if self.recorder.stream_open and pattern is not Pattern.RECORDING:
            log.error(
                "refusing to change the light to %s while the microphone is open", pattern.value
            )
            return
        try:
            self.indicator.show(pattern)
        except IndicatorError as exc:
            log.error("%s", exc)  # noqa: TRY400 - our own error, its message says it all
            if self.machine.state is not sm.State.ERROR:
                self.handle(CaptureFault(str(exc)))

    def _publish(self, block: AudioBlock) -> None:
        for callback in self._subscribers:
            try:
                callback(block)
            except Exception:
                log.exception("block subscriber failed; capture continues")

    def healthy(self) -> bool:
        """False when a running recording has delivered no block for the stall timeout."""
        if not self.recorder.stream_open:
            return True
        stalled = time.monotonic() - self.recorder.last_block_at
        return stalled < self.settings.system.stall_timeout_s

    def describe(self) -> str:
        """A human-readable status line (systemd STATUS=)."""
        m = self.machine
        text = f"{m.state.value}"
        if self.recorder.meeting_id:
            text += f", meeting {self.recorder.meeting_id}"
        return text + (f": {m.error}" if m.error else "")

    def status(self) -> dict[str, Any]:
        """A snapshot for the control socket."""
        m = self.machine
        return {
            "state": m.state.value,
            "caseworker_id": m.caseworker_id,
            "claim_expires_at": m.claim_expires_at,
            "meeting_id": self.recorder.meeting_id,
            "captured_frames": self.recorder.frames,
            "stream_open": self.recorder.stream_open,
            "error": m.error,
            "healthy": self.healthy(),
        }

    def shutdown(self) -> None:
        """Stop any recording (keeping its audio), close an open client question (its note is
        sealed unanswered) and wait for the finishers."""
        if self.recorder.meeting_id is not None:
            self._finish_async()
        self._close_question(None)
        for thread in self._finishers:
            thread.join()
        self.drain()
        self._notifier.stopping()
