"""Durable, encrypted, deduplicated note storage on the hub.

``accept_note`` is what MQTT ingest calls; it returns only after the note is committed,
so ingest can ack the device and the device can delete its audio.

Subjects: at ingest the hub does not know the case a note belongs to, so every note gets
its **own subject** (kind ``note``). Deleting the note, or its retention deadline, shreds
exactly that subject key. (A later case assignment can re-wrap the data key under a case
subject; the per-note default means no shred ever takes another note with it.)

Owner: the note goes to the caseworker who held the hub's own claim on the device when
the meeting started (clamped to the receive time, so a device cannot date a meeting into
a claim in the future). The device's ``handlaggare`` field is only compared and a
mismatch is recorded in the audit log; a device cannot route notes into an inbox by
naming a caseworker. With no matching claim the note has no owner and is listed to
IT admins as unassigned.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import Select, and_, bindparam, func, insert, or_, select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from hub.errors import HubError
from hub.store import audit
from hub.store.db import transaction
from hub.store.keyring import Keyring, KeyringError, new_data_key, seal, unseal
from hub.store.tables import Claim, NoteStatus, StoredNote, Subject, User
from wire.note import Note
from wire.schemas import SchemaError
from wire.transcript import Transcript


class NotePayloadError(HubError, ValueError):
    """The payload is not a valid ``{"note": ..., "transcript": ...}`` v1 pair."""


class NoteUnavailableError(HubError, LookupError):
    """The note was deleted or crypto-shredded; only its audit rows remain."""


def utc(moment: datetime) -> datetime:
    """Treat naive datetimes (SQLite returns them) as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@dataclass(frozen=True)
class ApprovedVersion:
    """One locked version of the note: what the caseworker approved, by whom and when."""

    version: int
    note: Note
    by: str
    at: str
    """ISO 8601 time of the approval."""
    reason: str | None = None
    """Why a new version was made of an approved note (None for the first version)."""

    def to_dict(self) -> dict[str, Any]:
        out = {"version": self.version, "note": self.note.to_dict(), "by": self.by, "at": self.at}
        if self.reason is not None:
            out["reason"] = self.reason
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ApprovedVersion:
        return cls(
            version=int(data["version"]),
            note=Note.from_dict(data["note"]),
            by=str(data["by"]),
            at=str(data["at"]),
            reason=data.get("reason"),
        )


@dataclass
class NoteDocument:
    """The decrypted content of one stored note: AI draft, current text, approved versions.

    Typed in memory; :meth:`to_json` and :meth:`from_json` keep the stored JSON format.
    """

    draft: Note
    """The note exactly as the device drafted it; never changed."""
    transcript: Transcript
    current: Note
    """The working text the caseworker edits."""
    speakers: dict[str, str] = field(default_factory=dict)
    """Speaker label → role name the caseworker gave it, e.g. ``S1`` → ``Mamman``."""
    approved: list[ApprovedVersion] = field(default_factory=list)
    """Locked versions, oldest first."""
    case_ref: str | None = None
    """The case number (ärendenummer) the caseworker linked the note to."""
    decisions: dict[str, str] = field(default_factory=dict)
    """Flag key (``hub.services.review.flag_key``) → the caseworker's choice for that flag."""
    reopened: str | None = None
    """Why an approved note is being edited into a new version; None when not reopened."""

    def to_json(self) -> bytes:
        data: dict[str, Any] = {
            "draft": self.draft.to_dict(),
            "transcript": self.transcript.to_dict(),
            "current": self.current.to_dict(),
            "speakers": self.speakers,
            "approved": [version.to_dict() for version in self.approved],
            "case_ref": self.case_ref,
        }
        # Written only when set, so documents stored before these fields read the same.
        if self.decisions:
            data["decisions"] = self.decisions
        if self.reopened is not None:
            data["reopened"] = self.reopened
        return json.dumps(data, ensure_ascii=False).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> NoteDocument:
        data = json.loads(raw)
        return cls(
            draft=Note.from_dict(data["draft"]),
            transcript=Transcript.from_dict(data["transcript"]),
            current=Note.from_dict(data["current"]),
            speakers=dict(data.get("speakers", {})),
            approved=[ApprovedVersion.from_dict(v) for v in data.get("approved", [])],
            case_ref=data.get("case_ref"),
            decisions=dict(data.get("decisions", {})),
            reopened=data.get("reopened"),
        )


