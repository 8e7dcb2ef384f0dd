"""Benchmark: journal note ready after stop, for a 10-minute meeting with incremental drafting.

The meeting is the corpus meetings' reference utterances laid end to end up to 10 minutes.
Segments reach the drafter one at a time as speech would deliver them: full windows are
drafted and the growing window's prompt is read ahead *during* the meeting (timed separately);
the figure that matters is the time from stop (``finish()``) to the finished note. Peak RSS is
the drafting process's own: the model runs in its own process (device.note.model_process).
Also timed: the extractive-only note of a 2-hour meeting.

    .venv/bin/python -m tests.benchmarks.bench_note [--model PATH] [--threads N] [--window-s S]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from functools import partial
from pathlib import Path

from device.note import LlmSettings, NoteDrafter, NoteSettings, draft_note, load_model
from device.note.llm import NoteModel
from tests.benchmarks.report import Row, command, emit, row
from wire.transcript import MeetingMeta, Segment, Transcript

MEETING_S = 600.0
TARGET_S = 20.0
STORE = Path.home() / ".cache" / "samtal" / "models"
DEFAULT_MODEL = STORE / "gemma3-270m-q4_k_m.gguf"
INSTRUCT_MODEL = STORE / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
"""The tests' and the demo's instruct model, measured beside the base model."""
COMMAND = command("bench_note")
_row = partial(row, command=COMMAND)


def meeting(length_s: float) -> Transcript:
    """Corpus reference utterances, repeated end to end, cut at ``length_s`` seconds."""
    from models.corpus import ensure_corpus  # noqa: PLC0415 - test corpus, only for benchmarks

    source = [u for m in ensure_corpus().by_duration() for u in m.reference.utterances]
    segments: list[Segment] = []
    offset = 0.0
    while not segments or segments[-1].end < length_s:
        for u in source:
            if u.start + offset >= length_s:
                break
            index = len(segments) + 1
            segments.append(
                Segment(f"s{index:05d}", u.start + offset, u.end + offset, u.speaker, u.text)
            )
        offset = segments[-1].end + 1.0
    meta = MeetingMeta("bench", "2026-11-12T10:00:00+01:00", duration_s=segments[-1].end)
    return Transcript(meta=meta, segments=tuple(segments))


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def incremental(
    transcript: Transcript, settings: NoteSettings, model: NoteModel
) -> dict[str, float]:
    """Feed segments as they would arrive; time the in-meeting work and the post-stop part.

    The last segment is only recognised after stop, so handing it over counts as post-stop
    work, together with ``finish()`` (which drafts whatever window is still open).
    """
    drafter = NoteDrafter(transcript.meta, (), settings, model)
    during_max = 0.0
    *before, last = transcript.segments
    for segment in before:
        started = time.perf_counter()
        drafter.add_segments([segment])
        during_max = max(during_max, time.perf_counter() - started)
    started = time.perf_counter()
    drafter.add_segments([last])
    note = drafter.finish()
    after_stop = time.perf_counter() - started
    modelled = sum(1 for s in note.statements() if s.source == "llm")
    failed = sum(1 for f in note.flaggor if f.kind == "modellfel")
    return {"after_stop": after_stop, "during_max": during_max, "llm": modelled, "failed": failed}


def run(
    model_path: Path | None = None,
    threads: int = 1,
    window_s: float = 300.0,
    mode: str = "draft",
) -> list[Row]:
    """Measure (by default the base and the instruct test model); rows follow the contract."""
    rows = []
    long = meeting(7200.0)
    started = time.perf_counter()
    draft_note(long, NoteSettings())
    rows.append(_row("note_extractive_2h_s", time.perf_counter() - started, "s", None, None))
    for path in [model_path] if model_path else [DEFAULT_MODEL, INSTRUCT_MODEL]:
        rows += _model_rows(path, threads, window_s, mode)
    return rows


def _model_rows(model_path: Path, threads: int, window_s: float, mode: str) -> list[Row]:
    rows: list[Row] = []
    if not model_path.is_file():
        print(f"model {model_path} missing: skipping its figures", file=sys.stderr)
        return rows
    settings = NoteSettings(
        llm=LlmSettings(model_path=model_path, n_threads=threads, mode=mode), window_s=window_s
    )
    model = load_model(settings.llm)
    assert model is not None
    try:
        got = incremental(meeting(MEETING_S), settings, model)
    finally:
        model.close()
    name = model_path.name.removesuffix(".gguf") + ("" if mode == "draft" else f"_{mode}")
    ok = got["after_stop"] <= TARGET_S
    rows.append(
        _row(
            f"note_ready_after_stop_10min_{name}_s", got["after_stop"], "s", f"<= {TARGET_S:g}", ok
        )
    )
    rows.append(
        _row(
            f"note_window_step_max_{name}_s",
            got["during_max"],
            "s",
            f"< {window_s:g}",
            got["during_max"] < window_s,
        )
    )
    rows.append(_row(f"note_llm_statements_{name}", got["llm"], "count", None, None))
    rows.append(_row(f"note_model_fallbacks_{name}", got["failed"], "count", None, None))
    rows.append(_row("note_drafter_peak_rss_mb", _peak_rss_mb(), "MiB", None, None))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None, help="default: both test models")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--window-s", type=float, default=300.0)
    parser.add_argument("--mode", choices=("draft", "classify"), default="draft")
    args = parser.parse_args()
    emit(run(args.model, args.threads, args.window_s, args.mode))


if __name__ == "__main__":
    main()
