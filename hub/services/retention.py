"""Gallring and shredding: notes past their retention deadline (``python -m hub retention``),
and on request one subject or one case (``shred-subject``, ``shred-case``).

Run it from a systemd timer or cron (e.g. hourly). Every shredded note gets an audit row
by the actor ``gallring``; metadata rows stay so the audit log keeps pointing somewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, sessionmaker

from hub.settings import RetentionSettings
from hub.store import audit
from hub.store.db import transaction
from hub.store.notes import NoteStore
from hub.store.tables import NoteStatus, StoredNote

BATCH = 200


@dataclass(frozen=True)
class RetentionReport:
    """How many notes one retention run shredded, by status."""

    drafts: int
    approved: int
    exported: int

    @property
    def total(self) -> int:
        return self.drafts + self.approved + self.exported


def expired(settings: RetentionSettings, now: datetime) -> object:
    """SQL condition for notes past their deadline, by status."""
    return or_(
        and_(
            StoredNote.status == NoteStatus.UTKAST,
            StoredNote.received_at < now - timedelta(days=settings.draft_days),
        ),
        and_(
            StoredNote.status == NoteStatus.GODKAND,
            StoredNote.approved_at < now - timedelta(days=settings.approved_days),
        ),
        and_(
            StoredNote.status == NoteStatus.EXPORTERAD,
            StoredNote.exported_at < now - timedelta(days=settings.exported_days),
        ),
    )


def run(
    sessions: sessionmaker[Session], store: NoteStore, settings: RetentionSettings, now: datetime
) -> RetentionReport:
    """Shred every expired note, in batches, each batch one transaction."""
    counts = {NoteStatus.UTKAST: 0, NoteStatus.GODKAND: 0, NoteStatus.EXPORTERAD: 0}
    while True:
        with transaction(sessions) as session:
            stmt = select(StoredNote).where(expired(settings, now)).limit(BATCH)  # type: ignore[arg-type]
            rows = session.scalars(stmt).all()
            for row in rows:
                counts[NoteStatus(row.status)] += 1
                audit.append(
                    session,
                    actor="gallring",
                    action="retention",
                    target=f"note:{row.id}",
                    detail={"status": row.status},
                    at=now,
                )
                store.erase(session, row)
        if len(rows) < BATCH:
            break
    return RetentionReport(
        counts[NoteStatus.UTKAST], counts[NoteStatus.GODKAND], counts[NoteStatus.EXPORTERAD]
    )


def shred_subject(
    sessions: sessionmaker[Session], store: NoteStore, subject_id: str, *, actor: str
) -> int:
    """Delete one subject key (its notes become unreadable, also in backups); return the count."""
    with transaction(sessions) as session:
        count = store.shred_subject(session, subject_id)
        audit.append(
            session,
            actor=actor,
            action="shred",
            target=f"subject:{subject_id}",
            detail={"anteckningar": count},
        )
    return count


def shred_case(
    sessions: sessionmaker[Session], store: NoteStore, case_ref: str, *, actor: str
) -> int:
    """Crypto-shred every note linked to a case number, each audited; return the count."""
    with transaction(sessions) as session:
        rows = store.shred_case(session, case_ref)
        for row in rows:
            audit.append(
                session,
                actor=actor,
                action="shred",
                target=f"note:{row.id}",
                detail={"orsak": "arende"},
            )
    return len(rows)
