"""Append-only, hash-chained audit log: who did what to which note or room, and when.

Each entry's hash covers its own fields and the previous entry's hash, so editing,
deleting or reordering any row breaks the chain from that row on. Appenders first bump
the single head row, which serialises them across hub workers (a row lock in
PostgreSQL, the write lock in SQLite). Entries are written in the same transaction as
the action they record, so an action without its audit row cannot commit.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from hashlib import sha256
from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session

from hub.store.tables import AuditEntry, AuditHead

GENESIS = "0" * 64

#: Actions the log records.
ACTIONS = (
    "view",
    "list",
    "edit",
    "rename_speaker",
    "link_case",
    "assign",
    "approve",
    "flag_decision",
    "add_statement",
    "new_version",
    "export",
    "delete",
    "shred",
    "claim",
    "release",
    "login",
    "login_failed",
    "logout",
    "ingest",
    "retention",
    "audit_read",
    "refused",
    "login_limited",
)


def entry_hash(
    prev_hash: str, *, seq: int, at: datetime, actor: str, action: str, target: str, detail: str
) -> str:
    moment = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    body = json.dumps(
        [seq, moment.isoformat(), actor, action, target, detail],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return sha256((prev_hash + body).encode()).hexdigest()


def append(
    session: Session,
    *,
    actor: str,
    action: str,
    target: str,
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Add one entry to the chain inside the caller's transaction."""
    if action not in ACTIONS:
        msg = f"unknown audit action {action!r}; add it to hub.audit.ACTIONS"
        raise ValueError(msg)
    seq, prev = _advance_head(session)
    when = (at or datetime.now(UTC)).replace(microsecond=0)
    text = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)
    digest = entry_hash(
        prev, seq=seq, at=when, actor=actor, action=action, target=target, detail=text
    )
    entry = AuditEntry(
        seq=seq,
        at=when,
        actor=actor,
        action=action,
        target=target,
        detail=text,
        prev_hash=prev,
        hash=digest,
    )
    session.add(entry)
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(hash=digest))
    return entry


@dataclass(frozen=True)
class AuditRecord:
    """One entry to append with :func:`append_many`."""

    actor: str
    action: str
    target: str
    detail: dict[str, Any]
    at: datetime


def append_many(session: Session, records: Sequence[AuditRecord]) -> list[AuditEntry]:
    """Add several entries to the chain, in order, with one head update (bulk ingest)."""
    if not records:
        return []
    unknown = {r.action for r in records} - set(ACTIONS)
    if unknown:
        msg = f"unknown audit actions {sorted(unknown)}; add them to hub.audit.ACTIONS"
        raise ValueError(msg)
    last, prev = _advance_head(session, len(records))
    entries = []
    for seq, record in enumerate(records, start=last - len(records) + 1):
        when = record.at.replace(microsecond=0)
        text = json.dumps(record.detail, ensure_ascii=False, sort_keys=True)
        digest = entry_hash(
            prev,
            seq=seq,
            at=when,
            actor=record.actor,
            action=record.action,
            target=record.target,
            detail=text,
        )
        entries.append(
            AuditEntry(
                seq=seq,
                at=when,
                actor=record.actor,
                action=record.action,
                target=record.target,
                detail=text,
                prev_hash=prev,
                hash=digest,
            )
        )
        prev = digest
    session.add_all(entries)
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(hash=prev))
    return entries


def _advance_head(session: Session, count: int = 1) -> tuple[int, str]:
    """Reserve ``count`` sequence numbers; return the last one and the hash before them."""
    bumped = session.execute(
        update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq + count)
    )
    if bumped.rowcount == 0:  # type: ignore[attr-defined]
        session.add(AuditHead(id=1, seq=count, hash=GENESIS))
        session.flush()
    head = session.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)).one()
    return int(head.seq), str(head.hash)


@dataclass(frozen=True)
class VerifyResult:
    """Whether the audit chain is intact, and over how many entries."""

    ok: bool
    entries: int
    problem: str | None = None
    """Where the chain breaks, in words, when it does."""


def verify(session: Session, *, batch: int = 5000) -> VerifyResult:
    """Recompute the whole chain; report the first entry that does not fit."""
    prev, expected, count = GENESIS, 1, 0
    last_seq = 0
    while True:
        stmt = select(AuditEntry).where(AuditEntry.seq > last_seq).order_by(AuditEntry.seq)
        rows = session.scalars(stmt.limit(batch)).all()
        if not rows:
            break
        for row in rows:
            problem = _check_row(row, expected, prev)
            if problem:
                return VerifyResult(ok=False, entries=count, problem=problem)
            prev, expected, count, last_seq = row.hash, expected + 1, count + 1, row.seq
    head = session.get(AuditHead, 1)
    if head is not None and (head.seq != count or head.hash != prev):
        problem = f"chain ends at entry {count} but the head says {head.seq}: rows were removed"
        return VerifyResult(ok=False, entries=count, problem=problem)
    return VerifyResult(ok=True, entries=count)


def _check_row(row: AuditEntry, expected_seq: int, prev: str) -> str | None:
    if row.seq != expected_seq:
        return f"entry {expected_seq} is missing (next present is {row.seq})"
    if row.prev_hash != prev:
        return f"entry {row.seq} does not link to entry {row.seq - 1}"
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=UTC)
    digest = entry_hash(
        prev,
        seq=row.seq,
        at=at,
        actor=row.actor,
        action=row.action,
        target=row.target,
        detail=row.detail,
    )
    if digest != row.hash:
        return f"entry {row.seq} was altered after it was written"
    return None


@dataclass(frozen=True)
class AuditFilter:
    """Which entries the data-protection officer asked for; ``None`` means any."""

    actor: str | None = None
    target: str | None = None
    action: str | None = None


def _filtered(stmt: Select[Any], where: AuditFilter) -> Select[Any]:
    if where.actor is not None:
        stmt = stmt.where(AuditEntry.actor == where.actor)
    if where.target is not None:
        stmt = stmt.where(AuditEntry.target == where.target)
    if where.action is not None:
        stmt = stmt.where(AuditEntry.action == where.action)
    return stmt


def page(
    session: Session, *, offset: int, limit: int, where: AuditFilter | None = None
) -> list[AuditEntry]:
    """Newest first, for the data-protection officer's view, optionally filtered."""
    stmt = _filtered(select(AuditEntry), where or AuditFilter())
    stmt = stmt.order_by(AuditEntry.seq.desc()).offset(offset).limit(limit)
    return list(session.scalars(stmt))


def count(session: Session, where: AuditFilter | None = None) -> int:
    stmt = _filtered(select(func.count()).select_from(AuditEntry), where or AuditFilter())
    return int(session.scalar(stmt) or 0)


def for_target(session: Session, target: str) -> list[AuditEntry]:
    stmt = select(AuditEntry).where(AuditEntry.target == target).order_by(AuditEntry.seq)
    return list(session.scalars(stmt))
