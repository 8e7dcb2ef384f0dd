"""Real Mosquitto with the generated config: identities, ACL, CRL, expiry."""

from __future__ import annotations

import datetime as dt
import queue
import time

import pytest

from tests.provisioning import mqtt_client as mc
from tests.provisioning.harness import RunningBroker, TestFleet
from wire import topics


def _device(fleet: TestFleet, broker: RunningBroker, device_id: str) -> mc.Client:
    dev = fleet.devices[device_id]
    return mc.connect(broker.port, fleet.ca_cert, dev.cert, dev.key, client_id=device_id)


def _hub(fleet: TestFleet, broker: RunningBroker) -> mc.Client:
    hub = fleet.hubs["hub-1"]
    return mc.connect(broker.port, fleet.ca_cert, hub.cert, hub.key, client_id="hub-1")


def test_device_with_valid_certificate_connects(fleet: TestFleet, broker: RunningBroker) -> None:
    """A device certificate issued by the fleet CA is accepted."""
    client = _device(fleet, broker, "rum-1")
    assert mc.is_connected(client)
    mc.close(client)


def test_hub_receives_device_note_on_shared_subscription(
    fleet: TestFleet, broker: RunningBroker
) -> None:
    """A device's note reaches a hub worker on the shared subscription."""
    hub = _hub(fleet, broker)
    mc.subscribe(hub, topics.HUB_NOTES_SUBSCRIPTION)
    device = _device(fleet, broker, "rum-1")
    reason = mc.publish(device, topics.note("rum-1", "n1"), b"sealed")
    assert not reason.is_failure
    assert hub.messages.get(timeout=mc.TIMEOUT).topic == topics.note("rum-1", "n1")
    mc.close(device)
    mc.close(hub)


def test_device_cannot_publish_to_another_devices_topic(
    fleet: TestFleet, broker: RunningBroker
) -> None:
    """A publish to another device's note topic is refused (PUBACK 135) and never delivered."""
    hub = _hub(fleet, broker)
    mc.subscribe(hub, "fleet/+/notes/#")
    intruder = _device(fleet, broker, "rum-2")
    reason = mc.publish(intruder, topics.note("rum-1", "forged"), b"forged")
    assert reason.value == 135  # Not authorized
    with pytest.raises(queue.Empty):
        hub.messages.get(timeout=1.0)
    mc.close(intruder)
    mc.close(hub)


def test_device_cannot_publish_outside_its_note_and_status_topics(
    fleet: TestFleet, broker: RunningBroker
) -> None:
    """A device publishing audio on a topic of its own beside notes and status is refused."""
    hub = _hub(fleet, broker)
    mc.subscribe(hub, "fleet/#")
    device = _device(fleet, broker, "rum-1")
    reason = mc.publish(device, "fleet/rum-1/audio/n1", b"\x00\x01" * 512)
    assert reason.value == 135  # Not authorized
    with pytest.raises(queue.Empty):
        hub.messages.get(timeout=1.0)
    mc.close(device)
    mc.close(hub)


def test_device_cannot_read_another_devices_commands(
    fleet: TestFleet, broker: RunningBroker
) -> None:
    """A device subscribed to another device's command topic receives nothing."""
    snoop = _device(fleet, broker, "rum-2")
    mc.subscribe(snoop, "fleet/rum-1/cmd/#")
    hub = _hub(fleet, broker)
    assert not mc.publish(hub, topics.command("rum-1", "claim"), b"{}").is_failure
    with pytest.raises(queue.Empty):
        snoop.messages.get(timeout=1.0)
    mc.close(snoop)
    mc.close(hub)


def test_device_cannot_take_the_hubs_client_id(fleet: TestFleet, broker: RunningBroker) -> None:
    """A device asking for client id hub-1 gets its own id, and the hub stays connected."""
    hub = _hub(fleet, broker)
    dev = fleet.devices["rum-1"]
    impostor = mc.connect(broker.port, fleet.ca_cert, dev.cert, dev.key, client_id="hub-1")
    assert not hub.disconnected.wait(1.5)
    assert mc.is_connected(hub)
    mc.close(impostor)
    mc.close(hub)


def test_revoked_certificate_is_refused_after_reload(
    fleet: TestFleet, broker: RunningBroker
) -> None:
    """After revoke + SIGHUP the broker refuses the device's TLS handshake."""
    fleet.revoke("rum-1")
    broker.reload()
    client = _device(fleet, broker, "rum-1")
    assert not mc.is_connected(client)
    mc.close(client)


def test_other_devices_still_connect_after_a_revocation(
    fleet: TestFleet, broker: RunningBroker
) -> None:
    """Revoking one device leaves the others able to connect."""
    fleet.revoke("rum-1")
    broker.reload()
    client = _device(fleet, broker, "rum-2")
    assert mc.is_connected(client)
    mc.close(client)


def test_expired_certificate_is_refused(fleet: TestFleet, broker: RunningBroker) -> None:
    """A device certificate whose validity has ended cannot connect."""
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
    fleet.add_device("rum-3", lifetime=dt.timedelta(days=1), valid_from=past)
    client = _device(fleet, broker, "rum-3")
    assert not mc.is_connected(client)
    mc.close(client)


def test_broker_keeps_retained_status_across_sigkill_restart(
    fleet: TestFleet, broker: RunningBroker
) -> None:
    """A retained heartbeat survives a broker SIGKILL and restart (persistence)."""
    device = _device(fleet, broker, "rum-1")
    assert device.paho is not None
    device.paho.publish(topics.status("rum-1"), b'{"online": true}', qos=1, retain=True)
    mc.close(device)
    time.sleep(2.2)  # autosave_interval 1
    broker.kill()
    broker.restart()
    hub = _hub(fleet, broker)
    mc.subscribe(hub, "fleet/+/status")
    assert hub.messages.get(timeout=mc.TIMEOUT).payload == b'{"online": true}'
    mc.close(hub)
