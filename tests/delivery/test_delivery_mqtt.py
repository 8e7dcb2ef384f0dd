"""End to end over a real Mosquitto: device outbox → broker → hub worker process → ack."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import asdict, replace
from pathlib import Path

from device.delivery.settings import DeliverySettings
from hub.commands import CommandPublisher, HubMqttSettings
from hub.ingest.receipts import ReceiptStore
from provisioning.registry import Registry
from tests.delivery.conftest import Rig
from tests.delivery.samples import hub_key, payload
from tests.delivery.support import REPO, RawClient, device_settings, raw_client, wait_for
from tests.hub.harness import hub_in
from wire import commands
from wire.envelope import seal
from wire.heartbeat import Heartbeat
from wire.status import Status


def test_note_is_stored_acked_and_deleted_on_the_device(
    rig: Rig, seal_for: Callable[..., bytes]
) -> None:
    """A submitted note is stored once, the ack empties the outbox and runs on_delivered."""
    rig.start_worker()
    device = rig.device()
    device.submit("n-1", seal_for("n-1"))
    wait_for(lambda: rig.delivered["rum-1"] == ["n-1"], 20, "the ack to reach the device")
    assert rig.stored() == ["n-1"]
    assert device.outbox.pending() == 0


def test_hub_records_the_deletion_receipt_from_the_next_status(
    rig: Rig, seal_for: Callable[..., bytes]
) -> None:
    """After the ack the device's signed deletion receipt reaches the hub's receipt table."""
    rig.start_worker()
    device = rig.device()
    device.submit("n-1", seal_for("n-1"))
    wait_for(lambda: rig.delivered["rum-1"] == ["n-1"], 20, "the ack")
    files = hub_in(rig.hub_dir)
    receipts = ReceiptStore(files.sessions)
    wait_for(lambda: receipts.get("rum-1", "n-1") is not None, 20, "the receipt at the hub")
    receipt = receipts.get("rum-1", "n-1")
    assert receipt is not None
    receipt.verify(rig.fleet.devices["rum-1"].signing_public_key)
    wait_for(lambda: device.outbox.unreported_receipts("rum-1") == [], 10, "receipt marked sent")


def test_outbox_delivers_after_a_device_restart(rig: Rig, seal_for: Callable[..., bytes]) -> None:
    """Notes queued while the hub is away survive a device restart and arrive in order."""
    device = rig.device()
    device.submit("n-1", seal_for("n-1"))
    device.submit("n-2", seal_for("n-2"))
    device.stop()
    rig.devices.remove(device)
    device.outbox.close()
    rig.start_worker()
    rig.device()
    wait_for(lambda: rig.delivered["rum-1"] == ["n-1", "n-2"], 30, "both acks after restart")
    assert rig.stored() == ["n-1", "n-2"]


def test_claim_and_config_commands_reach_the_device_callbacks(rig: Rig) -> None:
    """A claim, a release and a config sent by the hub arrive at the device's callbacks."""
    received: list[commands.Command] = []
    rig.device(callbacks={"on_claim": received.append, "on_config": received.append})
    hub = rig.fleet.hubs["hub-1"]
    publisher = CommandPublisher.open(
        HubMqttSettings(
            "hub-1", rig.broker.host, rig.broker.port, rig.fleet.ca_cert, hub.cert, hub.key
        )
    )
    sent: list[commands.Command] = [
        commands.Claim("s-1", "anna", "2026-11-22T12:00:00Z"),
        commands.Release("s-1"),
        commands.Config({"heartbeat_s": 30}),
    ]
    for command in sent:
        publisher.send("rum-1", command)
    wait_for(lambda: len(received) == 3, 10, "three commands")
    publisher.close()
    assert received == sent


def test_broker_publishes_offline_when_the_device_dies(rig: Rig) -> None:
    """A device process killed without disconnecting is reported offline by its last will."""
    rig.start_worker()
    hub = rig.fleet.hubs["hub-2"]
    spy = raw_client(rig.fleet, rig.broker, hub.cert, hub.key, "hub-2")
    spy.client.subscribe("fleet/rum-1/status", qos=1)
    settings = device_settings(rig.fleet, rig.broker, "rum-1", rig.tmp)
    settings = replace(settings, keepalive_s=2)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.delivery.device_process",
            json.dumps(_settings(settings)),
            str(rig.fleet.devices["rum-1"].signing_key),
        ],
        cwd=REPO,
    )
    try:
        wait_for(lambda: _states(spy)[-1:] == ["online"], 20, "online status")
        process.kill()
        process.wait(10)
        wait_for(lambda: _states(spy)[-1:] == ["offline"], 90, "the last will")
        wait_for(lambda: _online(rig) == 0, 20, "the registry to show the device offline")
    finally:
        if process.poll() is None:
            process.kill()
        spy.close()


def _online(rig: Rig) -> int | None:
    files = hub_in(rig.hub_dir)
    record = Registry(files.sessions).get("rum-1")
    files.engine.dispose()
    return None if record is None else record.online


def test_heartbeat_reaches_the_registry(rig: Rig) -> None:
    """The device's heartbeat rides on its status and is kept in the hub registry."""
    rig.start_worker()
    beat = Heartbeat("1.0.0", 12.0, 10**9, 0)
    rig.device(callbacks={"heartbeat": beat.to_dict})

    def stored_beat() -> dict[str, object] | None:
        files = hub_in(rig.hub_dir)
        record = Registry(files.sessions).get("rum-1")
        files.engine.dispose()
        return None if record is None else record.heartbeat

    wait_for(lambda: (stored_beat() or {}).get("software_version") == "1.0.0", 20, "heartbeat")
    assert _online(rig) == 1


def _settings(settings: DeliverySettings) -> dict[str, object]:
    return {k: str(v) if isinstance(v, Path) else v for k, v in asdict(settings).items()}


def _states(spy: RawClient) -> list[str]:
    return [Status.from_bytes(p).state for _, p in spy.received]


def test_rejected_note_is_parked_and_the_queue_moves_on(
    rig: Rig, seal_for: Callable[..., bytes]
) -> None:
    """A note the hub cannot open is parked on the device and the next note is delivered."""
    rig.start_worker()
    rejected: list[commands.Reject] = []
    device = rig.device(callbacks={"on_rejected": rejected.append})
    key = rig.fleet.devices["rum-1"].load_signing_key()
    stale = seal(
        payload("n-1"), device_id="rum-1", recipient=hub_key("old").public_key(), signing_key=key
    )
    device.submit("n-1", stale)
    device.submit("n-2", seal_for("n-2"))
    wait_for(lambda: rig.delivered["rum-1"] == ["n-2"], 20, "the note after the rejected one")
    assert rejected == [commands.Reject("n-1", "wrong-recipient")]
    assert device.outbox.parked() == [("n-1", "wrong-recipient")]
    assert rig.stored() == ["n-2"]
