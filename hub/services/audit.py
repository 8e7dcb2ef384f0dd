"""The data-protection officer's reading of the audit log (itself audited)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from hub.services.accounts import Account
from hub.store import audit
from hub.store.audit import VerifyResult
from hub.store.db import transaction
from hub.store.tables import AuditEntry


@dataclass(frozen=True)
class AuditLine:
    """One audit entry as the log page shows it."""

    seq: int
    at: datetime
    actor: str
    action: str
    target: str
    detail: str

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditLine:
        return cls(entry.seq, entry.at, entry.actor, entry.action, entry.target, entry.detail)


@dataclass(frozen=True)
class AuditPage:
    """One page of the audit log, with the total and the chain's check."""

    entries: list[AuditLine]
    total: int
    check: VerifyResult
    """The whole chain recomputed, after this read was appended."""


class AuditService:
    """Pages of the audit log, newest first, with the chain check."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def read(self, reader: Account, *, page: int, size: int) -> AuditPage:
        """Record the read, then return the page and verify the chain."""
        with transaction(self._sessions) as session:
            audit.append(
                session,
                actor=reader.username,
                action="audit_read",
                target="audit",
                detail={"sida": page},
            )
            entries = audit.page(session, offset=(page - 1) * size, limit=size)
            lines = [AuditLine.of(e) for e in entries]
            total = audit.count(session)
        with self._sessions() as session:
            check = audit.verify(session)
        return AuditPage(lines, total, check)
