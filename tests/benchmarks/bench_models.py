"""Model-pipeline benchmark: CT2 -> sherpa-onnx int8 conversion time and sizes, fetch re-run
time, and the converted int8 model's English WER (corpus sanity clip) against faster-whisper
on the same CT2 weights.

    .venv/bin/python -m tests.benchmarks.bench_models

Needs the test profile fetched (`python -m models fetch --profile test`). Prints a JSON list of
rows (tests.benchmarks.report).
"""

from __future__ import annotations

import re
import tempfile
import time
import wave
from functools import partial
from pathlib import Path

import jiwer
import numpy as np
import sherpa_onnx
from faster_whisper import WhisperModel

from models import manifest
from models.convert.whisper import WhisperConversion, convert
from models.corpus.corpus import ensure_corpus
from models.fetch import FetchSettings, fetch_profile
from models.store import default_store
from tests.benchmarks.report import Row, command, emit, row

_metric = partial(row, command=command("bench_models"), digits=3)


def bench_convert(store: Path) -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "sherpa"
        start = time.perf_counter()
        job = WhisperConversion(source_format="ct2", source=store / "whisper-base-ct2", int8=True)
        convert(job, out)
        seconds = time.perf_counter() - start
        int8 = sum((out / n).stat().st_size for n in ("encoder.int8.onnx", "decoder.int8.onnx"))
        fp32 = sum((out / n).stat().st_size for n in ("encoder.onnx", "decoder.onnx"))
    return [
        _metric(
            "convert whisper-base CT2 -> sherpa-onnx fp32+int8",
            seconds,
            "s",
            "< 120 s",
            seconds < 120,
        ),
        _metric("whisper-base sherpa int8 size (encoder+decoder)", int8 / 1e6, "MB", None, None),
        _metric("whisper-base sherpa fp32 size (encoder+decoder)", fp32 / 1e6, "MB", None, None),
    ]


def bench_refetch(store: Path) -> Row:
    start = time.perf_counter()
    fetch_profile(manifest.load(), "test", FetchSettings(store=store), lambda _: None)
    seconds = time.perf_counter() - start
    return _metric(
        "fetch --profile test when all present (hash check only)",
        seconds,
        "s",
        "< 30 s",
        seconds < 30,
    )


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9' ]", " ", text.lower())).strip()


def bench_english_wer(store: Path) -> list[Row]:
    clip = ensure_corpus().english
    with wave.open(str(clip.wav)) as wav:
        audio = np.frombuffer(wav.readframes(wav.getnframes()), np.int16).astype(np.float32) / 32768
    folder = store / "whisper-base-sherpa"
    recognizer = sherpa_onnx.OfflineRecognizer.from_whisper(
        encoder=str(folder / "encoder.int8.onnx"),
        decoder=str(folder / "decoder.int8.onnx"),
        tokens=str(folder / "tokens.txt"),
        language="en",
        num_threads=2,
    )
    stream = recognizer.create_stream()
    stream.accept_waveform(16000, audio)
    recognizer.decode_stream(stream)
    ours = jiwer.wer(_normalise(clip.text), _normalise(stream.result.text))
    peer = WhisperModel(
        str(store / "whisper-base-ct2"), device="cpu", compute_type="int8", cpu_threads=2
    )
    segments, _ = peer.transcribe(audio, language="en", beam_size=1)
    theirs = jiwer.wer(_normalise(clip.text), _normalise(" ".join(s.text for s in segments)))
    metric = _metric("English sanity clip WER, sherpa int8", ours, "WER", "<= 0.10", ours <= 0.10)
    metric["baseline"] = f"faster-whisper int8 (same CT2 weights): {theirs:.3f}"
    metric["ratio"] = round(ours / theirs, 3) if theirs else None
    return [metric]


def run() -> list[Row]:
    store = default_store()
    return [*bench_convert(store), bench_refetch(store), *bench_english_wer(store)]


if __name__ == "__main__":
    emit(run())
