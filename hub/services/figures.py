"""A note's content-free figures, taken at its first approval, for the effect measures.

``record_first_approval`` runs inside the approval's transaction, while the note is
decrypted anyway, and stores only numbers (``hub_note_figures``, ``hub_section_figures``,
``hub_flag_figures``): aggregating them later needs no key, and a note shredded afterwards
still counts. Later versions of an approved note do not change them: they describe what the
caseworker accepted from the AI before the record was first locked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta
from itertools import pairwise

from sqlalchemy.orm import Session

from hub.services.edit_distance import kept_words
from hub.store import audit
from hub.store.notes import NoteDocument, utc
from hub.store.tables import FlagFigures, NoteFigures, SectionFigures, StoredNote
from wire.note import STATEMENT_FIELDS, Note
from wire.transcript import Transcript

#: The sections whose AI text is compared with the approved text, in reading order.
SECTIONS = (*STATEMENT_FIELDS, "klartext")
#: The caseworker's audited actions on a note that make up its review.
REVIEW_ACTIONS = frozenset(
    {"view", "edit", "flag_decision", "rename_speaker", "link_case", "approve"}
)
REVIEW_IDLE_CAP_S = 600.0
"""A pause between two review actions on the note counts at most this long (10 min): a note
left open over lunch, or taken up again the next day, is not 4 h or a day of review."""


def section_text(note: Note, section: str) -> str:
    """A section's text: its statements one a line, or the plain-language summary."""
    if section == "klartext":
        return note.klartext
    return "\n".join(statement.text for statement in getattr(note, section))


def section_counts(draft: Note, approved: Note) -> dict[str, tuple[int, int]]:
    """Per section with AI text: (words in the AI draft, of them kept in the approved text).

    Words are the text split at white space, as written: a changed number, a dropped
    "inte" or an added full stop makes the word count as changed.
    """
    counts = {}
    for section in SECTIONS:
        ai = section_text(draft, section).split()
        if ai:
            counts[section] = (len(ai), kept_words(ai, section_text(approved, section).split()))
    return counts


def review_seconds(moments: Iterable[datetime], cap_s: float = REVIEW_IDLE_CAP_S) -> float:
    """Time spent between the first and the last action, each pause capped at ``cap_s``."""
    ordered = sorted(utc(moment) for moment in moments)
    return sum(min((b - a).total_seconds(), cap_s) for a, b in pairwise(ordered))


def meeting_end(transcript: Transcript, fallback: datetime) -> datetime:
    """When the meeting ended by the device's clock (start plus length), else ``fallback``."""
    try:
        started = utc(datetime.fromisoformat(transcript.meta.started_at))
    except ValueError:
        return utc(fallback)
    return started + timedelta(seconds=transcript.meta.duration_s)


def flag_outcomes(decisions: dict[str, str]) -> Counter[tuple[str, str]]:
    """(flag kind, choice) → how many flags: the kind leads each key (``review.flag_key``)."""
    return Counter((key.split("|", 1)[0], choice) for key, choice in decisions.items())


def record_first_approval(session: Session, row: StoredNote, doc: NoteDocument, by: str) -> None:
    """Store the figures of a note approved for the first time (nothing on later versions)."""
    if row.approved_at is None or session.get(NoteFigures, row.id) is not None:
        return
    approved_at = utc(row.approved_at)
    actions = [
        entry.at
        for entry in audit.for_target(session, f"note:{row.id}")
        if entry.actor == by and entry.action in REVIEW_ACTIONS
    ]
    ended = meeting_end(doc.transcript, row.received_at)
    session.add(
        NoteFigures(
            note_id=row.id,
            approval_delay_s=max((approved_at - ended).total_seconds(), 0.0),
            review_s=review_seconds([*actions, approved_at]),
        )
    )
    approved = doc.approved[-1].note if doc.approved else doc.current
    for section, (words, kept) in section_counts(doc.draft, approved).items():
        session.add(
            SectionFigures(note_id=row.id, section=section, draft_words=words, kept_words=kept)
        )
    for (kind, choice), count in flag_outcomes(doc.decisions).items():
        session.add(FlagFigures(note_id=row.id, kind=kind, choice=choice, count=count))
