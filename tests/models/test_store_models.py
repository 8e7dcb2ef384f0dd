"""Against the real fetched store: every test artifact verifies, and the int8 model transcribes."""

from __future__ import annotations

import re
import wave
from pathlib import Path

import jiwer
import numpy as np
import pytest

from device.processes import run_isolated
from models import manifest, verify
from models.corpus.corpus import Corpus
from tests.conftest import require_model

pytestmark = pytest.mark.models


def test_every_test_artifact_verifies(model_store: Path) -> None:
    """Each file of the test profile is in the store with its pinned sha256."""
    require_model(model_store, "whisper-base-sherpa/tokens.txt")
    results = verify.check(manifest.load().profile("test"), model_store)
    assert [str(r.path) for r in results if not r.ok] == []


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9' ]", " ", text.lower())).strip()


def _read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path)) as wav:
        assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (16000, 1, 2)
        raw = wav.readframes(wav.getnframes())
    return np.frombuffer(raw, dtype=np.int16).astype(np.float32) / 32768.0


def _transcribe(folder: Path, wav: Path) -> str:
    """Child process: the int8 model decodes the clip (sherpa-onnx never loads in pytest)."""
    import sherpa_onnx  # noqa: PLC0415 - native runtime, child process only

    recognizer = sherpa_onnx.OfflineRecognizer.from_whisper(
        encoder=str(folder / "encoder.int8.onnx"),
        decoder=str(folder / "decoder.int8.onnx"),
        tokens=str(folder / "tokens.txt"),
        language="en",
        task="transcribe",
        num_threads=2,
    )
    stream = recognizer.create_stream()
    stream.accept_waveform(16000, _read_wav(wav))
    recognizer.decode_stream(stream)
    return str(stream.result.text)


@pytest.mark.slow
def test_int8_model_transcribes_english_clip(model_store: Path, corpus: Corpus) -> None:
    """The converted int8 whisper-base transcribes the English sanity clip with WER <= 0.10."""
    folder = require_model(model_store, "whisper-base-sherpa/encoder.int8.onnx").parent
    text = run_isolated(_transcribe, folder, corpus.english.wav, timeout_s=300)
    wer = jiwer.wer(_normalise(corpus.english.text), _normalise(text))
    assert wer <= 0.10, text
