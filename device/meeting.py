"""The path of one meeting on the device: live speech, transcript, note, seal, outbox, ack.

Threads and processes:

* capture thread → :meth:`MeetingPipeline.on_block` feeds the recording's speech worker
  process (non-blocking; a full queue is caught up from the spool by the worker);
* a per-recording ``live-notes`` thread hands finished segments to the note drafter while
  recording (only with a language model: the extractive layer needs nothing ahead);
* one ``meetings`` thread takes finished recordings in order: final transcript → stored
  encrypted → note → the client's answer (waits for the question's window) → sealed → outbox;
* the MQTT network thread calls :meth:`LocalCopies.delete` on the hub's ack, which posts
  Delivered to the App's inbox for the light.

One meeting has one id, its ``meeting_id``: the spool names its recording, the transcript
store its transcript, the note, the envelope and the outbox their entries by it, so they
agree on one key across restarts. A failure anywhere leaves the recording on the spool with a
log line saying why; the next start processes every closed recording not yet in the outbox.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import replace
from functools import partial

from device.answers import ClientAnswers
from device.capture.spool import Spool
from device.events import AudioBlock, Delivered, FinishedRecording
from device.inbox import Poster
from device.note import NoteDrafter, draft_note
from device.note.llm import NoteModel
from device.settings import DeviceSettings
from device.speech import SpeechError, SpeechWorker, transcribe_recording
from device.speech.spool_source import SpoolSource
from device.transcripts import TranscriptStore
from wire.note import Note
from wire.transcript import MeetingMeta, Segment, Transcript

log = logging.getLogger(__name__)

Deliver = Callable[[Note, Transcript], None]
"""Seals a note with its transcript and queues it for the hub."""


class LiveSession:
    """One recording's speech worker and (with a model) its incremental note drafter."""

    def __init__(
        self, worker: SpeechWorker, drafter: NoteDrafter | None, lock: threading.Lock, poll_s: float
    ) -> None:
        self.worker, self.drafter = worker, drafter
        self._model_lock, self._poll_s = lock, poll_s
        self._given = 0
        self._stop = threading.Event()
        self._starter = threading.Thread(target=self._start, name="speech-start", daemon=True)
        self._poller = threading.Thread(target=self._poll, name="live-notes", daemon=True)
        self.start_error: Exception | None = None

    def begin(self) -> None:
        """Start the worker process (models load in the background) and the poller."""
        self._starter.start()
        if self.drafter is not None:
            self._poller.start()

    def _start(self) -> None:
        try:
            self.worker.start()
        except Exception as exc:  # noqa: BLE001 - reported when the recording finishes
            self.start_error = exc

    def _poll(self) -> None:
        self._starter.join()
        while self.start_error is None and not self._stop.wait(self._poll_s):
            self._hand_over(self.worker.parts())

    def _hand_over(self, parts: list[Segment]) -> None:
        fresh = parts[self._given :]
        if fresh and self.drafter is not None:
            self._given += len(fresh)
            with self._model_lock:
                self.drafter.add_segments(fresh)

    def finish(self, meta: MeetingMeta, total_frames: int) -> tuple[Transcript, Note | None]:
        """The final transcript and, with a drafter, the note drafted alongside."""
        self._starter.join()
        self._stop.set()
        if self._poller.is_alive():
            self._poller.join()
        if self.start_error is not None:
            self.worker.close()
            raise self.start_error
        result = self.worker.finish(meta, total_frames=total_frames)
        if self.drafter is None:
            return result.transcript, None
        tail = result.transcript.segments[self._given :]
        with self._model_lock:
            note = self.drafter.finish(tail, meta=result.transcript.meta)
        return result.transcript, note