@dataclass(frozen=True)
class IncomingNote:
    """One received note, already parsed into typed (schema-validated) documents."""

    device_id: str
    meeting_id: str
    note: Note
    transcript: Transcript
    received_at: datetime


@dataclass(frozen=True)
class InboxRow:
    """One note's row in the inbox: metadata only, never the note's text."""

    id: int
    device_id: str
    meeting_date: str
    meeting_time: str
    room: str
    flag_count: int
    status: str
    received_at: datetime


class NoteStore:
    """Notes at rest, each under its own data key wrapped by its subject's key."""

    def __init__(self, session_factory: sessionmaker[Session], keyring: Keyring) -> None:
        self._sessions = session_factory
        self._keyring = keyring

    def accept_note(
        self, *, device_id: str, meeting_id: str, payload: dict[str, Any], received_at: datetime
    ) -> bool:
        """Store a received note durably; False if (device_id, meeting_id) is already stored."""
        note, transcript = _parse_payload(payload)
        incoming = IncomingNote(device_id, meeting_id, note, transcript, utc(received_at))
        return self.accept_notes([incoming])[0]

    def accept_notes(self, notes: Sequence[IncomingNote]) -> list[bool]:
        """Store a batch durably in one commit; per note True if new, False if a duplicate.

        All or nothing: either every new note of the batch is committed or none is and the
        error is raised (the caller may then retry the notes one at a time). A note already
        stored, or repeated earlier in the batch, is a duplicate. Subject keys are committed
        to the key store first, then all notes in one note-DB transaction: a crash between
        the two leaves only unused keys that protect nothing (the messages were not acked,
        so they arrive again and get new keys).
        """
        fresh = self._fresh(notes)
        if fresh:
            try:
                self._insert_batch([notes[i] for i in fresh])
            except IntegrityError:
                # Another worker committed one of these after the check: look again, once.
                fresh = self._fresh(notes)
                if fresh:
                    self._insert_batch([notes[i] for i in fresh])
        results = [False] * len(notes)
        for i in fresh:
            results[i] = True
        return results

    def _fresh(self, notes: Sequence[IncomingNote]) -> list[int]:
        """Indices of the notes not yet stored, each (device_id, meeting_id) once."""
        pairs = {(n.device_id, n.meeting_id) for n in notes}
        with self._sessions() as session:
            stmt = select(StoredNote.device_id, StoredNote.meeting_id).where(
                tuple_(StoredNote.device_id, StoredNote.meeting_id).in_(pairs)
            )
            seen = {(row.device_id, row.meeting_id) for row in session.execute(stmt)}
        fresh = []
        for i, note in enumerate(notes):
            key = (note.device_id, note.meeting_id)
            if key not in seen:
                seen.add(key)
                fresh.append(i)
        return fresh

    def _insert_batch(self, batch: Sequence[IncomingNote]) -> None:
        subject_ids = [f"note-{uuid.uuid4().hex}" for _ in batch]
        keys = self._keyring.create_subjects(subject_ids)  # key store commits first
        try:
            # Encrypt before the transaction: the write lock is held only for the inserts.
            rows = [
                self._row_values(incoming, subject_id, keys[subject_id])
                for incoming, subject_id in zip(batch, subject_ids, strict=True)
            ]
            with transaction(self._sessions) as session:
                _insert_rows(session, batch, rows)
        except Exception:
            for subject_id in subject_ids:
                self._keyring.shred(subject_id)
            raise

    def _row_values(
        self, incoming: IncomingNote, subject_id: str, subject_key: bytes
    ) -> dict[str, Any]:
        """Column values of a new ``StoredNote`` (all but the owner), content encrypted."""
        device_id, meeting_id, note = incoming.device_id, incoming.meeting_id, incoming.note
        answer = note.meta.klientsvar
        # The client's answer is kept only in its column, counted in aggregate; the document
        # (every page, export and JSON of the note) never holds it.
        note = replace(note, meta=replace(note.meta, klientsvar=None))
        doc = NoteDocument(draft=note, transcript=incoming.transcript, current=note)
        data_key = new_data_key()
        return {
            "device_id": device_id,
            "meeting_id": meeting_id,
            "subject_id": subject_id,
            "received_at": utc(incoming.received_at),
            "meeting_date": note.meta.datum,
            "meeting_time": note.meta.tid,
            "room": note.meta.rum or incoming.transcript.meta.room,
            "flag_count": len(note.flaggor),
            "client_answer": answer.value if answer is not None else None,
            "status": NoteStatus.UTKAST,
            "revision": 1,
            "wrapped_key": self._keyring.wrap_data_key(
                subject_id, data_key, subject_key=subject_key
            ),
            "ciphertext": seal(data_key, doc.to_json(), _note_aad(device_id, meeting_id)),
        }

    # --- reading and writing the encrypted document -------------------------------

    def load(self, row: StoredNote) -> NoteDocument:
        """Decrypt ``row``; :class:`NoteUnavailableError` once deleted or shredded."""
        if row.ciphertext is None or row.wrapped_key is None:
            msg = f"note {row.id} was deleted"
            raise NoteUnavailableError(msg)
        try:
            data_key = self._keyring.unwrap_data_key(row.subject_id, row.wrapped_key)
        except KeyringError as exc:
            raise NoteUnavailableError(str(exc)) from exc
        raw = unseal(data_key, row.ciphertext, _note_aad(row.device_id, row.meeting_id))
        return NoteDocument.from_json(raw)

    def save(self, row: StoredNote, doc: NoteDocument) -> None:
        """Re-encrypt ``doc`` under the note's data key (caller's transaction commits)."""
        if row.wrapped_key is None:
            msg = f"note {row.id} was deleted"
            raise NoteUnavailableError(msg)
        data_key = self._keyring.unwrap_data_key(row.subject_id, row.wrapped_key)
        row.ciphertext = seal(data_key, doc.to_json(), _note_aad(row.device_id, row.meeting_id))
        row.revision += 1

    def erase(self, session: Session, row: StoredNote) -> None:
        """Delete a note's content and shred its subject key; metadata and audit stay."""
        now = datetime.now(UTC)
        row.ciphertext = None
        row.wrapped_key = None
        row.status = NoteStatus.RADERAD
        row.deleted_at = now
        subject = session.get(Subject, row.subject_id)
        if subject is not None and subject.kind == "note":
            subject.shredded_at = now
            self._keyring.shred(row.subject_id)

    def shred_subject(self, session: Session, subject_id: str) -> int:
        """Delete a subject key: every note of that subject becomes unreadable."""
        subject = session.get(Subject, subject_id)
        if subject is None:
            msg = f"no subject {subject_id!r}"
            raise LookupError(msg)
        subject.shredded_at = datetime.now(UTC)
        self._keyring.shred(subject_id)
        rows = session.scalars(select(StoredNote).where(StoredNote.subject_id == subject_id))
        count = 0
        for row in rows:
            row.wrapped_key = None
            row.status = NoteStatus.RADERAD
            row.deleted_at = subject.shredded_at
            count += 1
        return count

    def link_case(self, row: StoredNote, doc: NoteDocument, case_ref: str) -> None:
        """Link a note to a case number so the whole case can be shredded together."""
        doc.case_ref = " ".join(case_ref.split())
        row.case_tag = self._keyring.case_tag(case_ref)
        self.save(row, doc)

    def shred_case(self, session: Session, case_ref: str) -> list[StoredNote]:
        """Erase (shred the key of) every live note linked to ``case_ref``; return them."""
        stmt = select(StoredNote).where(
            StoredNote.case_tag == self._keyring.case_tag(case_ref),
            StoredNote.status != NoteStatus.RADERAD,
        )
        rows = list(session.scalars(stmt))
        for row in rows:
            self.erase(session, row)
        return rows

    # --- listing ---------------------------------------------------------------------

    def inbox(
        self, session: Session, owner_id: int | None, *, offset: int, limit: int
    ) -> tuple[list[InboxRow], int]:
        """One page of an inbox (newest first) and the total; never decrypts anything."""
        where = and_(
            StoredNote.owner_id == owner_id
            if owner_id is not None
            else StoredNote.owner_id.is_(None),
            StoredNote.status != NoteStatus.RADERAD,
        )
        total = session.scalar(select(func.count()).select_from(StoredNote).where(where)) or 0
        stmt = (
            select(
                StoredNote.id,
                StoredNote.device_id,
                StoredNote.meeting_date,
                StoredNote.meeting_time,
                StoredNote.room,
                StoredNote.flag_count,
                StoredNote.status,
                StoredNote.received_at,
            )
            .where(where)
            .order_by(StoredNote.received_at.desc(), StoredNote.id.desc())
            .offset(offset)
            .limit(limit)
        )
        rows = [InboxRow(*r) for r in session.execute(stmt)]
        return rows, int(total)


