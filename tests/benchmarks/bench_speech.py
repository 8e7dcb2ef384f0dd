"""Speech benchmark: Whisper RTF (int8/fp32, 1/2 threads) against faster-whisper on the same
CT2 weights and audio, stop → final transcript latency through the capture path, worker RSS.

    .venv/bin/python -m tests.benchmarks.bench_speech         # 60 s of Swedish, 60 s feed
    .venv/bin/python -m tests.benchmarks.bench_speech --full  # the 10-minute real-time meeting

Prints a JSON list of rows (tests.benchmarks.report).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from device.capture.keys import FileStorageKey
from device.capture.spool import Spool
from device.hardware.alsa_file import write_alsa_config
from device.settings import IndicatorSettings, MicSettings, SpoolSettings
from device.speech.asr import Decoder
from device.speech.settings import AsrSettings, DoaSettings, SpeechSettings
from device.speech.sherpa_asr import WhisperDecoder
from device.speech.sources import WavSource
from device.speech.spool_source import SpoolSource
from device.speech.worker import SpeechWorker
from models.corpus import Meeting, ensure_corpus
from tests.benchmarks.report import Row, command, emit, row
from tests.speech.scoring import speaker_accuracy, wer
from wire.transcript import MeetingMeta

RATE = 16000
STORE = Path(os.environ.get("SAMTAL_MODELS", "~/.cache/samtal/models")).expanduser()
Segment = tuple[np.ndarray, str]
COMMAND = command("bench_speech")
STOP_AFTER_S = 1.0
"""Seconds between the last words and the stop press in the latency run."""


def metric(name: str, value: float, unit: str, cmd: str, **extra: Any) -> Row:
    return row(name, value, unit, command=cmd, digits=4, **extra)


def swedish_segments(seconds: float) -> list[Segment]:
    """Reference utterances (padded 0.2 s) of the corpus meetings, up to ``seconds`` of audio."""
    out: list[Segment] = []
    total = 0.0
    for meeting in ensure_corpus().by_duration():
        source = WavSource(meeting.wav)
        for utt in meeting.reference.utterances:
            a, b = max(0, int((utt.start - 0.2) * RATE)), int((utt.end + 0.2) * RATE)
            samples = (source.read(a, b - a)[:, 0] / 32768).astype(np.float32)
            out.append((samples, utt.text))
            total += len(samples) / RATE
            if total >= seconds:
                return out
    return out


Engine = Callable[[np.ndarray], str]


def sherpa_engine(*, int8: bool, threads: int) -> Engine:
    suffix = ".int8.onnx" if int8 else ".onnx"
    folder = STORE / "whisper-base-sherpa"
    decoder: Decoder = WhisperDecoder(
        folder / f"encoder{suffix}",
        folder / f"decoder{suffix}",
        folder / "tokens.txt",
        language="sv",
        num_threads=threads,
    )
    return lambda samples: decoder.decode(samples.astype(np.float32)).text


def faster_whisper_engine(*, threads: int) -> Engine:
    from faster_whisper import WhisperModel  # noqa: PLC0415 - spawned worker re-imports this file

    model = WhisperModel(
        str(STORE / "whisper-base-ct2"), device="cpu", compute_type="int8", cpu_threads=threads
    )

    def decode(samples: np.ndarray) -> str:
        # Greedy, one pass, no temperature fallback: the same decoding sherpa-onnx does.
        parts, _ = model.transcribe(
            samples,
            language="sv",
            beam_size=1,
            vad_filter=False,
            condition_on_previous_text=False,
            temperature=0.0,
            without_timestamps=True,
        )
        return " ".join(p.text.strip() for p in parts)

    return decode


def interleaved(
    engines: dict[str, Engine], segments: list[Segment]
) -> dict[str, tuple[float, str]]:
    """Wall time and text per engine; engines take turns on each segment, in rotating order,
    so load from other processes on a shared machine falls on all of them alike."""
    spent = dict.fromkeys(engines, 0.0)
    texts: dict[str, list[str]] = {name: [] for name in engines}
    names = list(engines)
    for name in names:
        engines[name](segments[0][0][: RATE * 2])  # warm-up
    for k, (samples, _) in enumerate(segments):
        for name in names[k % len(names) :] + names[: k % len(names)]:
            start = time.perf_counter()
            texts[name].append(engines[name](samples))
            spent[name] += time.perf_counter() - start
    return {name: (spent[name], " ".join(texts[name])) for name in names}


def rtf_metrics(seconds: float) -> list[Row]:
    segments = swedish_segments(seconds)
    audio = sum(len(s) for s, _ in segments) / RATE
    reference = " ".join(t for _, t in segments)
    engines = {
        f"sherpa {'int8' if int8 else 'fp32'} {t}t": sherpa_engine(int8=int8, threads=t)
        for int8 in (True, False)
        for t in (1, 2)
    }
    engines |= {f"faster-whisper int8 {t}t": faster_whisper_engine(threads=t) for t in (1, 2)}
    results = interleaved(engines, segments)
    cmd = f"{COMMAND} (a)"
    rows = []
    for name, (spent, text) in results.items():
        gated = name == "sherpa int8 2t"
        rows.append(
            metric(
                f"RTF {name}",
                spent / audio,
                "x",
                cmd,
                target="<= 0.20" if gated else None,
                ok=spent / audio <= 0.20 if gated else None,
            )
        )
        rows.append(
            metric(f"Swedish WER {name} (raw decode, no guard)", wer(reference, text), "ratio", cmd)
        )
    for t in (1, 2):
        ours, theirs = results[f"sherpa int8 {t}t"][0], results[f"faster-whisper int8 {t}t"][0]
        rows.append(
            metric(
                f"time ours/faster-whisper int8 {t}t",
                ours / theirs,
                "ratio",
                f"{COMMAND} (b)",
                target="<= 1.0",
                ok=ours <= theirs,
                baseline=f"faster-whisper int8 {t}t, same CT2 weights, same audio, same run",
                ratio=ours / theirs,
            )
        )
    rows.append(metric("Swedish audio benchmarked", audio, "s", cmd))
    return rows


def meeting_feed(seconds: float | None) -> tuple[np.ndarray, list[tuple[float, float, str]], str]:
    """The longest corpus meeting (about 10 minutes, 6 channels), whole or its first
    ``seconds``: audio, speaker turns, reference text.

    A slice ends STOP_AFTER_S after the last utterance that fits, as when the caseworker
    presses stop after the goodbye (the whole meeting ends that way by itself).
    """
    meeting: Meeting = ensure_corpus().by_duration()[-1]
    audio = WavSource(meeting.mic6_wav).read(0, 10**9)
    limit = len(audio) / RATE if seconds is None else seconds
    turns, texts = [], []
    for u in meeting.reference.utterances:
        if u.end + STOP_AFTER_S <= limit or seconds is None:
            turns.append((u.start, u.end, u.speaker))
            texts.append(u.text)
    cut = len(audio) if seconds is None else int((turns[-1][1] + STOP_AFTER_S) * RATE)
    return audio[:cut], turns, " ".join(texts)


def capture_run(audio: np.ndarray, folder: Path, settings: SpeechSettings) -> tuple[Any, float]:
    """Record ``audio`` through PyAudio on an ALSA file PCM at real-time pace into the spool,
    with the speech worker fed live; returns the worker result and stop → transcript seconds."""
    from gpiozero.pins.mock import MockFactory  # noqa: PLC0415 - spawned worker re-imports this file

    from device.capture.recorder import Recorder  # noqa: PLC0415 - spawned worker re-imports this file
    from device.hardware.indicator import Indicator  # noqa: PLC0415 - spawned worker re-imports this file
    from device.hardware.mic import PyAudioMic  # noqa: PLC0415 - spawned worker re-imports this file

    raw = folder / "meeting.raw"
    np.concatenate([audio, np.zeros((RATE * 5, 6), np.int16)]).astype("<i2").tofile(raw)
    os.environ["ALSA_CONFIG_PATH"] = str(write_alsa_config(raw, 6, "samtal_bench_mic"))

    spool_settings = SpoolSettings(
        root=folder / "spool", storage_key_path=folder / "key", min_free_minutes=0
    )
    spool = Spool(spool_settings, FileStorageKey.load_or_create(spool_settings.storage_key_path))
    mic_settings = MicSettings(device_name="samtal_bench_mic", channels=6, pace=1.0)
    worker = SpeechWorker(
        settings, 6, source_factory=partial(SpoolSource.open_latest, spool_settings)
    )
    faults: list[str] = []
    recorder = Recorder(
        mic=PyAudioMic(mic_settings),
        light=Indicator(IndicatorSettings(), pin_factory=MockFactory()),
        spool=spool,
        settings=mic_settings,
        on_block=worker.feed,
        on_fault=faults.append,
    )
    recorder.start(caseworker_id=None)
    worker.start()
    while recorder.frames < len(audio) and not faults:
        time.sleep(0.05)
    stopped = time.perf_counter()
    writer = recorder.stop()
    assert writer is not None
    finished = writer.close()
    meta = MeetingMeta(meeting_id=finished.meeting_id, started_at=finished.started_at.isoformat())
    result = worker.finish(meta, total_frames=finished.frames)
    latency = time.perf_counter() - stopped
    worker.close()
    if faults:
        raise RuntimeError(f"capture failed: {faults}")
    return result, latency


def latency_metrics(seconds: float | None) -> list[Row]:
    audio, turns, text = meeting_feed(seconds)
    settings = SpeechSettings(
        models_dir=STORE, doa=DoaSettings(geometry="respeaker-6mic"), asr=AsrSettings(language="sv")
    )
    with tempfile.TemporaryDirectory() as tmp:
        result, latency = capture_run(audio, Path(tmp), settings)
    segments = result.transcript.segments
    fed = len(audio) / RATE
    label = f"whole {fed:.0f} s meeting" if seconds is None else f"first {fed:.0f} s"
    cmd = command("bench_speech", *(["--full"] if seconds is None else [])) + " (c)"
    hypothesis = " ".join(s.text for s in segments)
    busy_per_audio_s = result.busy_s / fed
    return [
        metric(
            f"stop -> final transcript, {label} at real-time pace via ALSA file PCM",
            latency,
            "s",
            cmd,
            target="<= 3",
            ok=latency <= 3.0,
        ),
        metric(
            "speech worker peak RSS",
            result.peak_rss_mb,
            "MB",
            f"{COMMAND} (d)",
            target="<= 600",
            ok=result.peak_rss_mb <= 600,
        ),
        metric(
            f"speech worker RTF ({settings.front_end} front end, "
            f"{settings.asr.num_threads} Whisper threads, wall s busy per audio s), {label}",
            busy_per_audio_s,
            "RTF",
            cmd,
            target="<= 0.25",
            ok=busy_per_audio_s <= 0.25,
        ),
        metric(
            f"speech worker CPU s per audio s (all threads, model loading included), {label}",
            result.cpu_s / fed,
            "CPU s/s",
            cmd,
        ),
        metric(f"worker time from end message to transcript, {label}", result.finish_s, "s", cmd),
        metric(f"frames caught up from spool, {label}", result.caught_up_frames, "frames", cmd),
        metric(f"speaker accuracy 6-mic, {label}", speaker_accuracy(segments, turns), "ratio", cmd),
        metric(f"Swedish WER through the worker, {label}", wer(text, hypothesis), "ratio", cmd),
    ]


def run(full: bool = False, rtf_seconds: float = 60.0) -> list[Row]:
    """All speech figures; ``full`` feeds the whole 10-minute meeting, not its first minute."""
    return [*rtf_metrics(rtf_seconds), *latency_metrics(None if full else 60.0)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full", action="store_true", help="feed the 10-minute meeting")
    parser.add_argument(
        "--rtf-seconds",
        type=float,
        default=60.0,
        help="seconds of Swedish audio for the RTF comparison",
    )
    parser.add_argument("--only", choices=["rtf", "latency"], help="run one part")
    args = parser.parse_args()
    if args.only == "rtf":
        rows = rtf_metrics(args.rtf_seconds)
    elif args.only == "latency":
        rows = latency_metrics(None if args.full else 60.0)
    else:
        rows = run(args.full, args.rtf_seconds)
    emit(rows)


if __name__ == "__main__":
    main()
