"""The hub refuses a revoked device's notes at once, even while its MQTT session is live."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hub.commands import CommandPublisher, HubMqttSettings
from hub.ingest.handler import Ingest
from provisioning.registry import Registry
from provisioning.revocation import revoke_device
from tests.hub.harness import hub_in, sample_payload
from tests.provisioning import mqtt_client as mc
from tests.provisioning.harness import RunningBroker, TestFleet
from wire import topics
from wire.envelope import NotePayload, seal


@pytest.fixture
def ingest(
    fleet: TestFleet, broker: RunningBroker, tmp_path: Path
) -> Iterator[tuple[Ingest, Registry]]:
    (tmp_path / "hub").mkdir()
    files = hub_in(tmp_path / "hub")
    registry = Registry(files.sessions)
    fleet.register(registry)
    hub = fleet.hubs["hub-1"]
    settings = HubMqttSettings("hub-1", "127.0.0.1", broker.port, fleet.ca_cert, hub.cert, hub.key)
    publisher = CommandPublisher.open(settings)
    yield Ingest(registry, files.store, fleet.hub_recipient(), publisher), registry
    publisher.close()


def _sealed(fleet: TestFleet, meeting_id: str) -> bytes:
    payload = NotePayload.from_dict(sample_payload(meeting_id, device_id="rum-1"))
    return seal(
        payload,
        device_id="rum-1",
        recipient=fleet.hub_recipient_public(),
        signing_key=fleet.devices["rum-1"].load_signing_key(),
    )


def test_note_from_active_device_is_stored(
    fleet: TestFleet, ingest: tuple[Ingest, Registry]
) -> None:
    """Before revocation the device's sealed note is verified and stored."""
    worker, _ = ingest
    outcome = worker.handle_note(topics.note("rum-1", "n-1"), _sealed(fleet, "n-1"))
    assert outcome.result == "stored"


def test_note_after_revoke_is_refused_on_live_session(
    fleet: TestFleet, broker: RunningBroker, ingest: tuple[Ingest, Registry]
) -> None:
    """A note published on a session opened before revoke reaches the hub and is refused."""
    worker, registry = ingest
    hub = fleet.hubs["hub-1"]
    listener = mc.connect(broker.port, fleet.ca_cert, hub.cert, hub.key, client_id="hub-1x")
    mc.subscribe(listener, "fleet/+/notes/#")
    device = fleet.devices["rum-1"]
    live = mc.connect(broker.port, fleet.ca_cert, device.cert, device.key, client_id="rum-1")
    revoke_device(fleet.layout, registry, "rum-1")
    broker.reload()
    mc.publish(live, topics.note("rum-1", "n-2"), _sealed(fleet, "n-2"))
    message = listener.messages.get(timeout=mc.TIMEOUT)
    outcome = worker.handle_note(message.topic, bytes(message.payload))
    assert (outcome.result, outcome.reason) == ("rejected", "revoked-signer")
    mc.close(live)
    mc.close(listener)
