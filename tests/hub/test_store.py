"""NoteStore: durable dedup, encryption at rest, ownership by hub claim, crypto-shredding."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from hub.store import audit
from hub.store.db import make_engine, session_factory, transaction
from hub.store.keyring import Keyring
from hub.store.notes import NotePayloadError, NoteStore, NoteUnavailableError
from hub.store.tables import StoredNote
from tests.hub.conftest import add_user
from tests.hub.harness import HubFiles, add_claim, sample_payload

RECEIVED = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
MEETING_START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # 10:00+01:00


def _accept(hub: HubFiles, meeting_id: str = "n-1", **kwargs: object) -> bool:
    return hub.store.accept_note(
        device_id="rum-1",
        meeting_id=meeting_id,
        payload=sample_payload(meeting_id, **kwargs),  # type: ignore[arg-type]
        received_at=RECEIVED,
    )


def _row(hub: HubFiles, meeting_id: str = "n-1") -> StoredNote:
    with hub.sessions() as session:
        return session.scalars(select(StoredNote).where(StoredNote.meeting_id == meeting_id)).one()


def test_accept_returns_true_for_a_new_note(hub: HubFiles) -> None:
    """A note never seen before is stored and reported as new."""
    assert _accept(hub) is True


def test_accept_returns_false_for_a_duplicate(hub: HubFiles) -> None:
    """The same (device_id, meeting_id) a second time is reported as already stored."""
    _accept(hub)
    assert _accept(hub) is False


def test_duplicate_leaves_exactly_one_row(hub: HubFiles) -> None:
    """Redelivery never creates a second copy of a note."""
    _accept(hub)
    _accept(hub)
    with hub.sessions() as session:
        assert len(session.scalars(select(StoredNote)).all()) == 1


def test_note_text_is_not_stored_in_clear(hub: HubFiles, tmp_path: Path) -> None:
    """The database file never contains the note's text or the personnummer."""
    _accept(hub)
    hub.engine.dispose()
    raw = (tmp_path / "hub.db").read_bytes()
    assert b"Elsa" not in raw
    assert b"19850101-1234" not in raw


def test_stored_note_decrypts_to_the_draft(hub: HubFiles) -> None:
    """Loading a stored note returns exactly the draft the device sent."""
    _accept(hub)
    doc = hub.store.load(_row(hub))
    assert doc.draft.to_dict() == sample_payload("n-1")["note"]


def test_owner_is_the_hub_claim_holder_not_the_device_field(hub: HubFiles) -> None:
    """A device naming another caseworker cannot route the note away from the claim holder."""
    anna = add_user(hub, "anna")
    add_user(hub, "bertil")
    add_claim(hub.sessions, anna, "rum-1", MEETING_START.replace(hour=8), minutes=120)
    _accept(hub, handlaggare="bertil")
    assert _row(hub).owner_id == anna


def test_no_claim_leaves_the_note_unassigned(hub: HubFiles) -> None:
    """Without a hub claim covering the meeting the note has no owner."""
    add_user(hub, "anna")
    _accept(hub)
    assert _row(hub).owner_id is None


def test_claim_on_another_device_does_not_own_the_note(hub: HubFiles) -> None:
    """A claim on rum-2 does not make its holder the owner of rum-1's note."""
    anna = add_user(hub, "anna")
    add_claim(hub.sessions, anna, "rum-2", MEETING_START.replace(hour=8))
    _accept(hub)
    assert _row(hub).owner_id is None


def test_invalid_payload_is_refused_and_nothing_stored(hub: HubFiles) -> None:
    """A note that breaks the schema raises a clear error and leaves no row or key behind."""
    payload = sample_payload("n-1")
    del payload["note"]["klartext"]
    with pytest.raises(NotePayloadError, match="klartext"):
        hub.store.accept_note(
            device_id="rum-1", meeting_id="n-1", payload=payload, received_at=RECEIVED
        )
    with hub.sessions() as session:
        assert session.scalars(select(StoredNote)).all() == []
    assert hub.keyring.subjects() == []


def test_ingest_writes_an_audit_entry(hub: HubFiles) -> None:
    """Every stored note has an ingest row in the audit chain."""
    _accept(hub)
    with hub.sessions() as session:
        rows = audit.for_target(session, f"note:{_row(hub).id}")
    assert [r.action for r in rows] == ["ingest"]


def test_shredding_the_subject_makes_the_note_unreadable(hub: HubFiles) -> None:
    """After its subject key is deleted a note cannot be loaded."""
    _accept(hub)
    row = _row(hub)
    with transaction(hub.sessions) as session:
        hub.store.shred_subject(session, row.subject_id)
    with pytest.raises(NoteUnavailableError):
        hub.store.load(_row(hub))


def test_shredding_also_defeats_an_old_backup(hub: HubFiles, tmp_path: Path) -> None:
    """A backup of the note database taken before shredding is unreadable afterwards."""
    _accept(hub)
    hub.engine.dispose()
    shutil.copy(tmp_path / "hub.db", tmp_path / "backup.db")
    with transaction(hub.sessions) as session:
        hub.store.shred_subject(session, _row(hub).subject_id)
    backup = session_factory(make_engine(f"sqlite:///{tmp_path / 'backup.db'}"))
    restored = NoteStore(backup, Keyring(hub.keyring.master_key, hub.keyring.keystore))
    with backup() as session:
        old_row = session.scalars(select(StoredNote)).one()
    assert old_row.ciphertext is not None
    with pytest.raises(NoteUnavailableError):
        restored.load(old_row)
