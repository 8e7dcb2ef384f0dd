"""What a caseworker does to a note: edit, name speakers, approve; and the journal text.

Pure functions over :class:`hub.store.notes.NoteDocument`; the web layer loads, calls one of
these, audits and saves in one transaction.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from hub.errors import HubError
from hub.services.stockholm import swedish_time
from hub.store.notes import ApprovedVersion, NoteDocument
from hub.store.tables import NoteStatus
from wire.note import STATEMENT_FIELDS, FlagKind, Note, Participant, Statement

SECTION_TITLES = {
    "syfte": "Syfte med mötet",
    "framkom": "Vad som framkom",
    "bedomning": "Handläggarens bedömning",
    "overenskommelser": "Överenskommelser och beslut",
    "nasta_steg": "Nästa steg",
}

KLARTEXT_TITLE = "Sammanfattning i klartext"

FLAG_TITLES = {
    FlagKind.PERSONNUMMER: "Personnummer",
    FlagKind.SAMORDNINGSNUMMER: "Samordningsnummer",
    FlagKind.TELEFONNUMMER: "Telefonnummer",
    FlagKind.EPOST: "E-postadress",
    FlagKind.TREDJE_PART: "Uppgift om tredje person",
    FlagKind.OSAKER_TALIGENKANNING: "Osäker taligenkänning",
    FlagKind.EJ_VERIFIERAD: "Ej verifierad mot källan",
    FlagKind.SAKNAR_KALLA: "Saknar källa",
    FlagKind.MODELLFEL: "Språkmodellen kunde inte användas",
}

#: How the inbox names a status (deleted notes are never listed).
STATUS_TITLES = {
    NoteStatus.UTKAST: "Utkast",
    NoteStatus.GODKAND: "Godkänd",
    NoteStatus.EXPORTERAD: "Exporterad",
}

MAX_ROLE_LENGTH = 60
MAX_TEXT_LENGTH = 4000


class ReviewError(HubError, ValueError):
    """The change is not allowed; the message is Swedish, for the caseworker."""


def is_locked(doc: NoteDocument) -> bool:
    return bool(doc.approved)


def edit(doc: NoteDocument, texts: dict[str, str], klartext: str | None) -> list[str]:
    """Replace statement texts (by statement id); return the ids that changed."""
    _require_unlocked(doc)
    changed: list[str] = []
    sections: dict[str, Any] = {
        name: tuple(_edited(s, texts, changed) for s in getattr(doc.current, name))
        for name in STATEMENT_FIELDS
    }
    note = replace(doc.current, **sections)
    if klartext is not None and normalised(klartext) != normalised(note.klartext):
        note = replace(note, klartext=_clean(klartext, "Klartexten", allow_empty=True))
        changed.append("klartext")
    doc.current = note
    return changed


def _edited(statement: Statement, texts: dict[str, str], changed: list[str]) -> Statement:
    new = texts.get(statement.id)
    if new is None or normalised(new) == normalised(statement.text):
        return statement
    text = _clean(new, "Texten")
    changed.append(statement.id)
    return replace(statement, text=text, source="caseworker")


def rename_speakers(doc: NoteDocument, roles: dict[str, str]) -> dict[str, str]:
    """Give transcript speaker labels role names (empty clears); return the new mapping."""
    _require_unlocked(doc)
    labels = {s.speaker for s in doc.transcript.segments}
    mapping = dict(doc.speakers)
    for label, given in roles.items():
        if label not in labels:
            msg = f"Talaren {label} finns inte i transkriptionen."
            raise ReviewError(msg)
        role = given.strip()
        if len(role) > MAX_ROLE_LENGTH:
            msg = f"Rollnamnet får vara högst {MAX_ROLE_LENGTH} tecken."
            raise ReviewError(msg)
        if role:
            mapping[label] = role
        else:
            mapping.pop(label, None)
    doc.speakers = mapping
    return mapping


def approve(doc: NoteDocument, *, by: str, at: datetime) -> int:
    """Lock the current text as an approved version next to the AI draft; return its number."""
    _require_unlocked(doc)
    version = len(doc.approved) + 1
    doc.approved.append(ApprovedVersion(version, doc.current, by, at.isoformat()))
    return version


def final_note(doc: NoteDocument) -> Note:
    """The latest approved version; export refuses notes without one."""
    return final_version(doc).note


def final_version(doc: NoteDocument) -> ApprovedVersion:
    """The latest approved version with who approved it; export refuses notes without one."""
    if not doc.approved:
        msg = "Anteckningen måste godkännas innan den exporteras."
        raise ReviewError(msg)
    return doc.approved[-1]


def speaker_name(doc: NoteDocument, label: str) -> str:
    return doc.speakers.get(label, label)


def journal_text(doc: NoteDocument, organisation: str) -> str:
    """Plain text for "kopiera till journalen": the approved note, sections in order."""
    note = final_note(doc)
    lines = [journal_title(organisation), *record_lines(doc)]
    for name in STATEMENT_FIELDS:
        statements: tuple[Statement, ...] = getattr(note, name)
        if statements:
            lines += ["", SECTION_TITLES[name]]
            lines += [f"- {s.text}" + date_suffix(s) for s in statements]
    if note.klartext:
        lines += ["", KLARTEXT_TITLE, note.klartext]
    return "\n".join(lines) + "\n"


def journal_title(organisation: str) -> str:
    return f"Journalanteckning – {organisation}"


def record_lines(doc: NoteDocument) -> list[str]:
    """The record's facts above the sections: meeting, present, approval, version, case."""
    final = final_version(doc)
    meta = final.note.meta
    lines = [f"Datum: {meta.datum} kl. {meta.tid}" + (f", {meta.rum}" if meta.rum else "")]
    present = [_participant(doc, p) for p in final.note.narvarande]
    if present:
        lines.append("Närvarande: " + ", ".join(present))
    lines += [
        f"Godkänd av: {final.by}",
        f"Godkänd: {_stockholm(final.at)}",
        f"Version: {final.version}",
    ]
    if doc.case_ref:
        lines.append(f"Ärendenummer: {doc.case_ref}")
    return lines


def _stockholm(iso_time: str) -> str:
    return swedish_time(iso_time, "%Y-%m-%d kl. %H:%M") + " (svensk tid)"


def _participant(doc: NoteDocument, person: Participant) -> str:
    role = doc.speakers.get(person.speaker or "", person.roll)
    return f"{person.namn} ({role})"


def date_suffix(statement: Statement) -> str:
    return f" (datum: {statement.datum})" if statement.datum else ""


def _require_unlocked(doc: NoteDocument) -> None:
    if is_locked(doc):
        msg = "Anteckningen är godkänd och låst. Den kan inte ändras."
        raise ReviewError(msg)


def normalised(text: str) -> str:
    """Text as it is compared and stored: browsers send CRLF line ends, the note keeps LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _clean(text: str, what: str, *, allow_empty: bool = False) -> str:
    text = normalised(text)
    if not text and not allow_empty:
        msg = f"{what} får inte vara tom."
        raise ReviewError(msg)
    if len(text) > MAX_TEXT_LENGTH:
        msg = f"{what} får vara högst {MAX_TEXT_LENGTH} tecken."
        raise ReviewError(msg)
    return text
