"""The audit log as the services write and read it: refusals, and the data-protection
officer's filtered, Swedish-labelled reading of the log (itself audited)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from hub.services.accounts import Account
from hub.store import audit
from hub.store.audit import AuditFilter, VerifyResult
from hub.store.db import transaction
from hub.store.tables import AuditEntry

__all__ = [
    "ACTION_LABELS",
    "AuditFilter",
    "AuditLine",
    "AuditPage",
    "AuditService",
    "record_refusal",
    "refusals",
]

#: What each audit action is called on the audit page (every action in ``audit.ACTIONS``).
ACTION_LABELS = {
    "view": "Läste anteckning",
    "list": "Listade",
    "edit": "Redigerade anteckning",
    "rename_speaker": "Namngav talare",
    "link_case": "Kopplade till ärende",
    "assign": "Tilldelade anteckning",
    "approve": "Godkände anteckning",
    "flag_decision": "Beslutade om flagga",
    "add_statement": "Förde in ett avsnitt i anteckningen",
    "new_version": "Öppnade ny version av godkänd anteckning",
    "export": "Exporterade",
    "delete": "Raderade anteckning",
    "shred": "Makulerade (kryptoradering)",
    "claim": "Bokade rum",
    "release": "Avslutade bokning",
    "login": "Loggade in",
    "login_failed": "Misslyckad inloggning",
    "logout": "Loggade ut",
    "ingest": "Tog emot anteckning från enhet",
    "retention": "Gallrade enligt bevarandetid",
    "audit_read": "Läste loggboken",
    "refused": "Nekad åtkomst",
    "login_limited": "Inloggning spärrad (för många försök)",
}

#: What a ``list`` entry listed, by its target.
LIST_LABELS = {
    "inbox": "Listade inkorgen",
    "unassigned": "Listade anteckningar utan ägare",
    "claims": "Listade sina bokningar",
    "uppfoljning": "Läste uppföljningen (effektmått)",
}

#: Swedish names of the detail keys the services write.
DETAIL_LABELS = {
    "sida": "sida",
    "antal": "antal",
    "andrade": "ändrade",
    "pastaende": "påstående",
    "anteckningar": "anteckningar",
    "claim": "bokning",
    "flagga": "flagga",
    "format": "format",
    "typ": "typ",
    "val": "val",
    "klient": "klientadress",
    "klienten_informerad": "klienten informerad",
    "metod": "inloggningssätt",
    "minutes": "minuter",
    "narvarande": "närvarande",
    "orsak": "orsak",
    "resultat": "resultat",
    "status": "status",
    "till": "till",
    "version": "version",
    "utfall": "utfall",
    "skal": "skäl",
    "sokvag": "sökväg",
    "device_id": "enhet",
    "meeting_id": "möte",
    "owner": "ägare",
    "device_says": "enheten angav handläggare",
    "mismatch": "avvikelse",
    "urval": "urval",
}

#: The outcome a refused request is recorded with.
REFUSED = "nekad"


@dataclass(frozen=True)
class AuditLine:
    """One audit entry as the log page shows it: Swedish label and readable details."""

    seq: int
    at: datetime
    actor: str
    action: str
    label: str
    target: str
    detail: str
    """The details as ``nyckel: värde`` text, separated by semicolons."""

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditLine:
        return cls(
            entry.seq,
            entry.at,
            entry.actor,
            entry.action,
            label_of(entry.action, entry.target),
            entry.target,
            readable(entry.detail),
        )


def label_of(action: str, target: str = "") -> str:
    """The Swedish label of an action (listings say what was listed)."""
    if action == "list" and target in LIST_LABELS:
        return LIST_LABELS[target]
    return ACTION_LABELS.get(action, action)


def readable(detail: str) -> str:
    """Stored JSON details as Swedish ``nyckel: värde`` text."""
    try:
        data = json.loads(detail) if detail else {}
    except ValueError:
        return detail
    if not isinstance(data, dict):
        return _value(data)
    return "; ".join(
        f"{DETAIL_LABELS.get(k, k.replace('_', ' '))}: {_value(v)}" for k, v in data.items()
    )


def _value(value: Any) -> str:
    if value is True:
        return "ja"
    if value is False:
        return "nej"
    if value is None:
        return "–"
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{DETAIL_LABELS.get(k, k)} {_value(v)}" for k, v in value.items())
    return str(value)


@dataclass(frozen=True)
class AuditPage:
    """One page of the audit log, with the total and the chain's check."""

    entries: list[AuditLine]
    total: int
    check: VerifyResult
    """The whole chain recomputed, after this read was appended."""


def record_refusal(
    sessions: sessionmaker[Session], *, actor: str, target: str, status: int, reason: str
) -> None:
    """Audit a refused request in its own transaction (the refused one was rolled back)."""
    with transaction(sessions) as session:
        audit.append(
            session,
            actor=actor[:120],
            action="refused",
            target=target[:200],
            detail={"utfall": REFUSED, "status": status, "skal": reason},
        )


@contextmanager
def refusals(
    sessions: sessionmaker[Session],
    actor: str,
    target: str,
    errors: tuple[tuple[type[Exception], int], ...],
) -> Iterator[None]:
    """Audit any of ``errors`` (with its HTTP status) raised inside, then re-raise it."""
    try:
        yield
    except tuple(e for e, _ in errors) as exc:
        status = next(s for e, s in errors if isinstance(exc, e))
        record_refusal(sessions, actor=actor, target=target, status=status, reason=str(exc))
        raise


class AuditService:
    """Pages of the audit log, newest first, with the chain check; refusals from the web."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def read(
        self, reader: Account, *, page: int, size: int, where: AuditFilter | None = None
    ) -> AuditPage:
        """Record the read, then return the (filtered) page and verify the chain."""
        where = where or AuditFilter()
        asked = {"sida": page}
        asked |= {k: v for k, v in vars(where).items() if v is not None}
        with transaction(self._sessions) as session:
            audit.append(
                session, actor=reader.username, action="audit_read", target="audit", detail=asked
            )
            entries = audit.page(session, offset=(page - 1) * size, limit=size, where=where)
            lines = [AuditLine.of(e) for e in entries]
            total = audit.count(session, where)
        with self._sessions() as session:
            check = audit.verify(session)
        return AuditPage(lines, total, check)

    def refused(self, actor: str, target: str, *, status: int, reason: str) -> None:
        """Audit a request the web layer refused (e.g. a page the role may not see)."""
        record_refusal(self._sessions, actor=actor, target=target, status=status, reason=reason)

    def login_limited(self, username: str, client: str) -> None:
        """Audit a login refused by the rate limit, before the password is even checked."""
        with transaction(self._sessions) as session:
            audit.append(
                session,
                actor=username[:120] or "okand",
                action="login_limited",
                target="session",
                detail={"utfall": REFUSED, "status": 429, "klient": client},
            )
