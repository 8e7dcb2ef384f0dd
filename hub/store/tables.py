"""The hub's own tables: accounts, room claims, subjects, notes, the audit chain, receipts,
and the notes' content-free figures for the effect measures.

Only what the inbox must list quickly (meeting date, room, status, flag count) is kept
in clear; the note, its transcript, edits and approved versions are one encrypted
document per note (see :mod:`hub.store.notes`).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from hub.store.db import Base

#: Roles an account can hold.
ROLES = ("handlaggare", "it_admin", "dataskyddsombud", "enhetschef")


class NoteStatus(StrEnum):
    """Where a stored note is in its life; the values are what the ``status`` column holds."""

    UTKAST = "utkast"
    """Drafted by the device, not yet approved."""
    GODKAND = "godkand"
    """Approved and locked by the caseworker."""
    EXPORTERAD = "exporterad"
    """Exported at least once (PDF, journal text or push)."""
    RADERAD = "raderad"
    """Deleted or crypto-shredded: only metadata and audit rows remain."""


class User(Base):
    """A hub account: caseworker or IT admin, with a local password or OIDC."""

    __tablename__ = "hub_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(120), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    oidc_subject: Mapped[str | None] = mapped_column(String(200), unique=True, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Sessions carry the epoch they were made in; logging out bumps it, which ends every
    session of the user, also copies of the cookie."""
    unit: Mapped[str | None] = mapped_column(String(120), nullable=True)
    """Organisational unit (enhet): a caseworker's notes count in its effect measures, a
    unit manager (``enhetschef``) sees its figures. None: "Ingen enhet"."""


class Claim(Base):
    """A caseworker's claim of a room device: the hub's own record of who had it when."""

    __tablename__ = "hub_claims"
    __table_args__ = (Index("ix_hub_claims_device_started", "device_id", "started_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("hub_users.id"))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    released_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    client_informed: Mapped[bool] = mapped_column(Boolean)


class Subject(Base):
    """Whose data a note is: its key (in the key store) is what crypto-shredding deletes."""

    __tablename__ = "hub_subjects"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    """``note``: one note, until assigned to a case; ``case``: a case reference."""
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    shredded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class StoredNote(Base):
    """A note as the hub keeps it: inbox metadata in clear, the document encrypted."""

    __tablename__ = "hub_notes"
    __table_args__ = (
        UniqueConstraint("device_id", "meeting_id", name="uq_hub_notes_device_meeting"),
        # Covers the inbox query: listing and counting never touch the (large) rows.
        Index(
            "ix_hub_notes_inbox",
            "owner_id",
            "received_at",
            "id",
            "status",
            "meeting_date",
            "meeting_time",
            "room",
            "flag_count",
            "device_id",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(String(64))
    meeting_id: Mapped[str] = mapped_column(String(128))
    subject_id: Mapped[str] = mapped_column(ForeignKey("hub_subjects.id"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("hub_users.id"), nullable=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    meeting_date: Mapped[str] = mapped_column(String(10))
    meeting_time: Mapped[str] = mapped_column(String(5))
    room: Mapped[str] = mapped_column(String(120))
    flag_count: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    """A :class:`NoteStatus` value."""
    revision: Mapped[int] = mapped_column(Integer, default=1)
    wrapped_key: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    exported_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    case_tag: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    """Keyed hash of the case number (ärendenummer) the caseworker linked the note to;
    the number itself is only inside the encrypted document."""
    client_answer: Mapped[str | None] = mapped_column(String(8), nullable=True)
    """The client's ``wire.note.ClientAnswer`` (``ja``/``nej``) to "Var det okej att samtalet
    spelades in?", None when unanswered. Only counted in aggregate (``/uppfoljning``); it is
    not in the note document, so no page, export or JSON of the note can show it."""


class AuditEntry(Base):
    """One link of the append-only, hash-chained audit log."""

    __tablename__ = "hub_audit"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(32))
    target: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """Single row holding the chain's tip; updating it first serialises appenders."""

    __tablename__ = "hub_audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class StoredReceipt(Base):
    """A device's signed deletion receipt: evidence that its field copy of a note is gone."""

    __tablename__ = "hub_deletion_receipts"

    device_id: Mapped[str] = mapped_column(String(63), primary_key=True)
    meeting_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    deleted_at: Mapped[str] = mapped_column(String(40))
    signature: Mapped[bytes] = mapped_column(LargeBinary(64))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class NoteFigures(Base):
    """A note's content-free figures, taken at its first approval, for the effect measures.

    Numbers only, so the measures need no decryption and a shredded note still counts.
    """

    __tablename__ = "hub_note_figures"

    note_id: Mapped[int] = mapped_column(ForeignKey("hub_notes.id"), primary_key=True)
    approval_delay_s: Mapped[float] = mapped_column(Float)
    """Seconds from the end of the meeting to the first approval."""
    review_s: Mapped[float] = mapped_column(Float)
    """Measured review time (``hub.services.figures.review_seconds``)."""


class SectionFigures(Base):
    """Per note and section: words of the AI draft, and how many of them the approved text kept."""

    __tablename__ = "hub_section_figures"

    note_id: Mapped[int] = mapped_column(ForeignKey("hub_notes.id"), primary_key=True)
    section: Mapped[str] = mapped_column(String(32), primary_key=True)
    draft_words: Mapped[int] = mapped_column(Integer)
    kept_words: Mapped[int] = mapped_column(Integer)


class FlagFigures(Base):
    """Per note: how many flags of one kind were resolved with one choice."""

    __tablename__ = "hub_flag_figures"

    note_id: Mapped[int] = mapped_column(ForeignKey("hub_notes.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    choice: Mapped[str] = mapped_column(String(16), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
