"""The caseworker's notes and the admin's unassigned ones: every read and change is audited.

Each method is one transaction over the note database: load (decrypt), act, audit, save.
Errors carry Swedish messages for the page: :class:`NoteNotFoundError` (not yours, or
none), :class:`NoteGoneError` (deleted or shredded), and :class:`OwnerError`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy.orm import Session, sessionmaker

from hub.errors import HubError
from hub.services import figures
from hub.services.accounts import Account
from hub.services.audit import refusals
from hub.store import audit
from hub.store.db import transaction
from hub.store.notes import InboxRow, NoteDocument, NoteStore, NoteUnavailableError
from hub.store.tables import NoteStatus, StoredNote, User

__all__ = [
    "InboxPage",
    "NoteDocument",  # re-exported: the pages type with it
    "NoteGoneError",
    "NoteNotFoundError",
    "NoteRef",
    "NoteService",
    "OpenedNote",
    "OwnerError",
]

T = TypeVar("T")


class NoteNotFoundError(HubError):
    """Not the caseworker's note, or no such note."""


class NoteGoneError(HubError):
    """The note was deleted or crypto-shredded."""


class OwnerError(HubError):
    """The note cannot be given to that account."""


#: Errors that refuse a note to the one asking, audited with the HTTP status they get.
REFUSALS: tuple[tuple[type[Exception], int], ...] = ((NoteNotFoundError, 404), (OwnerError, 422))


@dataclass(frozen=True)
class NoteRef:
    """Which stored note a page is about (metadata only)."""

    id: int
    device_id: str


@dataclass(frozen=True)
class OpenedNote:
    """A decrypted note and which one it is."""

    ref: NoteRef
    doc: NoteDocument


@dataclass(frozen=True)
class InboxPage:
    """One page of a caseworker's inbox and the number of rows in all."""

    rows: list[InboxRow]
    total: int


