"""Alembic migrations produce exactly the schema the models declare."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import hub.store.tables
import provisioning.registry
from hub.migrate import upgrade
from hub.store.db import Base, make_engine

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
