"""Durable outbox of sealed notes and deletion receipts (SQLite, WAL, synchronous=FULL).

A note stays here until the hub's application ack: only the ack proves the hub committed
it. Entries are published in insertion order, one at a time by default (the next once the
previous is acked); an unacked entry is re-published with exponential backoff. The file
survives restarts and power loss.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from device.errors import DeviceError
from wire.status import DeletionReceipt

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id TEXT NOT NULL UNIQUE,
    envelope BLOB NOT NULL,
    queued_at REAL NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS parked (
    meeting_id TEXT PRIMARY KEY,
    envelope BLOB NOT NULL,
    reason TEXT NOT NULL,
    parked_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS receipts (
    meeting_id TEXT PRIMARY KEY,
    deleted_at TEXT NOT NULL,
    signature BLOB NOT NULL,
    reported INTEGER NOT NULL DEFAULT 0
);
"""

_LEGACY_ID_COLUMN = "note_id"
"""What an outbox written before the one-name rename called the meeting id, in every table."""


class OutboxError(DeviceError, RuntimeError):
    """The outbox file cannot be used; the message names the file and the cause."""


@dataclass(frozen=True)
class OutboxEntry:
    """One sealed note waiting in the outbox, with how often it was sent."""

    seq: int
    meeting_id: str
    envelope: bytes
    attempts: int


class Outbox:
    """SQLite-backed queue of sealed notes, safe to share between threads."""

    def __init__(
        self, path: Path, *, retry_initial_s: float = 5.0, retry_max_s: float = 300.0
    ) -> None:
        self.path = path
        self._retry_initial_s = retry_initial_s
        self._retry_max_s = retry_max_s
        self._lock = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            _rename_legacy_id_columns(self._db)
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            msg = f"cannot open outbox {path}: {exc}"
            raise OutboxError(msg) from exc

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def add(self, meeting_id: str, envelope: bytes, *, now: float | None = None) -> bool:
        """Durably queue a sealed note; False if ``meeting_id`` is already queued."""
        at = time.time() if now is None else now
        with self._tx() as db:
            cur = db.execute(
                "INSERT OR IGNORE INTO outbox (meeting_id, envelope, queued_at, next_attempt_at)"
                " VALUES (?, ?, ?, ?)",
                (meeting_id, envelope, at, at),
            )
            return cur.rowcount == 1

    def due(self, *, now: float | None = None, window: int = 1) -> list[OutboxEntry]:
        """The oldest ``window`` unacked entries whose (re)publish time has come, in order.

        With the default window of 1 a note is only published once every older note was
        acked, i.e. committed by the hub, so notes are stored in order per device even when
        the broker loses or re-orders messages in a crash.
        """
        at = time.time() if now is None else now
        with self._lock:
            rows = self._db.execute(
                "SELECT seq, meeting_id, envelope, attempts, next_attempt_at FROM outbox"
                " ORDER BY seq LIMIT ?",
                (window,),
            ).fetchall()
        return [OutboxEntry(*row[:4]) for row in rows if row[4] <= at]

    def mark_published(self, meeting_id: str, *, now: float | None = None) -> None:
        """Record a publish attempt and schedule the next one with exponential backoff."""
        at = time.time() if now is None else now
        with self._tx() as db:
            row = db.execute(
                "SELECT attempts FROM outbox WHERE meeting_id = ?", (meeting_id,)
            ).fetchone()
            if row is None:
                return
            wait = min(self._retry_initial_s * 2 ** int(row[0]), self._retry_max_s)
            db.execute(
                "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?"
                " WHERE meeting_id = ?",
                (at + wait, meeting_id),
            )

    def reschedule_all(self, *, now: float | None = None) -> None:
        """Make every entry due (after a reconnect: the broker may have lost in-flight ones)."""
        at = time.time() if now is None else now
        with self._tx() as db:
            db.execute("UPDATE outbox SET next_attempt_at = ?", (at,))

    def remove(self, meeting_id: str) -> bool:
        """Drop an acked note; False if it was not queued (a duplicate ack)."""
        with self._tx() as db:
            return (
                db.execute("DELETE FROM outbox WHERE meeting_id = ?", (meeting_id,)).rowcount == 1
            )

    def park(self, meeting_id: str, reason: str, *, now: float | None = None) -> bool:
        """Move a note the hub refused out of the queue, keeping its envelope for support."""
        at = time.time() if now is None else now
        with self._tx() as db:
            moved = db.execute(
                "INSERT OR REPLACE INTO parked (meeting_id, envelope, reason, parked_at)"
                " SELECT meeting_id, envelope, ?, ? FROM outbox WHERE meeting_id = ?",
                (reason, at, meeting_id),
            ).rowcount
            db.execute("DELETE FROM outbox WHERE meeting_id = ?", (meeting_id,))
            return moved == 1

    def parked(self) -> list[tuple[str, str]]:
        """(meeting_id, reason) of every parked note."""
        with self._lock:
            rows = self._db.execute("SELECT meeting_id, reason FROM parked ORDER BY parked_at")
            return [(str(n), str(r)) for n, r in rows.fetchall()]

    def holds(self, meeting_id: str) -> bool:
        """Whether the note is queued or parked: either way its meeting is not drafted again."""
        return self.contains(meeting_id) or meeting_id in dict(self.parked())

    def contains(self, meeting_id: str) -> bool:
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM outbox WHERE meeting_id = ?", (meeting_id,)
            ).fetchone()
        return row is not None

    def pending(self) -> int:
        with self._lock:
            (count,) = self._db.execute("SELECT COUNT(*) FROM outbox").fetchone()
        return int(count)

    def add_receipt(self, receipt: DeletionReceipt) -> None:
        """Durably keep a signed deletion receipt until it has been reported to the hub."""
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO receipts (meeting_id, deleted_at, signature, reported)"
                " VALUES (?, ?, ?, 0)",
                (receipt.meeting_id, receipt.deleted_at, receipt.signature),
            )

    def unreported_receipts(self, device_id: str) -> list[DeletionReceipt]:
        with self._lock:
            rows = self._db.execute(
                "SELECT meeting_id, deleted_at, signature FROM receipts WHERE reported = 0"
                " ORDER BY deleted_at"
            ).fetchall()
        return [DeletionReceipt(device_id, n, d, bytes(s)) for n, d, s in rows]

    def mark_receipts_reported(self, meeting_ids: list[str]) -> None:
        with self._tx() as db:
            db.executemany(
                "UPDATE receipts SET reported = 1 WHERE meeting_id = ?", [(n,) for n in meeting_ids]
            )


def _rename_legacy_id_columns(db: sqlite3.Connection) -> None:
    """Migrate an outbox of the previous version in place: its ``note_id`` is the meeting id."""
    for table in ("outbox", "parked", "receipts"):
        columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        if _LEGACY_ID_COLUMN in columns:
            db.execute(f"ALTER TABLE {table} RENAME COLUMN {_LEGACY_ID_COLUMN} TO meeting_id")
