"""What a caseworker does to a note: edit, name speakers, approve; and the journal text.

Pure functions over :class:`hub.store.NoteDocument`; the web layer loads, calls one of
these, audits and saves in one transaction.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from hub.store import NoteDocument
from wire.note import STATEMENT_FIELDS

SECTION_TITLES = {
    "syfte": "Syfte med mötet",
    "framkom": "Vad som framkom",
    "bedomning": "Handläggarens bedömning",
    "overenskommelser": "Överenskommelser och beslut",
    "nasta_steg": "Nästa steg",
}

FLAG_TITLES = {
    "personnummer": "Personnummer",
    "samordningsnummer": "Samordningsnummer",
    "telefonnummer": "Telefonnummer",
    "epost": "E-postadress",
    "tredje_part": "Uppgift om tredje person",
    "osaker_taligenkanning": "Osäker taligenkänning",
    "ej_verifierad": "Ej verifierad mot källan",
    "saknar_kalla": "Saknar källa",
    "modellfel": "Språkmodellen kunde inte användas",
}

MAX_ROLE_LENGTH = 60
MAX_TEXT_LENGTH = 4000


class ReviewError(ValueError):
    """The change is not allowed; the message is Swedish, for the caseworker."""


def is_locked(doc: NoteDocument) -> bool:
    return bool(doc.approved)


def edit(doc: NoteDocument, texts: dict[str, str], klartext: str | None) -> list[str]:
    """Replace statement texts (by statement id); return the ids that changed."""
    _require_unlocked(doc)
    note = copy.deepcopy(doc.current)
    changed = []
    for name in STATEMENT_FIELDS:
        for statement in note[name]:
            new = texts.get(statement["id"])
            if new is None or new.strip() == statement["text"]:
                continue
            statement["text"] = _clean(new, "Texten")
            statement["source"] = "caseworker"
            changed.append(statement["id"])
    if klartext is not None and klartext.strip() != note["klartext"]:
        note["klartext"] = _clean(klartext, "Klartexten", allow_empty=True)
        changed.append("klartext")
    doc.current = note
    return changed


def rename_speakers(doc: NoteDocument, roles: dict[str, str]) -> dict[str, str]:
    """Give transcript speaker labels role names (empty clears); return the new mapping."""
    _require_unlocked(doc)
    labels = {s["speaker"] for s in doc.transcript["segments"]}
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
    doc.approved.append(
        {"version": version, "note": copy.deepcopy(doc.current), "by": by, "at": at.isoformat()}
    )
    return version


def final_note(doc: NoteDocument) -> dict[str, Any]:
    """The latest approved version; export refuses notes without one."""
    if not doc.approved:
        msg = "Anteckningen måste godkännas innan den exporteras."
        raise ReviewError(msg)
    note: dict[str, Any] = doc.approved[-1]["note"]
    return note


def speaker_name(doc: NoteDocument, label: str) -> str:
    return doc.speakers.get(label, label)


def journal_text(doc: NoteDocument, organisation: str) -> str:
    """Plain text for "kopiera till journalen": the approved note, sections in order."""
    note = final_note(doc)
    meta = note["meta"]
    lines = [
        f"Journalanteckning – {organisation}",
        f"Datum: {meta['datum']} kl. {meta['tid']}"
        + (f", {meta['rum']}" if meta.get("rum") else ""),
    ]
    present = [_participant(doc, p) for p in note["narvarande"]]
    if present:
        lines.append("Närvarande: " + ", ".join(present))
    for name in STATEMENT_FIELDS:
        if note[name]:
            lines += ["", SECTION_TITLES[name]]
            lines += [f"- {s['text']}" + _date_suffix(s) for s in note[name]]
    if note["klartext"]:
        lines += ["", "Sammanfattning i klartext", note["klartext"]]
    return "\n".join(lines) + "\n"


def _participant(doc: NoteDocument, person: dict[str, Any]) -> str:
    role = doc.speakers.get(person.get("speaker") or "", person["roll"])
    return f"{person['namn']} ({role})"


def _date_suffix(statement: dict[str, Any]) -> str:
    return f" (datum: {statement['datum']})" if statement.get("datum") else ""


def _require_unlocked(doc: NoteDocument) -> None:
    if is_locked(doc):
        msg = "Anteckningen är godkänd och låst. Den kan inte ändras."
        raise ReviewError(msg)


def _clean(text: str, what: str, *, allow_empty: bool = False) -> str:
    text = text.strip().replace("\r\n", "\n")
    if not text and not allow_empty:
        msg = f"{what} får inte vara tom."
        raise ReviewError(msg)
    if len(text) > MAX_TEXT_LENGTH:
        msg = f"{what} får vara högst {MAX_TEXT_LENGTH} tecken."
        raise ReviewError(msg)
    return text