def owner_at(session: Session, device_id: str, moment: datetime) -> User | None:
    """The caseworker whose hub claim on ``device_id`` covered ``moment``, if any."""
    owner: User | None = session.scalars(
        _owner_query(), {"device": device_id, "moment": moment}
    ).first()
    return owner


@cache
def _owner_query() -> Select[Any]:
    # Built once: composing this statement costs more than running it.
    moment: Any = bindparam("moment")
    return (
        select(User)
        .join(Claim, Claim.user_id == User.id)
        .where(
            Claim.device_id == bindparam("device"),
            Claim.started_at <= moment,
            Claim.expires_at > moment,
            or_(Claim.released_at.is_(None), Claim.released_at > moment),
        )
        .order_by(Claim.started_at.desc())
        .limit(1)
    )


def _insert_rows(
    session: Session, batch: Sequence[IncomingNote], rows: list[dict[str, Any]]
) -> None:
    """Insert subjects, notes (with their owners) and one audit entry per note."""
    session.execute(
        insert(Subject),
        [{"id": r["subject_id"], "kind": "note", "created_at": r["received_at"]} for r in rows],
    )
    owners = []
    for incoming, row in zip(batch, rows, strict=True):
        started = _meeting_start(incoming.transcript, row["received_at"])
        owner = owner_at(session, incoming.device_id, started)
        row["owner_id"] = owner.id if owner else None
        owners.append(owner)
    stmt = insert(StoredNote).returning(StoredNote.id, sort_by_parameter_order=True)
    ids = session.scalars(stmt, rows).all()
    records = [
        _audit_ingest(incoming, row_id, owner)
        for incoming, row_id, owner in zip(batch, ids, owners, strict=True)
    ]
    audit.append_many(session, records)


