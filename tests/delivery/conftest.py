"""A real fleet, a real Mosquitto, real hub worker processes and in-process devices."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from device.delivery.mqtt_client import DeviceMqtt
from tests.delivery import support
from tests.provisioning.harness import RunningBroker, TestFleet, make_test_fleet, running_mosquitto
from wire.recipient import RecipientPrivateKey


@dataclass
class Rig:
    """Everything one delivery test needs; it stops what it started."""

    fleet: TestFleet
    broker: RunningBroker
    hub_dir: Path
    recipient_file: Path
    recipient: RecipientPrivateKey
    tmp: Path
    workers: list[support.WorkerProcess] = field(default_factory=list)
    devices: list[DeviceMqtt] = field(default_factory=list)
    delivered: dict[str, list[str]] = field(default_factory=dict)

    def start_worker(
        self,
        client_id: str = "hub-1",
        pause_file: Path | None = None,
        batch: dict[str, float] | None = None,
    ) -> support.WorkerProcess:
        worker = support.start_worker(
            self.fleet,
            self.broker,
            self.hub_dir,
            self.recipient_file,
            client_id=client_id,
            pause_file=pause_file,
            batch=batch,
        )
        self.workers.append(worker)
        return worker

    def device(
        self, device_id: str = "rum-1", callbacks: dict[str, Any] | None = None, **overrides: Any
    ) -> DeviceMqtt:
        settings = support.device_settings(self.fleet, self.broker, device_id, self.tmp)
        settings = replace(settings, **overrides)
        done = self.delivered.setdefault(device_id, [])
        mqtt = DeviceMqtt(
            settings,
            support.open_outbox(settings),
            self.fleet.devices[device_id].load_signing_key(),
            on_delivered=done.append,
            **(callbacks or {}),
        )
        mqtt.start()
        self.devices.append(mqtt)
        support.wait_for(mqtt.connected.is_set, 15, f"{device_id} to connect")
        return mqtt

    def stored(self, device_id: str | None = None) -> list[str]:
        return support.stored_meeting_ids(self.hub_dir, device_id)

    def close(self) -> None:
        for device in self.devices:
            device.stop()
        for worker in self.workers:
            worker.stop()


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    fleet = make_test_fleet(tmp_path / "fleet", devices=("rum-1", "rum-2"), hubs=("hub-1", "hub-2"))
    hub_dir = tmp_path / "hub"
    hub_dir.mkdir()
    support.prepare_hub(hub_dir, fleet)
    recipient_file, recipient = support.write_recipient(tmp_path)
    with running_mosquitto(fleet) as broker:
        rig = Rig(fleet, broker, hub_dir, recipient_file, recipient, tmp_path)
        try:
            yield rig
        finally:
            rig.close()


@pytest.fixture
def seal_for(rig: Rig) -> Callable[..., bytes]:
    """Seal a sample note as a fleet device to the rig's hub key."""
    from tests.delivery.samples import payload  # noqa: PLC0415 - loaded only by tests that seal
    from wire.envelope import seal  # noqa: PLC0415 - same

    def _seal(meeting_id: str, device_id: str = "rum-1", **kw: object) -> bytes:
        return seal(
            payload(meeting_id, device_id=device_id, **kw),  # type: ignore[arg-type]
            device_id=device_id,
            recipient=rig.recipient.public_key(),
            signing_key=rig.fleet.devices[device_id].load_signing_key(),
        )

    return _seal