class NoteService:
    """What caseworkers (their own notes) and IT admins (unassigned metadata) do to notes."""

    def __init__(self, sessions: sessionmaker[Session], store: NoteStore) -> None:
        self._sessions = sessions
        self._store = store

    def inbox(self, user: Account, *, page: int, size: int) -> InboxPage:
        """One page of the caseworker's inbox; the listing is audited."""
        with transaction(self._sessions) as session:
            offset = (page - 1) * size
            rows, total = self._store.inbox(session, user.id, offset=offset, limit=size)
            audit.append(
                session,
                actor=user.username,
                action="list",
                target="inbox",
                detail={"sida": page, "antal": len(rows)},
            )
        return InboxPage(rows, total)

    def unassigned(self, admin: Account, *, limit: int) -> InboxPage:
        """Notes without an owner (never their text); the listing is audited."""
        with transaction(self._sessions) as session:
            rows, total = self._store.inbox(session, None, offset=0, limit=limit)
            audit.append(
                session,
                actor=admin.username,
                action="list",
                target="unassigned",
                detail={"antal": total},
            )
        return InboxPage(rows, total)

    def open(self, user: Account, note_pk: int, detail: dict[str, Any] | None = None) -> OpenedNote:
        """Decrypt the caseworker's note for a page; the view is audited."""
        with self._refusals(user, note_pk), transaction(self._sessions) as session:
            row = _owned(session, note_pk, user)
            doc = self._load(row)
            audit.append(
                session, actor=user.username, action="view", target=_target(row), detail=detail
            )
        return OpenedNote(_ref(row), doc)

    def change(
        self,
        user: Account,
        note_pk: int,
        action: str,
        change: Callable[[NoteDocument], T],
        describe: Callable[[T], dict[str, Any]] | None = None,
    ) -> T:
        """Load, change, audit and save one note; ``approve`` also locks its status.

        An edit that changes nothing (the same text sent back) is neither saved nor audited.
        ``describe`` turns the result into the audit detail (default ``{"resultat": ...}``).
        """
        with self._note(user, note_pk) as (session, row, doc):
            result = change(doc)
            if action == "edit" and not result:
                return result
            self._store.save(row, doc)
            if action == "approve":
                row.status, row.approved_at = NoteStatus.GODKAND, datetime.now(UTC)
                figures.record_first_approval(session, row, doc, user.username)
            audit.append(
                session,
                actor=user.username,
                action=action,
                target=_target(row),
                detail=describe(result) if describe else _detail(action, result),
            )
        return result

    def export(
        self,
        user: Account,
        note_pk: int,
        kind: str,
        produce: Callable[[NoteDocument, NoteRef], T],
    ) -> T:
        """Produce an export of the approved note and record it, in one transaction."""
        with self._note(user, note_pk) as (session, row, doc):
            result = produce(doc, _ref(row))
            row.status = NoteStatus.EXPORTERAD
            row.exported_at = row.exported_at or datetime.now(UTC)
            audit.append(
                session,
                actor=user.username,
                action="export",
                target=_target(row),
                detail={"format": kind, "version": len(doc.approved)},
            )
        return result

    def link_case(self, user: Account, note_pk: int, case_ref: str) -> None:
        """Link the note to a case number, so the case can later be shredded as a whole."""
        with self._note(user, note_pk) as (session, row, doc):
            self._store.link_case(row, doc, case_ref)
            audit.append(session, actor=user.username, action="link_case", target=_target(row))

    def delete(self, user: Account, note_pk: int) -> None:
        """Erase the note's content and shred its key; metadata and audit stay."""
        with self._refusals(user, note_pk), transaction(self._sessions) as session:
            row = _owned(session, note_pk, user)
            self._store.erase(session, row)
            audit.append(session, actor=user.username, action="delete", target=_target(row))

    def assign(self, admin: Account, note_pk: int, owner_id: int) -> None:
        """Give an unassigned note to an active caseworker."""
        with self._refusals(admin, note_pk), transaction(self._sessions) as session:
            row = session.get(StoredNote, note_pk)
            if row is None or row.owner_id is not None or row.status == NoteStatus.RADERAD:
                raise NoteNotFoundError("Anteckningen saknar inte ägare.")
            owner = session.get(User, owner_id)
            if owner is None or owner.role != "handlaggare" or not owner.active:
                raise OwnerError("Välj en aktiv handläggare.")
            row.owner_id = owner.id
            audit.append(
                session,
                actor=admin.username,
                action="assign",
                target=_target(row),
                detail={"till": owner.username},
            )

    @contextmanager
    def _note(
        self, user: Account, note_pk: int
    ) -> Iterator[tuple[Session, StoredNote, NoteDocument]]:
        with self._refusals(user, note_pk), transaction(self._sessions) as session:
            row = _owned(session, note_pk, user)
            yield session, row, self._load(row)

    def _refusals(self, user: Account, note_pk: int) -> AbstractContextManager[None]:
        """Audit a refusal (someone else's note, or none; a wrong owner) as ``refused``."""
        return refusals(self._sessions, user.username, f"note:{note_pk}", REFUSALS)

    def _load(self, row: StoredNote) -> NoteDocument:
        try:
            return self._store.load(row)
        except NoteUnavailableError as exc:
            raise NoteGoneError("Anteckningen är raderad.") from exc


def _owned(session: Session, note_pk: int, user: Account) -> StoredNote:
    """The user's own note; anyone else's (or none) is not found, a deleted one gone."""
    row = session.get(StoredNote, note_pk)
    if row is None or row.owner_id != user.id:
        raise NoteNotFoundError("Anteckningen finns inte.")
    if row.status == NoteStatus.RADERAD:
        raise NoteGoneError("Anteckningen är raderad.")
    return row


def _detail(action: str, result: object) -> dict[str, Any]:
    return {"version": result} if action == "approve" else {"resultat": result}


def _ref(row: StoredNote) -> NoteRef:
    return NoteRef(row.id, row.device_id)


def _target(row: StoredNote) -> str:
    return f"note:{row.id}"
