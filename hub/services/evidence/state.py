"""The hub's current state for the DPIA: the audit chain, accesses per role (counts only),
refusals, retention and shredding, revoked devices and certificates about to expire."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from hub.services.accounts import ROLE_NAMES
from hub.services.audit import ACTION_LABELS
from hub.services.retention import expired
from hub.settings import RetentionSettings
from hub.store import audit
from hub.store.audit import VerifyResult
from hub.store.tables import ROLES, AuditEntry, NoteStatus, StoredNote, User
from provisioning.registry import ACTIVE, REVOKED, DeviceRecord

WINDOW = dt.timedelta(days=30)
"""How far back accesses and refusals are counted, and how far ahead certificates."""
REFUSALS = ("refused", "login_limited")
"""Audit actions of requests that were refused."""
SHREDDING = ("retention", "delete", "shred")
"""Audit actions that crypto-shred notes."""


@dataclass(frozen=True)
class RoleAccesses:
    """What the accounts of one role did in the window, counted per action."""

    role: str
    title: str
    accounts: int
    total: int
    by_action: tuple[tuple[str, int], ...]
    """(Swedish action label, count), largest first."""
    refused: int


@dataclass(frozen=True)
class DeviceLine:
    """A device named in the state: its id, room and the date that matters."""

    device_id: str
    room: str
    at: dt.datetime | None


@dataclass(frozen=True)
class CurrentState:
    """The figures the data-protection officer asks for, counts only."""

    chain: VerifyResult
    since: dt.datetime
    roles: tuple[RoleAccesses, ...]
    refused: int
    """Refused requests in the window, by anyone (also unknown user names)."""
    past_retention: int
    """Notes past their deadline that retention has not shredded yet (should be 0)."""
    shredded: int
    """Notes whose key is deleted (status ``raderad``)."""
    shredded_by: tuple[tuple[str, int], ...]
    """(Swedish action label, count) of the audit rows that shredded them."""
    revoked: tuple[DeviceLine, ...]
    expiring: tuple[DeviceLine, ...]
    """Active devices whose certificate ends within the window (or has ended)."""


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=dt.UTC)


def _role_counts(session: Session, since: dt.datetime) -> list[RoleAccesses]:
    query = (
        select(User.role, AuditEntry.action, func.count())
        .join(User, User.username == AuditEntry.actor)
        .where(AuditEntry.at >= since)
        .group_by(User.role, AuditEntry.action)
    )
    counts: dict[str, Counter[str]] = {role: Counter() for role in ROLES}
    for role, action, count in session.execute(query):
        counts.setdefault(role, Counter())[action] += int(count)
    per_role = session.execute(select(User.role, func.count()).group_by(User.role))
    accounts = {str(role): int(n) for role, n in per_role}
    return [_role_line(role, counter, accounts.get(role, 0)) for role, counter in counts.items()]


def _role_line(role: str, counter: Counter[str], accounts: int) -> RoleAccesses:
    refused = sum(counter.pop(a, 0) for a in REFUSALS)
    by_action = tuple((ACTION_LABELS.get(a, a), n) for a, n in counter.most_common())
    return RoleAccesses(
        role, ROLE_NAMES.get(role, role), accounts, sum(counter.values()), by_action, refused
    )


def _count(session: Session, *where: object) -> int:
    query = select(func.count()).select_from(AuditEntry).where(*where)  # type: ignore[arg-type]
    return int(session.scalar(query) or 0)


def _notes(session: Session, *where: object) -> int:
    query = select(func.count()).select_from(StoredNote).where(*where)  # type: ignore[arg-type]
    return int(session.scalar(query) or 0)


def _devices(session: Session, now: dt.datetime) -> tuple[list[DeviceLine], list[DeviceLine]]:
    revoked, expiring = [], []
    for device in session.scalars(select(DeviceRecord).order_by(DeviceRecord.device_id)):
        if device.status == REVOKED:
            revoked.append(DeviceLine(device.device_id, device.room, _utc(device.revoked_at)))
        ends = device.cert_expires_at
        if device.status == ACTIVE and ends is not None and ends <= now + WINDOW:
            expiring.append(DeviceLine(device.device_id, device.room, ends))
    return revoked, expiring


def current_state(
    sessions: sessionmaker[Session], retention: RetentionSettings, now: dt.datetime
) -> CurrentState:
    """Read the state of the hub database at ``now``."""
    since = now - WINDOW
    with sessions() as session:
        chain = audit.verify(session)
        roles = _role_counts(session, since)
        refused = _count(session, AuditEntry.action.in_(REFUSALS), AuditEntry.at >= since)
        shredded_by = tuple(
            (ACTION_LABELS[a], n)
            for a in SHREDDING
            if (n := _count(session, AuditEntry.action == a, AuditEntry.target.like("note:%")))
        )
        past = _notes(session, expired(retention, now))
        shredded = _notes(session, StoredNote.status == NoteStatus.RADERAD)
        revoked, expiring = _devices(session, now)
    return CurrentState(
        chain,
        since,
        tuple(roles),
        refused,
        past,
        shredded,
        shredded_by,
        tuple(revoked),
        tuple(expiring),
    )
