"""Reads a transcript for the command line: transcript v1 JSON, or ``SPEAKER: text`` lines."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

from device.note.errors import TranscriptInputError
from grounding.text import words
from wire.schemas import SchemaError
from wire.transcript import MeetingMeta, Segment, Transcript

_LINE = re.compile(r"^\s*([^:]{1,40}?)\s*:\s*(.*)$")
_SECONDS_PER_WORD = 0.4
"""Plain text has no timing; speech runs at roughly 150 words a minute."""


def parse_lines(text: str, meta: MeetingMeta) -> Transcript:
    """A transcript from ``SPEAKER: text`` lines; timing is estimated from word counts."""
    segments: list[Segment] = []
    clock = 0.0
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        match = _LINE.match(raw)
        if match is None:
            msg = f"line {number}: expected 'SPEAKER: text', got {raw.strip()[:60]!r}"
            raise TranscriptInputError(msg)
        speaker, said = match.group(1).strip(), match.group(2).strip()
        duration = max(1.0, len(words(said)) * _SECONDS_PER_WORD)
        segment_id = f"s{len(segments) + 1:04d}"
        segments.append(Segment(segment_id, clock, clock + duration, speaker, said))
        clock += duration + 0.5
    return Transcript(meta=meta, segments=tuple(segments))


def _meta(path: Path, day: date, time: str) -> MeetingMeta:
    meeting_id = re.sub(r"[^A-Za-z0-9_-]", "_", path.stem)[:64] or "meeting"
    return MeetingMeta(meeting_id=meeting_id, started_at=f"{day.isoformat()}T{time}:00")


def _with_date(transcript: Transcript, day: date | None) -> Transcript:
    if day is None:
        return transcript
    started = transcript.meta.started_at
    clock = started[10:] if len(started) > 10 else "T00:00:00"
    meta = replace(transcript.meta, started_at=day.isoformat() + clock)
    return Transcript(meta=meta, segments=transcript.segments, version=transcript.version)


def load_transcript(path: Path, day: date | None = None, time: str = "00:00") -> Transcript:
    """Read ``path``; ``day`` sets (or overrides) the meeting date the dates resolve against."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TranscriptInputError(f"cannot read transcript {path}: {exc}") from exc
    if text.lstrip().startswith("{"):
        try:
            return _with_date(Transcript.from_dict(json.loads(text)), day)
        except (json.JSONDecodeError, SchemaError, KeyError, ValueError) as exc:
            raise TranscriptInputError(f"{path} is not a valid transcript v1: {exc}") from exc
    if day is None:
        raise TranscriptInputError(f"{path} is plain text: give the meeting date with --date")
    return parse_lines(text, _meta(path, day, time))
