"""A statement before it gets an id, BBIC tags and flags: what every drafting layer yields."""

from __future__ import annotations

from dataclasses import dataclass

from wire.note import STATEMENT_FIELDS

#: Note sections a candidate can go to: the note's statement sections, in reading order.
SECTIONS = STATEMENT_FIELDS


@dataclass(frozen=True)
class Candidate:
    """A drafted sentence for one section, with the segments it rests on."""

    section: str
    text: str
    citations: tuple[str, ...]
    datum: str | None = None
    source: str = "extractive"
    at: float = 0.0
    """Start time of the first cited segment, for chronological order."""
    score: float = 1.0
    """How informative the sentence looks; used to keep the best when a section is capped."""
    classified: bool = False
    """The model only chose segment and section; the text is the segment's own."""
