"""NoteStore.accept_notes: many notes in one commit, dedup inside and across batches."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from hub.store import audit
from hub.store.db import transaction
from hub.store.notes import IncomingNote
from hub.store.tables import StoredNote
from tests.hub.harness import HubFiles, sample_payload
from wire.note import Note
from wire.transcript import Transcript

RECEIVED = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def _incoming(meeting_id: str, device_id: str = "rum-1") -> IncomingNote:
    data = sample_payload(meeting_id, device_id=device_id)
    return IncomingNote(
        device_id,
        meeting_id,
        Note.from_dict(data["note"]),
        Transcript.from_dict(data["transcript"]),
        RECEIVED,
    )


def _stored(hub: HubFiles) -> list[tuple[str, str]]:
    with hub.sessions() as session:
        rows = session.execute(
            select(StoredNote.device_id, StoredNote.meeting_id).order_by(StoredNote.id)
        )
        return [(r.device_id, r.meeting_id) for r in rows]


def test_batch_stores_every_new_note_in_order(hub: HubFiles) -> None:
    """A batch of new notes from two devices is stored completely, in arrival order."""
    batch = [_incoming("n-1"), _incoming("n-1", "rum-2"), _incoming("n-2")]
    assert hub.store.accept_notes(batch) == [True, True, True]
    assert _stored(hub) == [("rum-1", "n-1"), ("rum-2", "n-1"), ("rum-1", "n-2")]


def test_duplicate_inside_one_batch_is_stored_once(hub: HubFiles) -> None:
    """The same (device, note) twice in one batch is stored once; the repeat is a duplicate."""
    assert hub.store.accept_notes([_incoming("n-1"), _incoming("n-1")]) == [True, False]
    assert _stored(hub) == [("rum-1", "n-1")]


def test_note_stored_by_an_earlier_batch_is_a_duplicate(hub: HubFiles) -> None:
    """A note already stored is reported as a duplicate while the rest of the batch is stored."""
    hub.store.accept_notes([_incoming("n-1")])
    assert hub.store.accept_notes([_incoming("n-1"), _incoming("n-2")]) == [False, True]
    assert _stored(hub) == [("rum-1", "n-1"), ("rum-1", "n-2")]


def test_each_note_of_a_batch_gets_its_own_subject_key(hub: HubFiles) -> None:
    """Every note in a batch has its own subject in the key store and decrypts on its own."""
    hub.store.accept_notes([_incoming("n-1"), _incoming("n-2")])
    with hub.sessions() as session:
        rows = list(session.scalars(select(StoredNote).order_by(StoredNote.id)))
    assert sorted(hub.keyring.subjects()) == sorted(r.subject_id for r in rows)
    assert [hub.store.load(r).draft.meeting_id for r in rows] == ["n-1", "n-2"]


def test_every_note_of_a_batch_has_its_audit_entry(hub: HubFiles) -> None:
    """The audit chain gets one ingest entry per stored note and still verifies."""
    hub.store.accept_notes([_incoming("n-1"), _incoming("n-2"), _incoming("n-3")])
    with hub.sessions() as session:
        result = audit.verify(session)
    assert (result.ok, result.entries) == (True, 3)


def test_note_stored_by_another_worker_mid_batch_leaves_the_rest_stored(
    hub: HubFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If another worker stored a note after the dedup check, the others are still stored."""
    hub.store.accept_notes([_incoming("n-2")])
    real_fresh = hub.store._fresh
    stale = [True]

    def check_before_the_other_commit(notes: Sequence[IncomingNote]) -> list[int]:
        if stale.pop() if stale else False:
            return list(range(len(notes)))  # saw nothing stored yet
        return real_fresh(notes)

    monkeypatch.setattr(hub.store, "_fresh", check_before_the_other_commit)
    batch = [_incoming("n-1"), _incoming("n-2"), _incoming("n-3")]
    assert hub.store.accept_notes(batch) == [True, False, True]
    assert _stored(hub) == [("rum-1", "n-2"), ("rum-1", "n-1"), ("rum-1", "n-3")]
    assert len(hub.keyring.subjects()) == 3  # the rolled-back attempt's keys were shredded


def _refuse_note(hub: HubFiles, meeting_id: str) -> None:
    with hub.engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TRIGGER refuse_bad BEFORE INSERT ON hub_notes "
                f"WHEN NEW.meeting_id = '{meeting_id}' BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )
        )


def test_database_refusing_one_note_commits_nothing_of_the_batch(hub: HubFiles) -> None:
    """A batch with a note the database refuses raises and leaves no row and no subject key."""
    _refuse_note(hub, "n-bad")
    with pytest.raises(IntegrityError, match="refused"):
        hub.store.accept_notes([_incoming("n-1"), _incoming("n-bad")])
    assert (_stored(hub), hub.keyring.subjects()) == ([], [])


def test_batch_audit_entries_continue_the_chain_between_single_appends(hub: HubFiles) -> None:
    """Single audit appends before and after a batch leave one unbroken, verifiable chain."""
    with transaction(hub.sessions) as session:
        audit.append(session, actor="anna", action="login", target="user:anna")
    hub.store.accept_notes([_incoming("n-1"), _incoming("n-2")])
    with transaction(hub.sessions) as session:
        audit.append(session, actor="anna", action="logout", target="user:anna")
    with hub.sessions() as session:
        result = audit.verify(session)
    assert (result.ok, result.entries) == (True, 4)
