"""Reference documents: what was said when, by whom, and which facts a good note must carry.

``build_reference`` turns a script and the measured utterance timings into the JSON written
beside the audio; ``Reference.from_dict`` reads it back as typed objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models.corpus import personnummer
from models.corpus.array import ARRAYS
from models.corpus.spec import Line, MeetingScript
from wire.transcript import MeetingMeta, Segment, Transcript

REFERENCE_VERSION = 1


def utterance_id(index: int) -> str:
    """Stable utterance id, 1-based: ``u001``."""
    return f"u{index + 1:03d}"


def _utterances(script: MeetingScript, timings: list[tuple[float, float]]) -> list[dict[str, Any]]:
    out = []
    for index, (line, (start, end)) in enumerate(zip(script.lines, timings, strict=True)):
        who = script.speaker(line.speaker)
        out.append(
            {
                "id": utterance_id(index),
                "speaker": who.id,
                "name": who.name,
                "role": who.role,
                "voice": who.voice,
                "text": line.text,
                "start": round(start, 3),
                "end": round(end, 3),
            }
        )
    return out


def _line_facts(uid: str, line: Line) -> dict[str, list[dict[str, Any]]]:
    return {
        "agreements": [{"text": t, "utterance_id": uid} for t in line.agreements],
        "decisions": [{"text": t, "utterance_id": uid} for t in line.decisions],
        "dates": [
            {"expression": d.text, "iso_date": d.iso_date, "utterance_id": uid} for d in line.dates
        ],
        "next_steps": [
            {"text": d.text, "iso_date": d.iso_date, "utterance_id": uid} for d in line.next_steps
        ],
        "negations": [{"text": t, "utterance_id": uid} for t in line.negations],
        "personnummer": [
            {
                "value": personnummer.normalise(p),
                "spoken": p,
                "valid": personnummer.is_valid(p),
                "utterance_id": uid,
            }
            for p in line.personnummer
        ],
        "phone_numbers": [{"value": t, "utterance_id": uid} for t in line.phone_numbers],
        "emails": [{"value": t, "utterance_id": uid} for t in line.emails],
        "third_parties": [{"name": t, "utterance_id": uid} for t in line.third_parties],
    }


def _facts(script: MeetingScript) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "present": [{"namn": s.name, "roll": s.role, "speaker": s.id} for s in script.speakers],
        "purpose": None,
    }
    assessment_ids = []
    for index, line in enumerate(script.lines):
        uid = utterance_id(index)
        for key, items in _line_facts(uid, line).items():
            facts.setdefault(key, []).extend(items)
        if line.purpose and facts["purpose"] is None:
            facts["purpose"] = {"text": line.text, "utterance_id": uid}
        if line.assessment:
            assessment_ids.append(uid)
    facts["assessment"] = {"present": bool(assessment_ids), "utterance_ids": assessment_ids}
    return facts


def build_reference(
    script: MeetingScript, timings: list[tuple[float, float]], duration_s: float
) -> dict[str, Any]:
    """The reference JSON document for one rendered meeting."""
    return {
        "version": REFERENCE_VERSION,
        "meeting_id": script.id,
        "title": script.title,
        "area": script.area,
        "meeting_date": script.date,
        "started_at": f"{script.date}T{script.start_time}:00+01:00",
        "place": script.place,
        "language": script.language,
        "sample_rate": 16000,
        "duration_s": round(duration_s, 3),
        "speakers": [
            {"id": s.id, "name": s.name, "role": s.role, "voice": s.voice, "angle_deg": s.angle_deg}
            for s in script.speakers
        ],
        "speaker_angles_deg": {s.id: s.angle_deg for s in script.speakers},
        "arrays": {g.name: g.to_dict() for g in ARRAYS},
        "utterances": _utterances(script, timings),
        "facts": _facts(script),
    }


@dataclass(frozen=True)
class Utterance:
    """One reference utterance with its true timing."""

    id: str
    speaker: str
    name: str
    role: str
    voice: str
    text: str
    start: float
    end: float

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Utterance:
        return cls(
            id=str(data["id"]),
            speaker=str(data["speaker"]),
            name=str(data["name"]),
            role=str(data["role"]),
            voice=str(data["voice"]),
            text=str(data["text"]),
            start=float(data["start"]),
            end=float(data["end"]),
        )


@dataclass(frozen=True)
class Reference:
    """A parsed reference document; ``facts`` keeps the JSON shape described in docs/corpus.md."""

    meeting_id: str
    title: str
    area: str
    meeting_date: str
    duration_s: float
    utterances: tuple[Utterance, ...]
    facts: dict[str, Any]
    speaker_angles_deg: dict[str, float]
    arrays: dict[str, dict[str, Any]]
    data: dict[str, Any]
    """The whole document as read from JSON."""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reference:
        return cls(
            meeting_id=str(data["meeting_id"]),
            title=str(data["title"]),
            area=str(data["area"]),
            meeting_date=str(data["meeting_date"]),
            duration_s=float(data["duration_s"]),
            utterances=tuple(Utterance.from_dict(u) for u in data["utterances"]),
            facts=dict(data["facts"]),
            speaker_angles_deg={k: float(v) for k, v in data["speaker_angles_deg"].items()},
            arrays=dict(data["arrays"]),
            data=data,
        )

    @property
    def text(self) -> str:
        """All utterances joined by spaces, for WER against a whole-meeting transcript."""
        return " ".join(u.text for u in self.utterances)

    def to_transcript(self) -> Transcript:
        """The reference as a wire-format transcript, as if speech had recognised it perfectly."""
        meta = MeetingMeta(
            meeting_id=self.meeting_id,
            started_at=str(self.data["started_at"]),
            duration_s=self.duration_s,
        )
        segments = tuple(
            Segment(id=u.id, start=u.start, end=u.end, speaker=u.speaker, text=u.text)
            for u in self.utterances
        )
        return Transcript(meta=meta, segments=segments)

    def utterance(self, uid: str) -> Utterance:
        for utt in self.utterances:
            if utt.id == uid:
                return utt
        raise KeyError(f"{self.meeting_id}: no utterance {uid}")
