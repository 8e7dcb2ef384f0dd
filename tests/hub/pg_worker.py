"""Child process for the two-worker PostgreSQL test: accept the same notes as the sibling."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from hub.store.db import make_engine, session_factory
from hub.store.keyring import Keyring, load_master_key
from hub.store.notes import NoteStore
from tests.hub.harness import sample_payload


def main(notes_url: str, keys_url: str, master: str, count: int) -> int:
    """Accept notes n-0..n-(count-1); print how many were new."""
    keyring = Keyring(load_master_key(Path(master)), session_factory(make_engine(keys_url)))
    store = NoteStore(session_factory(make_engine(notes_url)), keyring)
    new = 0
    for i in range(count):
        new += store.accept_note(
            device_id="rum-1",
            meeting_id=f"n-{i}",
            payload=sample_payload(f"n-{i}"),
            received_at=datetime.now(UTC),
        )
    return new


if __name__ == "__main__":
    print(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])))  # noqa: T201 - read by the parent
