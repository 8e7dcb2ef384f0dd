"""Ingest backends built from a configured hub (hub.toml after `python -m hub init`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from hub import bootstrap
from hub.config import load
from hub.ingest.handler import Ingest
from hub.ingest.worker import from_hub_config
from provisioning.registry import NewDevice
from tests.delivery.samples import device_key, hub_key, payload
from tests.delivery.test_ingest import FakeCommandSender
from wire.envelope import seal

CONFIG = """
[hub]
database_url = "sqlite:///{d}/hub.db"
keystore_url = "sqlite:///{d}/keys.db"
master_key_file = "master.key"
session_secret = "{secret}"
"""


def test_note_is_stored_through_backends_from_hub_config(tmp_path: Path) -> None:
    """A worker wired from hub.toml verifies against the hub registry and stores the note."""
    config = tmp_path / "hub.toml"
    config.write_text(CONFIG.format(d=tmp_path, secret="s" * 40))
    bootstrap.init(load(config)[0])
    backends = from_hub_config(str(config))
    registry = backends.signers
    expires = datetime.now(UTC) + timedelta(days=1)
    registry.add(NewDevice("rum-1", "Rum 1", "Rum 1", "token", expires))  # type: ignore[attr-defined]
    registry.activate(  # type: ignore[attr-defined]
        "rum-1", device_key("rum-1").public_key().public_bytes_raw(), 1, expires
    )
    key = hub_key()
    ingest = Ingest(backends.signers, backends.sink, key, FakeCommandSender())
    blob = seal(
        payload("n-1"),
        device_id="rum-1",
        recipient=key.public_key(),
        signing_key=device_key("rum-1"),
    )
    assert ingest.handle_note("fleet/rum-1/notes/n-1", blob).result == "stored"
