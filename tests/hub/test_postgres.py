"""Scale path: the hub schema and two concurrent workers' dedup on a real PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hub.bootstrap import init
from hub.store import audit
from hub.store.db import make_engine, session_factory
from hub.store.tables import StoredNote
from tests.delivery.support import raw_client, wait_for
from tests.hub.harness import settings_for
from tests.hub.postgres import Cluster, pg_bin, running_cluster
from tests.hub.stack import hub_mqtt, ingest_worker, register_devices, sealed_note
from tests.hub.test_migrations import schema_drift
from tests.provisioning.harness import make_test_fleet, running_mosquitto
from wire import topics
from wire.recipient import RecipientPrivateKey

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(pg_bin() is None, reason="Debian postgresql is not installed"),
]
NOTES = 40
WIRE_NOTES = 12


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


def _two_workers(notes_url: str, keys_url: str, master: Path) -> list[subprocess.Popen[str]]:
    """Two processes that each try to accept the same NOTES notes."""
    argv = [sys.executable, "-m", "tests.hub.pg_worker", notes_url, keys_url, str(master)]
    return [
        subprocess.Popen([*argv, str(NOTES)], stdout=subprocess.PIPE, text=True) for _ in range(2)
    ]


def test_two_workers_store_each_note_exactly_once(pg_hub: tuple[str, str, Path]) -> None:
    """Two processes accepting the same notes concurrently store each once; the news add up."""
    notes_url, keys_url, master = pg_hub
    workers = _two_workers(notes_url, keys_url, master)
    new = [int(w.communicate(timeout=300)[0].strip()) for w in workers]
    assert sum(new) == NOTES
    with session_factory(make_engine(notes_url))() as session:
        assert session.scalar(select(func.count()).select_from(StoredNote)) == NOTES


def test_audit_chain_stays_intact_under_two_workers(pg_hub: tuple[str, str, Path]) -> None:
    """Concurrent appenders on PostgreSQL still produce one unbroken chain."""
    notes_url, keys_url, master = pg_hub
    workers = _two_workers(notes_url, keys_url, master)
    for w in workers:
        w.communicate(timeout=300)
    with session_factory(make_engine(notes_url))() as session:
        result = audit.verify(session)
    assert result == audit.VerifyResult(ok=True, entries=NOTES)


def test_postgres_migrations_match_the_models(cluster: Cluster) -> None:
    """After upgrade to head a PostgreSQL database has no difference from the models."""
    cluster.create_database("migrations")
    assert schema_drift(cluster.url("migrations")) == []


def test_two_ingest_workers_on_the_shared_subscription(
    pg_hub: tuple[str, str, Path], tmp_path: Path
) -> None:
    """Two hub workers share the MQTT subscription; every note is stored once and acked."""
    notes_url, keys_url, _ = pg_hub
    settings = settings_for(tmp_path, database_url=notes_url, keystore_url=keys_url)
    fleet = make_test_fleet(tmp_path / "fleet", devices=("rum-1",), hubs=("hub-1", "hub-2"))
    register_devices(settings, fleet)
    recipient = RecipientPrivateKey.derive(b"\x09" * 32)
    with running_mosquitto(fleet) as broker:
        workers = [
            ingest_worker(settings, hub_mqtt(fleet, broker, cid), recipient)
            for cid in ("hub-1", "hub-2")
        ]
        device = fleet.devices["rum-1"]
        room = raw_client(fleet, broker, device.cert, device.key, "rum-1")
        room.client.subscribe("fleet/rum-1/cmd/ack", qos=1)
        try:
            for i in range(WIRE_NOTES):
                room.publish(
                    topics.note("rum-1", f"w-{i}"), sealed_note(fleet, recipient, f"w-{i}")
                )
            wait_for(lambda: len(room.received) >= WIRE_NOTES, 60, "acks for every note")
        finally:
            room.close()
            for worker in workers:
                worker.stop()
    stored = [w.ingest.stats.stored for w in workers]
    assert sum(stored) == WIRE_NOTES
    assert min(stored) > 0, f"one worker got nothing: {stored}"
    with session_factory(make_engine(notes_url))() as session:
        assert session.scalar(select(func.count()).select_from(StoredNote)) == WIRE_NOTES
