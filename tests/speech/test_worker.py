"""The speech worker process: catching up from the spool, failures, recovered recordings."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

import numpy as np
import pytest

from device.speech.build import build_doa, build_labeller
from device.speech.errors import GeometryError, ModelMissingError, WorkerError
from device.speech.settings import DiarizationSettings, SpeechSettings
from device.speech.sources import WavSource
from device.speech.worker import SpeechWorker, transcribe_recording
from models.corpus import ensure_corpus
from tests.speech.scoring import wer
from wire.transcript import MeetingMeta, Transcript

META = MeetingMeta(meeting_id="test", started_at="2026-11-22T10:00:00+01:00")


@dataclass(frozen=True)
class Block:
    """Shaped like device.events.AudioBlock as far as the worker cares."""

    frame_offset: int
    frames: np.ndarray


def blocks(wav: Path, size: int = 1600) -> list[Block]:
    source = WavSource(wav)
    return [Block(i, source.read(i, size)) for i in range(0, source.frames, size)]


@pytest.mark.models
@pytest.mark.slow
def test_worker_that_falls_behind_catches_up_from_the_spool(
    english_settings: SpeechSettings,
) -> None:
    """Blocks left out of a full queue are read back from the spool; no word is lost."""
    clip = ensure_corpus().english
    worker = SpeechWorker(
        english_settings, 1, source_factory=partial(WavSource, clip.wav), max_queued_blocks=2
    )
    worker.start()
    for block in blocks(clip.wav):
        worker.feed(block)
    result = worker.finish(META, total_frames=WavSource(clip.wav).frames)
    worker.close()
    assert worker.deferred_blocks > 0
    assert result.caught_up_frames > 0
    assert wer(clip.text, " ".join(s.text for s in result.transcript.segments)) <= 0.10


@pytest.mark.models
@pytest.mark.slow
def test_recovered_recording_is_transcribed_and_marked(
    english_settings: SpeechSettings,
) -> None:
    """A recovered recording goes through the same loop and every segment says so."""
    clip = ensure_corpus().english
    result = transcribe_recording(
        english_settings, partial(WavSource, clip.wav), META, channels=1, recovered=True
    )
    transcript = result.transcript
    assert transcript.meta.recovered
    assert transcript.segments
    assert all("recovered" in s.flags for s in transcript.segments)
    assert Transcript.from_dict(transcript.to_dict()).to_dict() == transcript.to_dict()


@pytest.mark.models
@pytest.mark.slow
def test_worker_reports_the_cpu_time_of_its_own_process(
    english_settings: SpeechSettings,
) -> None:
    """cpu_s is the child's CPU (model loading and decoding), not the waiting parent's:
    more than a second for real Whisper, at most its threads' share of the wall time."""
    clip = ensure_corpus().english
    parent_before, wall_before = time.process_time(), time.perf_counter()
    result = transcribe_recording(english_settings, partial(WavSource, clip.wav), META, channels=1)
    parent, wall = time.process_time() - parent_before, time.perf_counter() - wall_before
    threads = english_settings.asr.num_threads + 1  # Whisper's threads and the Python loop
    assert result.cpu_s > max(1.0, parent)
    assert result.cpu_s <= wall * threads


@pytest.mark.models
@pytest.mark.slow
def test_worker_busy_time_leaves_out_the_wait_for_audio(
    english_settings: SpeechSettings,
) -> None:
    """busy_s counts the work on 8 s of speech fed at real-time pace, not the waits between
    its blocks: it stays under half the wall time (a clock that ran on would be near all)."""
    clip = ensure_corpus().english
    worker = SpeechWorker(english_settings, 1)
    worker.start()
    wall_before = time.perf_counter()
    for block in blocks(clip.wav, size=16000)[:8]:
        worker.feed(block)
        time.sleep(1.0)
    result = worker.finish(META)
    wall = time.perf_counter() - wall_before
    worker.close()
    assert 0.0 < result.busy_s < 0.5 * wall


def test_missing_model_fails_the_worker_start_with_the_path(tmp_path: Path) -> None:
    """A worker whose models are missing fails at start, naming the missing file."""
    worker = SpeechWorker(SpeechSettings(models_dir=tmp_path), 1)
    with pytest.raises(WorkerError, match=r"silero_vad\.onnx"):
        worker.start()
    worker.close()


def test_configured_diarization_without_files_is_a_clear_error(tmp_path: Path) -> None:
    """Diarization configured with absent model files fails naming the file, not later."""
    settings = SpeechSettings(
        models_dir=tmp_path,
        diarization=DiarizationSettings(segmentation=Path("seg.onnx"), embedding=Path("emb.onnx")),
    )
    with pytest.raises(ModelMissingError, match=r"seg\.onnx"):
        build_labeller(settings)


def test_multichannel_audio_without_geometry_is_refused(tmp_path: Path) -> None:
    """Four-channel audio with no geometry configured fails before any model loads."""
    with pytest.raises(GeometryError, match="geometry"):
        build_doa(SpeechSettings(models_dir=tmp_path), 4)


def test_geometry_with_other_mic_count_is_refused(tmp_path: Path) -> None:
    """A 6-mic geometry for 4-channel audio fails with both counts named."""
    settings = SpeechSettings(models_dir=tmp_path)
    settings = replace(settings, doa=replace(settings.doa, geometry="respeaker-6mic"))
    with pytest.raises(GeometryError, match="6 mics"):
        build_doa(settings, 4)


@pytest.mark.models
@pytest.mark.slow
def test_segments_are_decoded_before_the_recording_stops(
    english_settings: SpeechSettings,
) -> None:
    """A segment that ended is transcribed while recording goes on, before finish is called."""
    clip = ensure_corpus().english
    with SpeechWorker(english_settings, 1) as worker:
        for block in blocks(clip.wav):
            worker.feed(block)
        deadline = time.monotonic() + 300
        while not worker.parts() and time.monotonic() < deadline:
            time.sleep(0.2)
        early = worker.parts()
        result = worker.finish(META)
    assert early
    assert early[0].text
    assert [s.id for s in result.transcript.segments][: len(early)] == [s.id for s in early]
