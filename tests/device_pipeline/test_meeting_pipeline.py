"""MeetingPipeline on the real spool, transcript store and outbox: failures lose nothing."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from device.events import Delivered
from device.meeting import LocalCopies
from device.speech import SpeechSettings
from models.corpus import ensure_corpus
from tests.conftest import require_model
from tests.device_pipeline.conftest import Bench
from wire.transcript import MeetingMeta, Segment, Transcript

SAID = "Vi kommer överens om att du ringer skolan på måndag och jag återkommer nästa vecka."


def _transcript(meeting_id: str) -> Transcript:
    meta = MeetingMeta(
        meeting_id=meeting_id, started_at="2026-11-22T10:00:00+01:00", duration_s=9.0
    )
    return Transcript(meta=meta, segments=(Segment("s0001", 0.5, 8.5, "S1", SAID),))


class Posts:
    """Records the events the pipeline posts to the app."""

    def __init__(self) -> None:
        self.events: list[object] = []

    def post(self, event: object, *, wait: bool = False, timeout: float = 10.0) -> None:  # noqa: ARG002 - App.post's signature
        self.events.append(event)


def test_speech_failure_keeps_the_recording_and_logs_why(
    bench: Bench, caplog: pytest.LogCaptureFixture
) -> None:
    """Without model files speech fails: nothing is sealed, the audio stays, the log says why."""
    found = bench.record(np.zeros(16000, np.int16))
    with caplog.at_level(logging.ERROR, logger="device.meeting"):
        assert not bench.pipeline().process(found)
    assert bench.delivered.notes == []
    assert bench.spool.meeting_ids() == [found.meeting_id]
    assert f"speech failed for meeting {found.meeting_id}; it stays on the spool" in caplog.text


def test_stored_transcript_is_drafted_and_sealed_under_the_meeting_id(bench: Bench) -> None:
    """After a restart the stored transcript is used again (no speech) and the note carries the
    recording's meeting id."""
    found = bench.record(np.zeros(16000, np.int16))
    bench.transcripts.save(found.meeting_id, _transcript(found.meeting_id))
    assert bench.pipeline().process(found)
    [(note, transcript)] = bench.delivered.notes
    assert note.meeting_id == found.meeting_id
    assert transcript == _transcript(found.meeting_id)
    assert [s.citations for s in note.overenskommelser] == [("s0001",)]


def test_note_already_in_the_outbox_is_not_sealed_twice(bench: Bench) -> None:
    """A recording whose note waits in the outbox for the ack is skipped on reprocessing."""
    found = bench.record(np.zeros(16000, np.int16))
    bench.transcripts.save(found.meeting_id, _transcript(found.meeting_id))
    bench.outbox.add(found.meeting_id, b"sealed earlier")
    assert bench.pipeline().process(found)
    assert bench.delivered.notes == []


def test_catch_up_processes_each_undelivered_recording_once(bench: Bench) -> None:
    """Closed recordings on the spool are queued once each, however often they are offered."""
    first = bench.record(np.zeros(16000, np.int16))
    second = bench.record(np.zeros(16000, np.int16))
    for found in (first, second):
        bench.transcripts.save(found.meeting_id, _transcript(found.meeting_id))
    pipeline = bench.pipeline()
    pipeline.consume(first)
    assert pipeline.catch_up() == 1
    assert pipeline.catch_up() == 0
    pipeline.start()
    pipeline.stop()
    ids = sorted(note.meeting_id for note, _ in bench.delivered.notes)
    assert ids == sorted([first.meeting_id, second.meeting_id])


def test_ack_deletes_audio_and_transcript_and_tells_the_light(bench: Bench) -> None:
    """On the hub's ack the recording and its transcript are deleted and Delivered is posted."""
    found = bench.record(np.zeros(16000, np.int16))
    bench.transcripts.save(found.meeting_id, _transcript(found.meeting_id))
    posts = Posts()
    LocalCopies(bench.spool, bench.transcripts, posts).delete(found.meeting_id)
    assert bench.spool.meeting_ids() == []
    assert bench.transcripts.ids() == []
    assert posts.events == [Delivered(found.meeting_id)]


@pytest.mark.models
def test_recovered_recording_is_transcribed_from_the_spool(bench: Bench, model_store: Path) -> None:
    """A recording with no live speech (recovered) is transcribed from the encrypted spool,
    its transcript stored encrypted, and its note sealed."""
    require_model(model_store, "silero_vad.onnx", "whisper-base-sherpa/encoder.int8.onnx")
    audio = np.fromfile(ensure_corpus()["m01_bistand_kort"].raw, dtype="<i2")[: 16000 * 15]
    found = bench.record(audio)
    speech = replace(SpeechSettings(models_dir=model_store), front_end="channel0")
    assert bench.pipeline(speech).process(found)
    [(note, transcript)] = bench.delivered.notes
    assert transcript.segments
    assert transcript.meta.meeting_id == note.meeting_id == found.meeting_id
    assert bench.transcripts.load(found.meeting_id) == transcript
    assert bench.spool.meeting_ids() == [found.meeting_id]
