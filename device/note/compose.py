"""Turns candidates from both layers into a verified, flagged, tagged note."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime

from device.note import bbic, klartext
from device.note.candidate import SECTIONS, Candidate
from device.note.extract import usable
from device.note.flags import low_confidence_flags, transcript_flags
from device.note.seats import heard_as
from device.note.settings import NoteSettings
from grounding.names import NameFinder
from grounding.speakers import Speakers
from grounding.verify import verify_statements
from grounding.voice import Voice, redact
from wire.note import Flag, Note, NoteMeta, Participant, Statement
from wire.transcript import Transcript

_NEVER_CUT = ("overenskommelser", "nasta_steg")


def meeting_date(transcript: Transcript) -> date:
    """Calendar date of the meeting from its ISO start time."""
    return datetime.fromisoformat(transcript.meta.started_at).date()


def _dedupe(candidates: Sequence[Candidate]) -> list[Candidate]:
    """One candidate per (section, citation, text); model statements never duplicate a cue one,
    and a classified segment the cue layer already used adds nothing."""
    kept: list[Candidate] = []
    taken = {(c.section, c.citations) for c in candidates if c.source == "extractive"}
    cited = {c.citations for c in candidates if c.source == "extractive"}
    for candidate in candidates:
        if candidate.source != "extractive" and (candidate.section, candidate.citations) in taken:
            continue
        if candidate.classified and candidate.citations in cited:
            continue
        if all((c.section, c.text) != (candidate.section, candidate.text) for c in kept):
            kept.append(candidate)
    return kept


def in_journal_voice(
    candidates: Sequence[Candidate], speakers: Speakers, segments: Mapping[str, object]
) -> list[Candidate]:
    """Every candidate's text in third person, without identifiers (grounding.voice)."""
    voice = Voice(speakers)
    out = []
    for candidate in candidates:
        cited = segments.get(candidate.citations[-1]) if candidate.citations else None
        label = getattr(cited, "speaker", None)
        text = voice.statement(candidate.section, candidate.text, label)
        out.append(replace(candidate, text=text))
    return out


def _cap(section: str, items: list[Candidate], limit: int) -> list[Candidate]:
    if section in _NEVER_CUT or len(items) <= limit:
        return items
    best = sorted(items, key=lambda c: -c.score)[:limit]
    return [c for c in items if c in best]


def _statements(candidates: Sequence[Candidate], limit: int) -> dict[str, list[Statement]]:
    ordered = sorted(_dedupe(candidates), key=lambda c: (c.at, c.source != "extractive"))
    sections: dict[str, list[Statement]] = {name: [] for name in SECTIONS}
    number = 0
    for name in SECTIONS:
        for candidate in _cap(name, [c for c in ordered if c.section == name], limit):
            number += 1
            sections[name].append(
                Statement(
                    id=f"st{number:03d}",
                    text=candidate.text,
                    citations=candidate.citations,
                    bbic=bbic.tags(candidate.text),
                    datum=candidate.datum,
                    source=candidate.source,
                )
            )
    return sections


def _drop(
    sections: dict[str, list[Statement]], flags: list[Flag], settings: NoteSettings
) -> set[str]:
    """Remove uncited statements (and, by default, unverified model ones) from the note;
    returns the ids of the model statements dropped, whose flags have nothing to show."""
    by_id = {s.id: s for items in sections.values() for s in items}
    drop = {f.statement_id for f in flags if f.kind == "saknar_kalla"}
    if settings.drop_unverified_llm:
        drop |= {
            f.statement_id
            for f in flags
            if f.kind == "ej_verifierad" and f.statement_id in by_id
            if by_id[f.statement_id].source == "llm"
        }
    for name, items in sections.items():
        sections[name] = [s for s in items if s.id not in drop]
    return {i for i in drop if i in by_id and by_id[i].source == "llm"}


def _meta(transcript: Transcript, model_label: str) -> NoteMeta:
    started = datetime.fromisoformat(transcript.meta.started_at)
    duration = transcript.meta.duration_s or max((s.end for s in transcript.segments), default=0)
    return NoteMeta(
        datum=started.date().isoformat(),
        tid=started.strftime("%H:%M"),
        rum=transcript.meta.room,
        handlaggare=transcript.meta.caseworker_id,
        langd_min=duration / 60.0,
        aterstalld=transcript.meta.recovered,
        modell=model_label,
    )


def compose(
    transcript: Transcript,
    participants: Sequence[Participant],
    candidates: Sequence[Candidate],
    settings: NoteSettings,
    *,
    model_label: str = "extraktiv",
    extra_flags: Sequence[Flag] = (),
) -> Note:
    """A complete note: ids, BBIC tags, verifier and export flags, and a klartext recap.

    The note carries the meeting id its caller put in ``transcript.meta``; none is made here.
    """
    today = meeting_date(transcript)
    participants = heard_as(participants, transcript.segments, settings.seats)
    labels = {s.speaker for s in transcript.segments}
    speakers = Speakers(participants, labels)
    by_id = {s.id: s for s in transcript.segments}
    voiced = in_journal_voice(candidates, speakers, by_id)
    sections = _statements(voiced, settings.max_per_section)
    every = [s for items in sections.values() for s in items]
    checks = verify_statements(
        every,
        by_id,
        today,
        speakers.names_by_label(),
        settings.verifier,
        present=speakers.present_words(),
    )
    dropped = _drop(sections, checks, settings)
    checks = [f for f in checks if f.statement_id not in dropped]
    kept = [s for items in sections.values() for s in items]
    known = [p.namn for p in participants] + [p.roll for p in participants]
    finder = NameFinder((s.text for s in transcript.segments), known)
    flags = [*extra_flags, *checks]
    flags += transcript_flags(transcript.segments, kept, finder)
    flags += low_confidence_flags(kept, by_id)
    spoken = any(usable(s) for s in transcript.segments)
    return Note(
        meeting_id=transcript.meta.meeting_id,
        meta=_meta(transcript, model_label),
        narvarande=tuple(replace(p, plats=None) for p in participants),  # seats steer labels only
        klartext=redact(
            klartext.recap(
                today.isoformat(),
                tuple(sections["overenskommelser"]),
                tuple(sections["nasta_steg"]),
                spoken=spoken,
            )
        ),
        flaggor=tuple(flags),
        syfte=tuple(sections["syfte"]),
        framkom=tuple(sections["framkom"]),
        bedomning=tuple(sections["bedomning"]),
        overenskommelser=tuple(sections["overenskommelser"]),
        nasta_steg=tuple(sections["nasta_steg"]),
    )
