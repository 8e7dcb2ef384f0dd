"""What the note left out: transcript segments with content that no statement cites.

The review view marks them *Ej med i anteckningen* and counts them, so the caseworker can
make sure that all information has been considered. One action turns such a segment into a
statement of the section the caseworker chooses, phrased by the device's journal-voice rules
(``grounding.phrasing`` and ``grounding.voice``) and checked by the same verifier
(:func:`hub.services.review.reverify`): its flags are open until the caseworker decides them.

A segment has content when it is Swedish speech (not text the recogniser heard in silence)
with at least :data:`MIN_CONTENT` content tokens: numbers, and words of three letters or more
that are neither on the verifier's stop list nor greetings, thanks or back-channel words
(:data:`FILLERS`). So "Ja.", "Hej.", "Mm", "Tack så mycket." and "Okej, då ses vi." are left
alone, "Jag ska ringa skolan på fredag." and "Mitt personnummer är 19850101-1234." count.
Segments in another language are the client's words before the interpreter's Swedish, which
is the segment that counts.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from grounding.dates import find_dates
from grounding.numbers import numbers
from grounding.phrasing import phrase_segment, section_of
from grounding.text import STOPWORDS, lower_words, sentences, words, wordset
from grounding.voice import Voice
from hub.services.review import (
    SECTION_TITLES,
    ReviewError,
    meeting_speakers,
    require_unlocked,
    reverify,
)
from hub.store.notes import NoteDocument
from wire.note import STATEMENT_FIELDS, Note, Statement
from wire.transcript import Segment

FILLERS = wordset(
    """
    hej hejsan hejdå välkommen tack tackar varsågod ursäkta förlåt precis absolut visst
    jaha aha mhm hmm öhm jättebra toppen perfekt kanon självklart okej förstår låter ses
    """
)
"""Greetings, thanks and back-channel words: said often, never the substance of a note."""
MIN_CONTENT = 2
"""Content tokens a segment needs before the note is expected to say something about it."""
SPOKEN_LANGUAGE = "sv"
"""The language the note is written from (interpreted segments count in their Swedish)."""
MIN_WORD = 3
"""Shorter words ("ja", "mm", "nu") carry no content on their own."""
ADDED_PREFIX = "hst"
"""Ids of statements the caseworker adds at the hub (the device numbers its own ``st…``)."""


def content_tokens(text: str) -> int:
    """How many numbers and content words ``text`` has (the rule in the module docstring)."""
    said = [
        w
        for w in lower_words(text)
        if w.isalpha() and len(w) >= MIN_WORD and w not in STOPWORDS and w not in FILLERS
    ]
    return len(said) + len(numbers(text))


def has_content(segment: Segment) -> bool:
    """True for Swedish speech with enough content for the note to account for it."""
    if segment.language != SPOKEN_LANGUAGE or "silence_text" in segment.flags:
        return False
    return content_tokens(segment.text) >= MIN_CONTENT


def cited_ids(note: Note) -> set[str]:
    """Every segment id some statement of ``note`` cites."""
    return {c for s in note.statements() for c in s.citations}


def left_out(doc: NoteDocument, note: Note) -> list[Segment]:
    """The transcript's segments with content that no statement of ``note`` cites, in order."""
    cited = cited_ids(note)
    return [s for s in doc.transcript.segments if s.id not in cited and has_content(s)]


def count_text(count: int) -> str:
    """The count at the top of the review view, in Swedish."""
    if not count:
        return "Alla avsnitt med innehåll i transkriptionen är med i anteckningen."
    return f"{count} avsnitt med innehåll i transkriptionen är inte med i anteckningen."


def suggested_section(doc: NoteDocument, segment: Segment) -> str:
    """The section the device's cues would put the segment in (a fact otherwise)."""
    caseworker = meeting_speakers(doc).is_caseworker(segment.speaker)
    today = _meeting_date(doc)
    for sentence in sentences(segment.text):
        section = section_of(sentence, caseworker=caseworker, today=today)
        if section is not None:
            return section
    return "framkom"


def add_statement(doc: NoteDocument, segment_id: str, section: str) -> dict[str, Any]:
    """Turn a left-out segment into a statement of ``section``; return the audit detail.

    The statement cites the segment, is written in journal voice, marked as the
    caseworker's (``source="caseworker"``) and verified; anything the verifier finds is an
    open flag. A segment that is unknown, already cited or without content is refused.
    """
    require_unlocked(doc)
    if section not in STATEMENT_FIELDS:
        titles = ", ".join(SECTION_TITLES.values())
        msg = f"Välj en av rubrikerna i anteckningen: {titles}."
        raise ReviewError(msg)
    segment = _left_out_segment(doc, segment_id)
    statement = _statement(doc, segment, section)
    sections: dict[str, Any] = {section: _inserted(doc, getattr(doc.current, section), statement)}
    doc.current = replace(doc.current, **sections)
    reverify(doc, [statement.id])
    return {"pastaende": statement.id, "avsnitt": segment.id, "rubrik": section}


def _left_out_segment(doc: NoteDocument, segment_id: str) -> Segment:
    segment = next((s for s in doc.transcript.segments if s.id == segment_id), None)
    if segment is None:
        msg = "Avsnittet finns inte i transkriptionen."
        raise ReviewError(msg)
    if segment.id in cited_ids(doc.current):
        msg = "Avsnittet är redan med i anteckningen."
        raise ReviewError(msg)
    if not has_content(segment):
        msg = "Avsnittet har inget innehåll att föra in i anteckningen."
        raise ReviewError(msg)
    return segment


def _statement(doc: NoteDocument, segment: Segment, section: str) -> Statement:
    """The segment in journal voice, as the device's extractive layer would phrase it."""
    speakers = meeting_speakers(doc)
    vocabulary = {w for s in doc.transcript.segments for w in words(s.text) if w[:1].islower()}
    phrased = phrase_segment(section, segment, speakers, vocabulary)
    text = Voice(speakers).statement(section, phrased, segment.speaker)
    dates = find_dates(segment.text, _meeting_date(doc))
    return Statement(
        id=_new_id(doc),
        text=text,
        citations=(segment.id,),
        datum=dates[0].iso if dates else None,
        source="caseworker",
    )


def _inserted(
    doc: NoteDocument, statements: tuple[Statement, ...], new: Statement
) -> tuple[Statement, ...]:
    """``new`` placed before the first statement said after it (the note is chronological);
    the others keep their order."""
    starts = {s.id: s.start for s in doc.transcript.segments}

    def said_at(statement: Statement) -> float:
        return min((starts[c] for c in statement.citations if c in starts), default=0.0)

    at = next((i for i, s in enumerate(statements) if said_at(s) > said_at(new)), len(statements))
    return (*statements[:at], new, *statements[at:])


def _new_id(doc: NoteDocument) -> str:
    """A statement id no version of the note has used (decisions are keyed by it)."""
    notes = [doc.draft, doc.current, *(v.note for v in doc.approved)]
    taken = {s.id for note in notes for s in note.statements()}
    number = 1
    while f"{ADDED_PREFIX}{number:03d}" in taken:
        number += 1
    return f"{ADDED_PREFIX}{number:03d}"


def _meeting_date(doc: NoteDocument) -> date:
    return date.fromisoformat(doc.current.meta.datum)
