"""What a caseworker does to a note: edit, name speakers, approve; and the journal text.

Flag decisions are in :mod:`hub.services.flag_decisions`.

Pure functions over :class:`hub.store.notes.NoteDocument`; the web layer loads, calls one of
these, audits and saves in one transaction.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from grounding.speakers import Speakers
from grounding.verify import UNSUPPORTED_KINDS, verify_statements
from hub.errors import HubError
from hub.services.stockholm import swedish_time
from hub.store.notes import ApprovedVersion, NoteDocument
from hub.store.tables import NoteStatus
from wire.note import STATEMENT_FIELDS, Flag, FlagKind, Note, Participant, Statement

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
MAX_REASON_LENGTH = 500


class ReviewError(HubError, ValueError):
    """The change is not allowed; the message is Swedish, for the caseworker."""


def is_locked(doc: NoteDocument) -> bool:
    """Approved and not reopened for a new version."""
    return bool(doc.approved) and doc.reopened is None


def reopen(doc: NoteDocument, reason: str) -> dict[str, Any]:
    """Start a new version of an approved note, for ``reason``; return what the audit says.

    The approved versions stay as they are; the next approval adds one with the reason.
    """
    if not is_locked(doc):
        msg = "Bara en godkänd och låst anteckning kan få en ny version."
        raise ReviewError(msg)
    why = _clean(reason, "Skälet")
    if len(why) > MAX_REASON_LENGTH:
        msg = f"Skälet får vara högst {MAX_REASON_LENGTH} tecken."
        raise ReviewError(msg)
    doc.reopened = why
    doc.current = doc.approved[-1].note
    return {"version": len(doc.approved) + 1, "skal": why}


def edit(doc: NoteDocument, texts: dict[str, str], klartext: str | None) -> list[str]:
    """Replace statement texts (by statement id) and verify them again; return changed ids."""
    require_unlocked(doc)
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
    reverify(doc, [c for c in changed if c != "klartext"])
    return changed


def reverify(doc: NoteDocument, statement_ids: list[str]) -> None:
    """Replace the verification flags of the given statements with the verifier's verdict.

    The same verifier the device drafts with (``grounding.verify``), knowing the people as
    the device does (``grounding.speakers``: names, roles and their definite forms, with the
    roles the caseworker gave the speakers); a new flag starts undecided, as the caseworker
    has not seen it yet.
    """
    if not statement_ids:
        return
    note = doc.current
    edited = [s for s in note.statements() if s.id in statement_ids]
    stale = [f for f in note.flaggor if _is_verification_of(f, statement_ids)]
    for flag in stale:
        doc.decisions.pop(flag_key(flag), None)
    speakers = meeting_speakers(doc)
    fresh = verify_statements(
        edited,
        {s.id: s for s in doc.transcript.segments},
        date.fromisoformat(note.meta.datum),
        speakers.names_by_label(),
        present=speakers.present_words(),
    )
    kept = tuple(f for f in note.flaggor if not _is_verification_of(f, statement_ids))
    doc.current = replace(note, flaggor=kept + tuple(fresh))


def _is_verification_of(flag: Flag, statement_ids: list[str]) -> bool:
    return flag.kind in UNSUPPORTED_KINDS and flag.statement_id in statement_ids


def meeting_speakers(doc: NoteDocument) -> Speakers:
    """Who the transcript's speakers are: the people present, with the roles the caseworker
    gave speaker labels at the hub (a renamed label no participant has is a role alone)."""
    people = [
        replace(p, roll=doc.speakers[p.speaker]) if p.speaker in doc.speakers else p
        for p in doc.current.narvarande
    ]
    heard = {p.speaker for p in people}
    people += [
        Participant("", role, label) for label, role in doc.speakers.items() if label not in heard
    ]
    return Speakers(people, {s.speaker for s in doc.transcript.segments})


def flag_key(flag: Flag) -> str:
    """A flag's identity across edits (its position in the list may change)."""
    parts = (flag.kind, flag.statement_id or "", flag.segment_id or "", flag.match or "")
    return "|".join((*parts, flag.detail))


def _edited(statement: Statement, texts: dict[str, str], changed: list[str]) -> Statement:
    new = texts.get(statement.id)
    if new is None or normalised(new) == normalised(statement.text):
        return statement
    text = _clean(new, "Texten")
    changed.append(statement.id)
    return replace(statement, text=text, source="caseworker")


def rename_speakers(doc: NoteDocument, roles: dict[str, str]) -> dict[str, str]:
    """Give transcript speaker labels role names (empty clears); return the new mapping."""
    require_unlocked(doc)
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
    require_unlocked(doc)
    version = len(doc.approved) + 1
    doc.approved.append(ApprovedVersion(version, doc.current, by, at.isoformat(), doc.reopened))
    doc.reopened = None
    return version


def shown_note(doc: NoteDocument) -> Note:
    """The version a caseworker sees: the last approved one while locked, else the current."""
    return doc.approved[-1].note if is_locked(doc) else doc.current


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


def require_unlocked(doc: NoteDocument) -> None:
    """Refuse any change to a note that is approved and locked."""
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