def _audit_ingest(incoming: IncomingNote, row_id: int, owner: User | None) -> audit.AuditRecord:
    says = incoming.note.meta.handlaggare
    detail: dict[str, object] = {
        "device_id": incoming.device_id,
        "meeting_id": incoming.meeting_id,
        "owner": owner.username if owner else None,
        "device_says": says,
    }
    if owner is None or says not in (None, owner.username):
        detail["mismatch"] = True
    return audit.AuditRecord(
        actor=f"enhet:{incoming.device_id}",
        action="ingest",
        target=f"note:{row_id}",
        detail=detail,
        at=utc(incoming.received_at),
    )


def _parse_payload(payload: dict[str, Any]) -> tuple[Note, Transcript]:
    if not isinstance(payload, dict) or not {"note", "transcript"} <= payload.keys():
        msg = "note payload must be a dict with 'note' and 'transcript' (wire v1 documents)"
        raise NotePayloadError(msg)
    try:
        return Note.from_dict(payload["note"]), Transcript.from_dict(payload["transcript"])
    except (SchemaError, KeyError, TypeError, ValueError) as exc:
        msg = f"note payload rejected: {exc}"
        raise NotePayloadError(msg) from exc


def _meeting_start(transcript: Transcript, received_at: datetime) -> datetime:
    try:
        started = utc(datetime.fromisoformat(transcript.meta.started_at))
    except ValueError:
        return received_at
    return min(started, received_at)


def _note_aad(device_id: str, meeting_id: str) -> bytes:
    return f"samtal-hub/note/{device_id}/{meeting_id}".encode()
