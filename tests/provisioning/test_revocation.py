"""Revocation end to end: registry refuses at once, broker refuses new connections."""

from __future__ import annotations

import datetime as dt

import pytest

from provisioning import pki
from provisioning.registry import Registry
from provisioning.revocation import revoke_device
from tests.provisioning import mqtt_client as mc
from tests.provisioning.harness import RunningBroker, TestDevice, TestFleet


def _connect(fleet: TestFleet, broker: RunningBroker, device_id: str) -> mc.Client:
    dev = fleet.devices[device_id]
    return mc.connect(broker.port, fleet.ca_cert, dev.cert, dev.key, client_id=device_id)


@pytest.mark.usefixtures("broker")
def test_revoke_marks_registry_revoked_at_once(fleet: TestFleet, registry: Registry) -> None:
    """Right after revoke the registry reports the device as not active."""
    fleet.register(registry)
    revoke_device(fleet.layout, registry, "rum-1")
    record = registry.get("rum-1")
    assert record is not None
    assert not record.is_active


def test_revoke_reloads_broker_and_refuses_new_connections(
    fleet: TestFleet, registry: Registry, broker: RunningBroker
) -> None:
    """revoke_device puts the certificate on the CRL and SIGHUPs the broker: connect fails."""
    fleet.register(registry)
    done = revoke_device(fleet.layout, registry, "rum-1")
    assert done.broker_pid == broker.pid
    assert fleet.devices["rum-1"].tls.serial in done.serials
    broker.reload()  # waits for the SIGHUP already sent to take effect
    client = _connect(fleet, broker, "rum-1")
    assert not mc.is_connected(client)
    mc.close(client)


def test_revoke_covers_every_unexpired_certificate(
    fleet: TestFleet, registry: Registry, broker: RunningBroker
) -> None:
    """A certificate replaced by renewal but not yet expired is revoked too."""
    fleet.register(registry)
    old = fleet.devices["rum-1"]
    renewed = fleet.add_device("rum-1")
    registry.record_certificate("rum-1", renewed.tls.serial, renewed_not_after(renewed))
    revoke_device(fleet.layout, registry, "rum-1")
    broker.reload()
    fleet.devices["rum-1"] = old
    client = _connect(fleet, broker, "rum-1")
    assert not mc.is_connected(client)
    mc.close(client)


def test_live_session_survives_crl_so_registry_must_refuse(
    fleet: TestFleet, registry: Registry, broker: RunningBroker
) -> None:
    """Mosquitto keeps a revoked device's live session; only the registry stops its notes."""
    fleet.register(registry)
    live = _connect(fleet, broker, "rum-1")
    revoke_device(fleet.layout, registry, "rum-1")
    broker.reload()
    assert mc.is_connected(live)
    record = registry.get("rum-1")
    assert record is not None
    assert record.status == "revoked"
    mc.close(live)


def renewed_not_after(device: TestDevice) -> dt.datetime:
    return pki.load_cert(device.cert).not_valid_after_utc
