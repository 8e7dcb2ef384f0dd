"""The caseworker's decisions on a note's flags: Behåll, Ta bort påståendet, Redigera.

Pure functions over :class:`hub.store.notes.NoteDocument`, like :mod:`hub.services.review`:
every flag needs a decision before the note can be approved.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from hub.services.review import ReviewError, edit, flag_key, require_unlocked
from hub.store.notes import NoteDocument
from wire.note import STATEMENT_FIELDS, Flag


class Choice(StrEnum):
    """What the caseworker decided about one flag."""

    BEHALL = "behall"
    TA_BORT = "ta_bort"
    REDIGERA = "redigera"


#: How the page and the audit log name each choice.
CHOICE_TITLES = {
    Choice.BEHALL: "Behåll",
    Choice.TA_BORT: "Ta bort påståendet",
    Choice.REDIGERA: "Redigera",
}


def choices_for(flag: Flag) -> tuple[Choice, ...]:
    """The choices that make sense for a flag: removing needs a statement to remove."""
    if flag.statement_id:
        return (Choice.BEHALL, Choice.TA_BORT, Choice.REDIGERA)
    return (Choice.BEHALL, Choice.REDIGERA)


def decision(doc: NoteDocument, flag: Flag) -> Choice | None:
    chosen = doc.decisions.get(flag_key(flag))
    return Choice(chosen) if chosen else None


@dataclass(frozen=True)
class FlagView:
    """One flag as the review view shows it: its number, key, decision and choices."""

    number: int
    """1-based position in the current note's flags (what the form sends back)."""
    flag: Flag
    key: str
    decision: Choice | None
    choices: tuple[Choice, ...]


def flag_views(doc: NoteDocument) -> list[FlagView]:
    """The current note's flags with what the caseworker decided about each."""
    return [
        FlagView(n, f, flag_key(f), decision(doc, f), choices_for(f))
        for n, f in enumerate(doc.current.flaggor, start=1)
    ]


def open_flags(doc: NoteDocument) -> list[Flag]:
    """The current note's flags the caseworker has not decided on yet."""
    return [f for f in doc.current.flaggor if flag_key(f) not in doc.decisions]


def decide(
    doc: NoteDocument, index: int, choice: str, text: str | None = None, key: str | None = None
) -> dict[str, Any]:
    """Record the caseworker's choice for flag ``index``; return what the audit says of it.

    *Ta bort påståendet* removes the flagged statement (and its flags) from the current note;
    *Redigera* with ``text`` replaces the statement's text (verified again) in the same step.
    ``key`` (the flag's :func:`flag_key` as the page showed it) refuses a stale page.
    """
    require_unlocked(doc)
    flags = doc.current.flaggor
    known = 0 <= index < len(flags) and key in (None, flag_key(flags[index]))
    if not known or choice not in choices_for(flags[index]):
        msg = "Välj Behåll, Ta bort påståendet eller Redigera för en flagga som finns."
        raise ReviewError(msg)
    flag, chosen = flags[index], Choice(choice)
    detail: dict[str, Any] = {"flagga": index + 1, "typ": flag.kind, "val": chosen.value}
    doc.decisions[flag_key(flag)] = chosen.value
    if flag.statement_id:
        detail["pastaende"] = flag.statement_id
    if chosen is Choice.TA_BORT and flag.statement_id:
        _remove_statement(doc, flag.statement_id)
    elif chosen is Choice.REDIGERA and flag.statement_id and text is not None:
        detail["andrade"] = edit(doc, {flag.statement_id: text}, None)
    return detail


def _remove_statement(doc: NoteDocument, statement_id: str) -> None:
    """Drop a statement from the current note with its flags (decided: the text is gone)."""
    note = doc.current
    sections: dict[str, Any] = {
        name: tuple(s for s in getattr(note, name) if s.id != statement_id)
        for name in STATEMENT_FIELDS
    }
    gone = [f for f in note.flaggor if f.statement_id == statement_id]
    for flag in gone:
        doc.decisions.setdefault(flag_key(flag), Choice.TA_BORT.value)
    kept = tuple(f for f in note.flaggor if f.statement_id != statement_id)
    doc.current = replace(note, flaggor=kept, **sections)


def progress(doc: NoteDocument) -> str:
    """How many of the current note's flags are decided, in Swedish ("2 av 3 …")."""
    total = len(doc.current.flaggor)
    if not total:
        return "Inga flaggor att hantera."
    noun = "flagga hanterad" if total == 1 else "flaggor hanterade"
    return f"{total - len(open_flags(doc))} av {total} {noun}."


def require_resolved(doc: NoteDocument) -> None:
    """Refuse approval while any flag is undecided, naming how many are open."""
    count = len(open_flags(doc))
    if count == 1:
        msg = "1 flagga är inte hanterad. Välj Behåll, Ta bort påståendet eller Redigera först."
        raise ReviewError(msg)
    if count:
        msg = (
            f"{count} flaggor är inte hanterade. "
            "Välj Behåll, Ta bort påståendet eller Redigera för var och en först."
        )
        raise ReviewError(msg)
