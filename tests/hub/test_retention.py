"""Retention deadlines per status: drafts, approved and exported notes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from hub.services import retention
from hub.settings import RetentionSettings
from hub.store import audit
from hub.store.db import transaction
from hub.store.tables import StoredNote
from tests.hub.harness import HubFiles, sample_payload

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
RULES = RetentionSettings(draft_days=30, approved_days=20, exported_days=10)


def _note(hub: HubFiles, meeting_id: str, status: str, days_ago: int) -> None:
    moment = NOW - timedelta(days=days_ago)
    hub.store.accept_note(
        device_id="rum-1",
        meeting_id=meeting_id,
        payload=sample_payload(meeting_id),
        received_at=moment,
    )
    with transaction(hub.sessions) as session:
        row = session.scalars(select(StoredNote).where(StoredNote.meeting_id == meeting_id)).one()
        row.status = status
        row.approved_at = moment if status != "utkast" else None
        row.exported_at = moment if status == "exporterad" else None


def _statuses(hub: HubFiles) -> dict[str, str]:
    with hub.sessions() as session:
        rows = session.execute(select(StoredNote.meeting_id, StoredNote.status)).all()
    return {str(row[0]): str(row[1]) for row in rows}


def test_each_status_has_its_own_deadline(hub: HubFiles) -> None:
    """Notes past their status's deadline are shredded, the others kept."""
    _note(hub, "draft-old", "utkast", 31)
    _note(hub, "draft-new", "utkast", 29)
    _note(hub, "approved-old", "godkand", 21)
    _note(hub, "approved-new", "godkand", 19)
    _note(hub, "exported-old", "exporterad", 11)
    _note(hub, "exported-new", "exporterad", 9)
    report = retention.run(hub.sessions, hub.store, RULES, NOW)
    assert (report.drafts, report.approved, report.exported) == (1, 1, 1)
    assert _statuses(hub) == {
        "draft-old": "raderad",
        "draft-new": "utkast",
        "approved-old": "raderad",
        "approved-new": "godkand",
        "exported-old": "raderad",
        "exported-new": "exporterad",
    }


def test_shredded_note_keys_are_gone(hub: HubFiles) -> None:
    """Retention deletes the subject key, not only the row's ciphertext."""
    _note(hub, "old", "utkast", 31)
    with hub.sessions() as session:
        subject = session.scalars(select(StoredNote.subject_id)).one()
    retention.run(hub.sessions, hub.store, RULES, NOW)
    assert subject not in hub.keyring.subjects()


def test_retention_is_audited_and_idempotent(hub: HubFiles) -> None:
    """Each shred is one audit row by gallring; a second run finds nothing."""
    _note(hub, "old", "utkast", 31)
    retention.run(hub.sessions, hub.store, RULES, NOW)
    assert retention.run(hub.sessions, hub.store, RULES, NOW).total == 0
    with hub.sessions() as session:
        rows = [e for e in audit.page(session, offset=0, limit=10) if e.action == "retention"]
    assert [r.actor for r in rows] == ["gallring"]
