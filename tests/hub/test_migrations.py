"""Alembic migrations produce exactly the schema the models declare."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select, text

import hub.store.tables
import provisioning.registry
from hub.ingest.receipts import ReceiptStore
from hub.migrate import upgrade
from hub.services.accounts import NO_UNIT, Account
from hub.services.measures import MeasureService
from hub.settings import MeasureSettings
from hub.store.db import Base, make_engine, session_factory
from hub.store.keyring import new_data_key, seal
from hub.store.notes import NoteStore
from hub.store.tables import StoredNote, User
from tests.hub.harness import HubFiles, hub_in, sample_payload

BEFORE_MEETING_ID = "0005"
"""The last revision whose notes and receipts name the meeting id ``note_id``."""

_ = (provisioning.registry, hub.store.tables)


def schema_drift(url: str) -> list[object]:
    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    return list(diff)


def test_sqlite_migrations_match_the_models(tmp_path: Path) -> None:
    """After upgrade to head a SQLite database has no difference from the declared tables."""
    assert schema_drift(f"sqlite:///{tmp_path / 'hub.db'}") == []


def _legacy_note(meeting_id: str) -> dict[str, Any]:
    """A sample note as the previous version stored it: ``note_id``, and ``meta.meeting_id``."""
    note = sample_payload(meeting_id)["note"]
    legacy = {("note_id" if key == "meeting_id" else key): value for key, value in note.items()}
    legacy["meta"] = {**note["meta"], "meeting_id": f"m-{meeting_id}"}
    return legacy


def _store_legacy_note(hub: HubFiles, url: str, meeting_id: str) -> None:
    """Write one note into a database at the previous head, the way that version did."""
    payload = sample_payload(meeting_id)
    note = _legacy_note(meeting_id)
    document = {"draft": note, "transcript": payload["transcript"], "current": note}
    subject_id = f"note-{meeting_id}"
    subject_key = hub.keyring.create_subjects([subject_id])[subject_id]
    data_key = new_data_key()
    aad = f"samtal-hub/note/rum-1/{meeting_id}".encode()
    values = {
        "subject": subject_id,
        "meeting_id": meeting_id,
        "at": datetime(2026, 11, 20, 10, tzinfo=UTC),
        "wrapped": hub.keyring.wrap_data_key(subject_id, data_key, subject_key=subject_key),
        "ct": seal(data_key, json.dumps(document, ensure_ascii=False).encode(), aad),
    }
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO hub_subjects (id, kind, created_at) VALUES (:subject, 'note', :at)"),
            values,
        )
        connection.execute(
            text(
                "INSERT INTO hub_notes (device_id, note_id, subject_id, received_at,"
                " meeting_date, meeting_time, room, flag_count, status, revision, wrapped_key,"
                " ciphertext) VALUES ('rum-1', :meeting_id, :subject, :at, '2026-11-20',"
                " '10:00', 'Rum 1', 2, 'utkast', 1, :wrapped, :ct)"
            ),
            values,
        )
    engine.dispose()


def test_note_stored_before_the_rename_is_served_after_the_upgrade(tmp_path: Path) -> None:
    """A note stored under ``note_id`` at the previous head loads by its meeting id at head."""
    hub = hub_in(tmp_path)
    url = f"sqlite:///{tmp_path / 'old-hub.db'}"
    upgrade(url, BEFORE_MEETING_ID)
    _store_legacy_note(hub, url, "n-0001")
    upgrade(url)
    engine = make_engine(url)
    sessions = session_factory(engine)
    with sessions() as session:
        row = session.scalars(select(StoredNote).where(StoredNote.meeting_id == "n-0001")).one()
        document = NoteStore(sessions, hub.keyring).load(row)
    engine.dispose()
    assert (document.draft.meeting_id, document.current.meta.datum) == ("n-0001", "2026-11-20")


def test_receipt_stored_before_the_rename_is_found_by_meeting_id_after_the_upgrade(
    tmp_path: Path,
) -> None:
    """A deletion receipt kept under ``note_id`` at the previous head is found at head."""
    url = f"sqlite:///{tmp_path / 'hub.db'}"
    upgrade(url, BEFORE_MEETING_ID)
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO hub_deletion_receipts (device_id, note_id, deleted_at, signature,"
                " recorded_at) VALUES ('rum-1', 'n-0001', '2026-11-20T11:00:00Z', :sig, :at)"
            ),
            {"sig": b"\x01" * 64, "at": datetime(2026, 11, 20, 11, tzinfo=UTC)},
        )
    upgrade(url)
    receipt = ReceiptStore(session_factory(engine)).get("rum-1", "n-0001")
    engine.dispose()
    assert receipt is not None
    assert receipt.meeting_id == "n-0001"


BEFORE_MEASURES = "0006"
"""The last revision without units, client answers and the notes' figures."""


def test_a_0006_database_with_data_upgrades_and_counts_its_notes(tmp_path: Path) -> None:
    """An account and an approved note stored at 0006 get no unit and no answer at head, and
    the note counts as recorded and approved in "Ingen enhet"."""
    url = f"sqlite:///{tmp_path / 'hub.db'}"
    upgrade(url, BEFORE_MEASURES)
    at = datetime(2026, 11, 20, 10, tzinfo=UTC)
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO hub_users (username, display_name, role, active, created_at,"
                " session_epoch) VALUES ('anna', 'Anna', 'handlaggare', 1, :at, 0)"
            ),
            {"at": at},
        )
        connection.execute(
            text("INSERT INTO hub_subjects (id, kind, created_at) VALUES ('note-1', 'note', :at)"),
            {"at": at},
        )
        connection.execute(
            text(
                "INSERT INTO hub_notes (device_id, meeting_id, subject_id, owner_id, received_at,"
                " meeting_date, meeting_time, room, flag_count, status, revision, approved_at)"
                " VALUES ('rum-1', 'm-1', 'note-1', 1, :at, '2026-11-20', '10:00', 'Rum 1', 2,"
                " 'godkand', 3, :at)"
            ),
            {"at": at},
        )
    upgrade(url)
    sessions = session_factory(engine)
    with sessions() as session:
        user = session.scalars(select(User)).one()
        note = session.scalars(select(StoredNote)).one()
        assert (user.unit, note.client_answer) == (None, None)
    dpo = Account(2, "dora", "Dora", "dataskyddsombud", True, 0, True, False)
    report = MeasureService(sessions, MeasureSettings(min_group=1)).report(
        dpo, date(2026, 11, 25), fmt="test"
    )
    engine.dispose()
    (row,) = [r for r in report.rows[NO_UNIT] if r.week == "2026-v47"]
    assert (row.values["inspelade_moten"], row.values["andel_godkanda"]) == (1, 1.0)
