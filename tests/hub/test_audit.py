"""The audit log is a hash chain: intact chains verify, any tampering is detected."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, update

from hub.store import audit
from hub.store.db import transaction
from hub.store.tables import AuditEntry
from tests.hub.harness import HubFiles


def _fill(hub: HubFiles, n: int = 5) -> None:
    for i in range(n):
        with transaction(hub.sessions) as session:
            audit.append(session, actor="anna", action="view", target=f"note:{i}")


def _verify(hub: HubFiles) -> audit.VerifyResult:
    with hub.sessions() as session:
        return audit.verify(session)


def test_intact_chain_verifies(hub: HubFiles) -> None:
    """A chain written only through append verifies with every entry counted."""
    _fill(hub)
    assert _verify(hub) == audit.VerifyResult(ok=True, entries=5)


def test_edited_entry_is_detected(hub: HubFiles) -> None:
    """Changing who read a note breaks the chain at that entry."""
    _fill(hub)
    with transaction(hub.sessions) as session:
        session.execute(update(AuditEntry).where(AuditEntry.seq == 3).values(actor="bertil"))
    result = _verify(hub)
    assert not result.ok
    assert result.problem == "entry 3 was altered after it was written"


def test_deleted_entry_is_detected(hub: HubFiles) -> None:
    """Removing a row in the middle is detected as a gap."""
    _fill(hub)
    with transaction(hub.sessions) as session:
        session.execute(delete(AuditEntry).where(AuditEntry.seq == 2))
    assert _verify(hub).problem == "entry 2 is missing (next present is 3)"


def test_truncated_tail_is_detected(hub: HubFiles) -> None:
    """Removing the newest rows is detected against the chain head."""
    _fill(hub)
    with transaction(hub.sessions) as session:
        session.execute(delete(AuditEntry).where(AuditEntry.seq >= 4))
    assert not _verify(hub).ok


def test_rehashed_entry_still_breaks_the_link(hub: HubFiles) -> None:
    """Recomputing one entry's own hash after editing it breaks the next entry's link."""
    _fill(hub)
    with transaction(hub.sessions) as session:
        row = session.get(AuditEntry, 2)
        assert row is not None
        row.actor = "bertil"
        row.hash = audit.entry_hash(
            row.prev_hash,
            seq=2,
            at=row.at,
            actor="bertil",
            action=row.action,
            target=row.target,
            detail=row.detail,
        )
    assert _verify(hub).problem == "entry 3 does not link to entry 2"


def test_unknown_action_is_refused(hub: HubFiles) -> None:
    """Only documented actions enter the log."""
    with transaction(hub.sessions) as session, pytest.raises(ValueError, match="peek"):
        audit.append(session, actor="anna", action="peek", target="x")
