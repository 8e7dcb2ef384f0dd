"""Outbox: durability across reopen, order, backoff, ack removal and receipts."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from device.delivery.outbox import Outbox, OutboxError
from wire.status import DeletionReceipt


def _outbox(tmp_path: Path) -> Outbox:
    return Outbox(tmp_path / "outbox.db", retry_initial_s=5.0, retry_max_s=40.0)


def test_entries_survive_reopening_the_file(tmp_path: Path) -> None:
    """A queued note is still there after the outbox is closed and opened again."""
    box = _outbox(tmp_path)
    box.add("n-1", b"sealed", now=0)
    box.close()
    assert [e.envelope for e in _outbox(tmp_path).due(now=0)] == [b"sealed"]


def test_due_entries_come_oldest_first(tmp_path: Path) -> None:
    """Notes are handed out in the order they were queued."""
    box = _outbox(tmp_path)
    for i in range(5):
        box.add(f"n-{4 - i}", b"x", now=0)
    assert [e.meeting_id for e in box.due(now=0, window=5)] == ["n-4", "n-3", "n-2", "n-1", "n-0"]


def test_default_window_hands_out_only_the_oldest_note(tmp_path: Path) -> None:
    """With window 1 a newer note waits until the oldest is acked."""
    box = _outbox(tmp_path)
    box.add("n-1", b"x", now=0)
    box.add("n-2", b"x", now=0)
    box.mark_published("n-1", now=0)
    assert box.due(now=1) == []
    box.remove("n-1")
    assert [e.meeting_id for e in box.due(now=1)] == ["n-2"]


def test_same_meeting_id_is_queued_once(tmp_path: Path) -> None:
    """Queuing a meeting id twice keeps one entry."""
    box = _outbox(tmp_path)
    assert box.add("n-1", b"a", now=0)
    assert not box.add("n-1", b"b", now=0)
    assert box.pending() == 1


def test_published_entry_waits_with_exponential_backoff(tmp_path: Path) -> None:
    """After each publish the next attempt waits 5, 10, 20, then the 40 s cap."""
    box = _outbox(tmp_path)
    box.add("n-1", b"x", now=0)
    waits = []
    now = 0.0
    for _ in range(5):
        box.mark_published("n-1", now=now)
        nxt = now
        while not box.due(now=nxt):
            nxt += 1
        waits.append(nxt - now)
        now = nxt
    assert waits == [5, 10, 20, 40, 40]


def test_reschedule_all_makes_waiting_entries_due(tmp_path: Path) -> None:
    """After a reconnect every unacked note is due again."""
    box = _outbox(tmp_path)
    box.add("n-1", b"x", now=0)
    box.mark_published("n-1", now=0)
    box.reschedule_all(now=1)
    assert [e.meeting_id for e in box.due(now=1)] == ["n-1"]


def test_remove_on_ack_deletes_the_entry_once(tmp_path: Path) -> None:
    """An ack removes the note; a second ack for it reports nothing removed."""
    box = _outbox(tmp_path)
    box.add("n-1", b"x", now=0)
    assert box.remove("n-1")
    assert not box.remove("n-1")
    assert box.pending() == 0


def test_parked_note_leaves_the_queue_but_is_kept(tmp_path: Path) -> None:
    """A note the hub rejected moves to the parked table with its reason."""
    box = _outbox(tmp_path)
    box.add("n-1", b"x", now=0)
    box.add("n-2", b"y", now=0)
    assert box.park("n-1", "wrong-recipient")
    assert (box.parked(), [e.meeting_id for e in box.due(now=0)]) == (
        [("n-1", "wrong-recipient")],
        ["n-2"],
    )


def test_outbox_uses_wal_and_full_sync(tmp_path: Path) -> None:
    """The file is in WAL mode (the journal mode persists in the file)."""
    _outbox(tmp_path).add("n-1", b"x")
    db = sqlite3.connect(tmp_path / "outbox.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_receipts_are_kept_until_reported(tmp_path: Path) -> None:
    """A receipt is listed until marked reported, then no more."""
    box = _outbox(tmp_path)
    box.add_receipt(DeletionReceipt("rum-1", "n-1", "2026-11-22T10:00:00Z", b"sig"))
    assert [r.meeting_id for r in box.unreported_receipts("rum-1")] == ["n-1"]
    box.mark_receipts_reported(["n-1"])
    assert box.unreported_receipts("rum-1") == []


def test_unusable_path_gives_an_outbox_error(tmp_path: Path) -> None:
    """A directory in place of the file is reported as an OutboxError naming the path."""
    (tmp_path / "outbox.db").mkdir()
    with pytest.raises(OutboxError, match=r"outbox\.db"):
        _outbox(tmp_path)


_LEGACY_SCHEMA = """
CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    note_id TEXT NOT NULL UNIQUE,
    envelope BLOB NOT NULL,
    queued_at REAL NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL
);
CREATE TABLE parked (
    note_id TEXT PRIMARY KEY, envelope BLOB NOT NULL, reason TEXT NOT NULL, parked_at REAL NOT NULL
);
CREATE TABLE receipts (
    note_id TEXT PRIMARY KEY,
    deleted_at TEXT NOT NULL,
    signature BLOB NOT NULL,
    reported INTEGER NOT NULL DEFAULT 0
);
INSERT INTO outbox (note_id, envelope, queued_at, next_attempt_at) VALUES ('n-1', x'01', 0, 0);
INSERT INTO parked VALUES ('n-2', x'02', 'bad-payload', 0);
INSERT INTO receipts VALUES ('n-3', '2026-11-22T11:00:00Z', x'03', 0);
"""
"""An outbox.db as the version before the meeting-id rename wrote it, one row per table."""


def _legacy_outbox(tmp_path: Path) -> Outbox:
    db = sqlite3.connect(tmp_path / "outbox.db")
    db.executescript(_LEGACY_SCHEMA)
    db.close()
    return _outbox(tmp_path)


def test_legacy_outbox_keeps_its_queued_note(tmp_path: Path) -> None:
    """A note queued by the previous version is still due, under its meeting id."""
    assert [(e.meeting_id, e.envelope) for e in _legacy_outbox(tmp_path).due(now=0)] == [
        ("n-1", b"\x01")
    ]


def test_legacy_outbox_keeps_its_parked_note(tmp_path: Path) -> None:
    """A note parked by the previous version stays parked, with its reason."""
    assert _legacy_outbox(tmp_path).parked() == [("n-2", "bad-payload")]


def test_legacy_outbox_keeps_its_unreported_receipt(tmp_path: Path) -> None:
    """A receipt kept by the previous version is still to be reported."""
    receipts = _legacy_outbox(tmp_path).unreported_receipts("rum-1")
    assert [(r.meeting_id, r.signature) for r in receipts] == [("n-3", b"\x03")]


def test_legacy_outbox_columns_are_renamed_in_place(tmp_path: Path) -> None:
    """Opening an outbox of the previous version renames every ``note_id`` column."""
    _legacy_outbox(tmp_path).close()
    db = sqlite3.connect(tmp_path / "outbox.db")
    columns = {
        table: {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        for table in ("outbox", "parked", "receipts")
    }
    db.close()
    assert all("meeting_id" in c and "note_id" not in c for c in columns.values()), columns
