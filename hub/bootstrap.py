"""First start of a hub: master key, note database schema (migrations), key store schema."""

from __future__ import annotations

from hub.migrate import upgrade
from hub.settings import HubSettings
from hub.store.db import make_engine, session_factory
from hub.store.keyring import Keyring, load_master_key


def init(settings: HubSettings) -> None:
    """Create what is missing; safe to run again on an existing hub."""
    master = load_master_key(settings.master_key_file, create=True)
    upgrade(settings.database_url)
    engine = make_engine(settings.keystore_url)
    try:
        Keyring(master, session_factory(engine)).create_schema()
    finally:
        engine.dispose()  # SQLite: closing checkpoints the WAL, so the file is complete
