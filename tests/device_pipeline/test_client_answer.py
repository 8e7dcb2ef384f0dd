"""The client's answer travels in the sealed note: real spool, transcript store, sealing, outbox."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from cryptography.hazmat.primitives.asymmetric import ed25519

from device.answers import ClientAnswers
from device.delivery.outbox import Outbox
from device.delivery.sealing import SealAndQueue, Sealer
from device.events import FinishedRecording
from device.meeting import MeetingPipeline
from tests.device_pipeline.conftest import Bench
from wire.envelope import parse
from wire.note import ClientAnswer, Note
from wire.recipient import RecipientPrivateKey
from wire.transcript import MeetingMeta, Segment, Transcript

HUB_KEY = RecipientPrivateKey.derive(b"\x05" * 32)


@dataclass(frozen=True)
class OutboxQueue:
    """The outbox as the sealer's queue (DeviceMqtt.submit without the broker)."""

    outbox: Outbox

    def submit(self, meeting_id: str, envelope: bytes) -> None:
        self.outbox.add(meeting_id, envelope)


def recorded(bench: Bench) -> FinishedRecording:
    """A closed recording on the spool whose transcript is already stored (no speech models)."""
    found = bench.record(np.zeros(16000, np.int16))
    meta = MeetingMeta(found.meeting_id, "2026-11-22T10:00:00+01:00", 1.0)
    said = Segment("s0001", 0.1, 0.9, "S1", "Vi bestämmer att du ringer skolan på måndag.")
    bench.transcripts.save(found.meeting_id, Transcript(meta=meta, segments=(said,)))
    return found


def pipeline(bench: Bench, answers: ClientAnswers) -> MeetingPipeline:
    sealer = Sealer("rum-1", ed25519.Ed25519PrivateKey.generate(), HUB_KEY.public_key())
    return MeetingPipeline(
        bench.settings,
        bench.spool,
        bench.transcripts,
        SealAndQueue(sealer, OutboxQueue(bench.outbox)),
        queued=bench.outbox.contains,
        answers=answers,
    )


def sealed_note(bench: Bench) -> Note:
    """The one note in the outbox, opened with the hub's key."""
    [entry] = bench.outbox.due(now=float("inf"))
    return parse(entry.envelope).decrypt(HUB_KEY).note


def test_answer_given_in_the_window_is_in_the_sealed_note(bench: Bench) -> None:
    """The note waits for the open question and is sealed with the client's nej."""
    found, answers = recorded(bench), ClientAnswers()
    answers.ask(found.meeting_id, 60.0)
    meetings = pipeline(bench, answers)
    worker = threading.Thread(target=meetings.process, args=(found,))
    worker.start()
    worker.join(0.5)
    assert worker.is_alive(), "the note must not be sealed while the question is open"
    assert not bench.outbox.contains(found.meeting_id)
    answers.answer(found.meeting_id, ClientAnswer.NEJ)
    worker.join(10)
    assert sealed_note(bench).meta.klientsvar is ClientAnswer.NEJ


def test_window_closed_unanswered_seals_without_an_answer(bench: Bench) -> None:
    """A question that closes unanswered gives a note with no klientsvar."""
    found, answers = recorded(bench), ClientAnswers()
    answers.ask(found.meeting_id, 60.0)
    answers.answer(found.meeting_id, None)
    assert pipeline(bench, answers).process(found)
    assert sealed_note(bench).meta.klientsvar is None
    assert answers.waiting() == []


def test_restart_during_the_window_seals_the_note_unanswered(bench: Bench) -> None:
    """After a crash in the window the next start seals the note unanswered, at once."""
    found, before_crash = recorded(bench), ClientAnswers()
    before_crash.ask(found.meeting_id, 3600.0)
    after_restart = pipeline(bench, ClientAnswers())
    assert after_restart.catch_up() == 1
    after_restart.start()
    after_restart.stop(timeout=30)
    assert after_restart.processed == [found.meeting_id]
    assert sealed_note(bench).meta.klientsvar is None


def test_an_app_that_never_closes_the_question_delays_the_note_only_so_long(
    bench: Bench,
) -> None:
    """A question nobody closes gives up after its longest wait and seals unanswered."""
    found, answers = recorded(bench), ClientAnswers()
    answers.ask(found.meeting_id, 0.2)
    assert pipeline(bench, answers).process(found)
    assert sealed_note(bench).meta.klientsvar is None
