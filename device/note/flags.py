"""Flags for the caseworker before export: identity numbers, contact details, third parties,
and cited segments the speech recogniser was unsure about."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from grounding.identifiers import find_emails, find_id_numbers, find_phone_numbers
from grounding.names import NameFinder
from wire.note import Flag, Statement
from wire.transcript import Segment


def _contact_flags(segment: Segment) -> list[Flag]:
    flags = [
        Flag(n.kind, _ID_DETAIL[n.kind], segment_id=segment.id, match=n.match)
        for n in find_id_numbers(segment.text)
    ]
    flags += [
        Flag("telefonnummer", "Telefonnummer i utskriften.", segment_id=segment.id, match=p)
        for p in find_phone_numbers(segment.text)
    ]
    flags += [
        Flag("epost", "E-postadress i utskriften.", segment_id=segment.id, match=e)
        for e in find_emails(segment.text)
    ]
    return flags


_ID_DETAIL = {
    "personnummer": "Personnummer i utskriften: kontrollera att det ska vara med före export.",
    "samordningsnummer": "Samordningsnummer i utskriften: kontrollera före export.",
}


def _statement_of(segment_id: str, statements: Sequence[Statement]) -> str | None:
    return next((s.id for s in statements if segment_id in s.citations), None)


def third_party_flags(segments: Iterable[Segment], finder: NameFinder) -> list[Flag]:
    """One flag per named person, not among those present, the first time they are named."""
    flags: list[Flag] = []
    seen: set[str] = set()
    for segment in segments:
        for name in finder.names(segment.text):
            if finder.knows(name) or name in seen or finder.is_place(name):
                continue
            seen.add(name)
            detail = f"{name} nämns men var inte med på mötet."
            flags.append(Flag("tredje_part", detail, segment_id=segment.id, match=name))
    return flags


def low_confidence_flags(
    statements: Sequence[Statement], segments: dict[str, Segment]
) -> list[Flag]:
    """A flag for each statement that cites a segment the recogniser marked as uncertain."""
    flags = []
    for statement in statements:
        for segment_id in statement.citations:
            segment = segments.get(segment_id)
            if segment is not None and "low_confidence" in segment.flags:
                detail = "Det citerade avsnittet var svårt att uppfatta: kontrollera formuleringen."
                flags.append(Flag("osaker_taligenkanning", detail, statement.id, segment_id))
    return flags


def transcript_flags(
    segments: Sequence[Segment], statements: Sequence[Statement], finder: NameFinder
) -> list[Flag]:
    """Identity numbers, phone numbers, e-mail and third parties, linked to citing statements."""
    flags = [f for s in segments for f in _contact_flags(s)] + third_party_flags(segments, finder)
    return [
        Flag(f.kind, f.detail, _statement_of(f.segment_id or "", statements), f.segment_id, f.match)
        for f in flags
    ]
