"""Recognition with real models through the worker path: accuracy, guard, long speech."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from device.processes import run_isolated
from device.speech.asr import Decoded, LazyDecoder, Recognizer
from device.speech.build import build_decoders
from device.speech.fake_looping_decoder import FakeLoopingDecoder, looping_pipeline
from device.speech.guard import Guard
from device.speech.settings import SpeechSettings
from device.speech.sources import WavSource
from device.speech.worker import WorkerResult, transcribe_recording
from models.corpus import ensure_corpus
from tests.speech.scoring import wer
from wire.transcript import MeetingMeta

pytestmark = [pytest.mark.models, pytest.mark.slow]
META = MeetingMeta(meeting_id="test", started_at="2026-11-22T10:00:00+01:00")


def run(settings: SpeechSettings, wav: Path, **kwargs: object) -> WorkerResult:
    source = WavSource(wav)
    return transcribe_recording(
        settings,
        partial(WavSource, wav),
        META,
        channels=source.channels,
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module")
def english() -> tuple[Path, str]:
    clip = ensure_corpus().english
    return clip.wav, clip.text


def test_english_clip_is_transcribed_through_the_worker(
    english_settings: SpeechSettings, english: tuple[Path, str]
) -> None:
    """The English sanity clip comes back through the worker process with WER at most 0.10."""
    wav, text = english
    result = run(english_settings, wav)
    hypothesis = " ".join(s.text for s in result.transcript.segments)
    assert wer(text, hypothesis) <= 0.10


def test_detected_language_is_recorded_per_segment(
    english_settings: SpeechSettings, english: tuple[Path, str]
) -> None:
    """With language "auto", English segments are labelled "en"."""
    settings = replace(english_settings, asr=replace(english_settings.asr, language="auto"))
    result = run(settings, english[0])
    assert {s.language for s in result.transcript.segments} == {"en"}


def _loop_redecoded(settings: SpeechSettings, wav: Path) -> tuple[str, int, tuple[str, ...], bool]:
    """Child process: a looping decode of the clip's first 12 s, guarded, fp32 fallback."""
    source = WavSource(wav)
    frames = source.read(0, min(source.frames, 16000 * 12))
    samples = (frames[:, 0] / 32768).astype(np.float32)
    primary, fallback = build_decoders(settings)
    assert isinstance(fallback, LazyDecoder)
    looping = FakeLoopingDecoder(primary)
    result = Recognizer(looping, Guard(settings.guard), fallback).recognize(samples)
    clean = Guard(settings.guard).check(result.text, samples).ok
    return fallback.name, looping.calls, result.flags, clean


def test_looping_decode_is_caught_and_redecoded_with_fp32(
    english_settings: SpeechSettings, english: tuple[Path, str]
) -> None:
    """A decode stuck in a loop is flagged and replaced by the full fp32 model's clean text."""
    fp32 = replace(english_settings.asr, fallback_decoder=Path("whisper-base-sherpa/decoder.onnx"))
    settings = replace(english_settings, asr=fp32)
    name, calls, flags, clean = run_isolated(_loop_redecoded, settings, english[0], timeout_s=300)
    assert name == "encoder.onnx+decoder.onnx"
    assert calls == 1
    assert flags == ("repetition", "redecoded")
    assert clean


class _Spy:
    """Fallback stand-in that records whether the default model was loaded during its turn."""

    name = "spy"

    def __init__(self, default: LazyDecoder, fp32: LazyDecoder) -> None:
        self.default, self.fp32 = default, fp32
        self.loaded_during: list[bool] = []

    def decode(self, x: npt.NDArray[np.float32]) -> Decoded:
        self.loaded_during.append(self.default.loaded)
        return self.fp32.decode(x)

    def release(self) -> None:
        self.fp32.release()


def _swapped(settings: SpeechSettings, wav: Path) -> tuple[list[bool], bool]:
    """Child process: which models were loaded while the fallback re-decoded."""
    source = WavSource(wav)
    samples = (source.read(0, 16000 * 6)[:, 0] / 32768).astype(np.float32)
    primary, fallback = build_decoders(settings)
    assert isinstance(primary, LazyDecoder)
    assert isinstance(fallback, LazyDecoder)
    spy = _Spy(primary, fallback)
    Recognizer(FakeLoopingDecoder(primary), Guard(settings.guard), spy).recognize(samples)
    return spy.loaded_during, fallback.loaded


def test_models_are_swapped_not_stacked_during_a_redecode(
    english_settings: SpeechSettings, english: tuple[Path, str]
) -> None:
    """The default model is dropped while the fallback runs, and the fallback afterwards."""
    loaded_during, fp32_loaded = run_isolated(_swapped, english_settings, english[0], timeout_s=300)
    assert loaded_during == [False]
    assert not fp32_loaded


def test_looping_decoder_in_the_worker_still_gives_clean_text(
    english_settings: SpeechSettings, english: tuple[Path, str]
) -> None:
    """Through the worker, every looping segment is re-decoded and the clip's WER stays low."""
    wav, text = english
    result = run(english_settings, wav, pipeline_factory=looping_pipeline)
    segments = result.transcript.segments
    assert all("redecoded" in s.flags for s in segments if s.text)
    assert wer(text, " ".join(s.text for s in segments)) <= 0.10


def test_speech_without_pauses_is_split_and_fully_transcribed(
    english_settings: SpeechSettings, long_speech: tuple[Path, str]
) -> None:
    """Over 30 s of unbroken speech is cut into pieces no longer than the limit that keep every
    word."""
    wav, text = long_speech
    assert WavSource(wav).frames > 16000 * 30
    segments = run(english_settings, wav).transcript.segments
    assert len(segments) >= 2
    assert all(s.end - s.start <= english_settings.vad.max_segment_s for s in segments)
    assert wer(text, " ".join(s.text for s in segments)) <= 0.15