class MeetingPipeline:
    """Turns finished recordings into sealed notes handed to ``deliver`` (seal → outbox)."""

    def __init__(
        self,
        settings: DeviceSettings,
        spool: Spool,
        transcripts: TranscriptStore,
        deliver: Deliver,
        *,
        queued: Callable[[str], bool] = lambda _meeting_id: False,
        model: NoteModel | None = None,
        room: str = "",
        answers: ClientAnswers | None = None,
    ) -> None:
        self.settings, self.spool, self.transcripts = settings, spool, transcripts
        self._answers = answers or ClientAnswers()
        self._deliver, self._queued = deliver, queued
        self._model, self._room = model, room
        self._model_lock = threading.Lock()
        self._live: dict[str, LiveSession] = {}
        self._lock = threading.Lock()
        self._seen: set[str] = set()
        self._jobs: queue.Queue[FinishedRecording | None] = queue.Queue()
        self._thread = threading.Thread(target=self._serve, name="meetings", daemon=True)
        self.processed: list[str] = []
        """Meeting ids whose note reached the outbox in this run."""

    # --- inputs ------------------------------------------------------------------------

    def start(self) -> None:
        """Start the thread that processes finished recordings."""
        self._thread.start()

    def on_block(self, block: AudioBlock) -> None:
        """Capture-thread subscriber: feed the recording's speech worker, never blocking."""
        if not self.settings.meeting.live_speech:
            return
        session = self._live.get(block.meeting_id)
        if session is None:
            session = self._open(block)
        session.worker.feed(block)

    def _open(self, block: AudioBlock) -> LiveSession:
        meeting_id = block.meeting_id
        worker = SpeechWorker(
            self.settings.speech,
            int(block.frames.shape[1]),
            source_factory=partial(SpoolSource.open, self.settings.spool, meeting_id),
        )
        drafter = None
        if self._model is not None:
            found = self.spool.describe(meeting_id)
            drafter = NoteDrafter(
                self._meta(found), found.participants, self.settings.note, self._model
            )
        session = LiveSession(worker, drafter, self._model_lock, self.settings.meeting.poll_s)
        with self._lock:
            self._live[meeting_id] = session
        session.begin()
        log.info(
            "speech worker started for meeting %s", meeting_id, extra={"MEETING_ID": meeting_id}
        )
        return session

    def consume(self, found: FinishedRecording) -> None:
        """App consumer: queue a finished or recovered recording (returns at once)."""
        with self._lock:
            if found.meeting_id in self._seen:
                return
            self._seen.add(found.meeting_id)
        self._jobs.put(found)

    def catch_up(self) -> int:
        """Queue every closed recording on the spool whose note is not yet in the outbox."""
        count = 0
        for meeting_id in self.spool.meeting_ids():
            if meeting_id in self._live:
                continue
            before = len(self._seen)
            self.consume(self.spool.describe(meeting_id))
            count += len(self._seen) - before
        return count

    def stop(self, timeout: float = 30.0) -> None:
        """Finish the queued recordings within ``timeout``; the rest waits for the next start."""
        self._jobs.put(None)
        if self._thread.is_alive():
            self._thread.join(timeout)

    # --- processing --------------------------------------------------------------------

    def _serve(self) -> None:
        while (found := self._jobs.get()) is not None:
            self.process(found)

    def process(self, found: FinishedRecording) -> bool:
        """Transcript, note, seal, outbox for one recording; False (logged) on failure."""
        meeting_id = found.meeting_id
        extra = {"MEETING_ID": meeting_id}
        with self._lock:
            session = self._live.pop(meeting_id, None)
        if self._queued(meeting_id):
            log.info(
                "meeting %s is already in the outbox; waiting for the hub's ack",
                meeting_id,
                extra=extra,
            )
            if session is not None:
                session.worker.close()
            return True
        step = "speech"
        try:
            transcript, note = self._transcript(found, session)
            step = "note drafting"
            if note is None:
                with self._model_lock:
                    note = draft_note(
                        transcript, self.settings.note, found.participants, self._model
                    )
            step = "sealing"
            self._deliver(self._answered(note), transcript)
        except Exception as exc:
            self._answers.forget(meeting_id)
            log.exception(
                "%s failed for meeting %s; it stays on the spool and is retried at the next "
                "start: %s: %s",
                step,
                meeting_id,
                type(exc).__name__,
                exc,  # noqa: TRY401 - the journal's one-line summary names the error
                extra=extra,
            )
            return False
        self.processed.append(meeting_id)
        log.info("meeting %s: note sealed and queued for the hub", meeting_id, extra=extra)
        return True

    def _answered(self, note: Note) -> Note:
        """The note with the client's answer, once the question's window has closed."""
        answer = self._answers.wait(note.meeting_id)
        if answer is None:
            return note
        return replace(note, meta=replace(note.meta, klientsvar=answer))

    def _transcript(
        self, found: FinishedRecording, session: LiveSession | None
    ) -> tuple[Transcript, Note | None]:
        meeting_id = found.meeting_id
        stored = self.transcripts.load(meeting_id)
        if stored is not None:
            if session is not None:
                session.worker.close()
            return stored, None
        meta = self._meta(found)
        live = self._finish_live(session, meta, found.frames) if session is not None else None
        if live is None:
            source = partial(SpoolSource.open, self.settings.spool, meeting_id)
            result = transcribe_recording(
                self.settings.speech,
                source,
                meta,
                channels=found.channels,
                recovered=found.recovered,
            )
            live = result.transcript, None
        self.transcripts.save(meeting_id, live[0])
        return live

    @staticmethod
    def _finish_live(
        session: LiveSession, meta: MeetingMeta, frames: int
    ) -> tuple[Transcript, Note | None] | None:
        """The live result, or None (logged) to transcribe the spool instead."""
        try:
            return session.finish(meta, frames)
        except SpeechError as exc:
            log.warning(
                "live speech for meeting %s failed (%s); transcribing it from the spool",
                meta.meeting_id,
                exc,
                extra={"MEETING_ID": meta.meeting_id},
            )
            return None

    def _meta(self, found: FinishedRecording) -> MeetingMeta:
        return MeetingMeta(
            meeting_id=found.meeting_id,
            started_at=found.started_at.astimezone().isoformat(timespec="seconds"),
            duration_s=found.frames / found.rate,
            device_id=self.settings.device_id,
            room=self._room,
            caseworker_id=found.caseworker_id,
            recovered=found.recovered,
        )


class LocalCopies:
    """The device's copies of a meeting (audio on the spool, stored transcript) until the ack."""

    def __init__(self, spool: Spool, transcripts: TranscriptStore, events: Poster) -> None:
        self.spool, self.transcripts, self._events = spool, transcripts, events

    def delete(self, meeting_id: str) -> None:
        """The hub stored the note: delete the audio and the transcript, show it on the light.

        The MQTT client's ``on_delivered``. Raises when a deletion fails, so the outbox
        keeps the entry and the ack comes again.
        """
        if meeting_id in self.spool.meeting_ids():
            self.spool.delete(meeting_id)
        self.transcripts.delete(meeting_id)
        log.info("meeting %s: recording and transcript deleted after the hub's ack", meeting_id)
        self._events.post(Delivered(meeting_id))
