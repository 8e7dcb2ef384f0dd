"""Transcript format v1: what speech produces and what the note and the hub read.

Segments are timestamped, speaker-labelled utterances with a stable id that note
statements cite. The format is plain JSON (``to_dict``/``from_dict``) with a JSON
schema, so device and hub validate the same document the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wire.schemas import validate

TRANSCRIPT_VERSION = 1

#: Flags a segment may carry. ``low_confidence`` is what the note cites with a warning.
SEGMENT_FLAGS = (
    "low_confidence",
    "repetition",
    "redecoded",
    "silence_text",
    "sparse_text",
    "recovered",
)


@dataclass(frozen=True)
class Segment:
    """One utterance between two pauses."""

    id: str
    """Stable id, unique within the meeting, e.g. ``s0007``. Note statements cite it."""
    start: float
    """Seconds from the start of the recording."""
    end: float
    """Seconds from the start of the recording."""
    speaker: str
    """Speaker label ``S1``..``Sn``; renamed to a role in the hub."""
    text: str
    """Recognised text in the spoken language."""
    language: str = "sv"
    """ISO 639-1 code of the spoken language (interpreter segments keep theirs)."""
    flags: tuple[str, ...] = ()
    """Confidence flags, a subset of :data:`SEGMENT_FLAGS`."""
    direction_deg: float | None = None
    """Estimated direction of arrival in degrees, when a mic array measured it."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "start": round(self.start, 3),
            "end": round(self.end, 3),
            "speaker": self.speaker,
            "text": self.text,
            "language": self.language,
            "flags": list(self.flags),
            "direction_deg": self.direction_deg,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Segment:
        return cls(
            id=str(data["id"]),
            start=float(data["start"]),
            end=float(data["end"]),
            speaker=str(data["speaker"]),
            text=str(data["text"]),
            language=str(data.get("language", "sv")),
            flags=tuple(data.get("flags", ())),
            direction_deg=data.get("direction_deg"),
        )


@dataclass(frozen=True)
class MeetingMeta:
    """Facts about the meeting that are not speech."""

    meeting_id: str
    started_at: str
    """ISO 8601 local time with offset, e.g. ``2026-11-22T10:00:00+01:00``."""
    duration_s: float = 0.0
    device_id: str = ""
    room: str = ""
    caseworker_id: str | None = None
    recovered: bool = False
    """True when the recording was recovered after an interruption (power loss)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "meeting_id": self.meeting_id,
            "started_at": self.started_at,
            "duration_s": round(self.duration_s, 3),
            "device_id": self.device_id,
            "room": self.room,
            "caseworker_id": self.caseworker_id,
            "recovered": self.recovered,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MeetingMeta:
        return cls(
            meeting_id=str(data["meeting_id"]),
            started_at=str(data["started_at"]),
            duration_s=float(data.get("duration_s", 0.0)),
            device_id=str(data.get("device_id", "")),
            room=str(data.get("room", "")),
            caseworker_id=data.get("caseworker_id"),
            recovered=bool(data.get("recovered", False)),
        )


@dataclass(frozen=True)
class Transcript:
    """A whole meeting's transcript."""

    meta: MeetingMeta
    segments: tuple[Segment, ...] = field(default_factory=tuple)
    version: int = TRANSCRIPT_VERSION

    def segment(self, segment_id: str) -> Segment | None:
        return next((s for s in self.segments if s.id == segment_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "meta": self.meta.to_dict(),
            "segments": [s.to_dict() for s in self.segments],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Transcript:
        validate("transcript", data)
        return cls(
            meta=MeetingMeta.from_dict(data["meta"]),
            segments=tuple(Segment.from_dict(s) for s in data["segments"]),
            version=int(data["version"]),
        )
