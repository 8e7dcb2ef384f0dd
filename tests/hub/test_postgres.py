"""Scale path: the hub schema and two concurrent workers' dedup on a real PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hub import audit
from hub.bootstrap import init
from hub.db import make_engine, session_factory
from hub.tables import StoredNote
from hub.testing import settings_for
from tests.hub.postgres import Cluster, pg_bin, running_cluster
from tests.hub.test_migrations import schema_drift

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(pg_bin() is None, reason="Debian postgresql is not installed"),
]
NOTES = 40


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    with running_cluster() as running:
        yield running


@pytest.fixture
def pg_hub(cluster: Cluster, tmp_path: Path) -> tuple[str, str, Path]:
    name = tmp_path.name.lower().replace("-", "_")[:40]
    cluster.create_database(f"n_{name}")
    cluster.create_database(f"k_{name}")
    settings = settings_for(
        tmp_path, database_url=cluster.url(f"n_{name}"), keystore_url=cluster.url(f"k_{name}")
    )
    init(settings)
    return settings.database_url, settings.keystore_url, settings.master_key_file


def test_two_workers_store_each_note_exactly_once(pg_hub: tuple[str, str, Path]) -> None:
    """Two processes accepting the same notes concurrently store each once; the news add up."""
    notes_url, keys_url, master = pg_hub
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.hub.pg_worker",
                notes_url,
                keys_url,
                str(master),
                str(NOTES),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    new = [int(w.communicate(timeout=300)[0].strip()) for w in workers]
    assert sum(new) == NOTES
    with session_factory(make_engine(notes_url))() as session:
        assert session.scalar(select(func.count()).select_from(StoredNote)) == NOTES


def test_audit_chain_stays_intact_under_two_workers(pg_hub: tuple[str, str, Path]) -> None:
    """Concurrent appenders on PostgreSQL still produce one unbroken chain."""
    notes_url, keys_url, master = pg_hub
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.hub.pg_worker",
                notes_url,
                keys_url,
                str(master),
                str(NOTES),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for w in workers:
        w.communicate(timeout=300)
    with session_factory(make_engine(notes_url))() as session:
        result = audit.verify(session)
    assert result == audit.VerifyResult(ok=True, entries=NOTES)


def test_postgres_migrations_match_the_models(cluster: Cluster) -> None:
    """After upgrade to head a PostgreSQL database has no difference from the models."""
    cluster.create_database("migrations")
    assert schema_drift(cluster.url("migrations")) == []
