"""Real hub backends and ingest worker processes for delivery tests and benchmarks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import select

from device.delivery.outbox import Outbox
from device.delivery.settings import DeliverySettings
from hub.ingest.receipts import ReceiptStore
from hub.ingest.status import record_status
from hub.ingest.worker import IngestBackends
from hub.store.notes import IncomingNote
from hub.store.tables import StoredNote
from provisioning.registry import NewDevice, Registry
from tests.hub.harness import hub_in
from tests.provisioning.harness import RunningBroker, TestFleet
from wire.recipient import RecipientPrivateKey

REPO = Path(__file__).resolve().parents[2]


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll ``condition`` until true or fail naming ``what``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    msg = f"timed out after {timeout} s waiting for {what}"
    raise AssertionError(msg)


def prepare_hub(directory: Path, fleet: TestFleet) -> None:
    """Create the hub databases and register every fleet device as active."""
    files = hub_in(directory)
    registry = Registry(files.sessions)
    expires = datetime.now(UTC) + timedelta(days=1)
    for device in fleet.devices.values():
        registry.add(
            NewDevice(device.device_id, device.device_id, "Rum", f"t-{device.device_id}", expires)
        )
        registry.activate(
            device.device_id,
            device.signing_public_key,
            device.tls.serial,
            expires + timedelta(days=365),
        )
    files.engine.dispose()


def backends(arg: str) -> IngestBackends:
    """Factory named in worker configs: the real registry, note store and receipt store."""
    options = json.loads(arg)
    files = hub_in(Path(options["dir"]))
    sink: Any = files.store
    if options.get("pause_file"):
        sink = PausingSink(files.store, Path(options["pause_file"]))
    registry = Registry(files.sessions)
    return IngestBackends(
        registry, sink, ReceiptStore(files.sessions), partial(record_status, registry)
    )


@dataclass
class PausingSink:
    """Wraps the real store: after the first committed batch it writes the batch's meeting ids
    to a file and stalls, so a test can SIGKILL the worker between the commit and the acks."""

    store: Any
    marker: Path

    def accept_notes(self, notes: Sequence[IncomingNote]) -> list[bool]:
        new: list[bool] = self.store.accept_notes(notes)
        if not self.marker.exists():
            self.marker.write_text(" ".join(n.meeting_id for n in notes))
            time.sleep(600)
        return new


def stored_meeting_ids(directory: Path, device_id: str | None = None) -> list[str]:
    """Meeting ids in the hub store, in the order they were stored."""
    files = hub_in(directory)
    try:
        with files.sessions() as session:
            query = select(StoredNote.meeting_id).order_by(StoredNote.id)
            if device_id:
                query = query.where(StoredNote.device_id == device_id)
            return list(session.scalars(query))
    finally:
        files.engine.dispose()


@dataclass
class WorkerProcess:
    """An ingest worker running as a child process, with its log file."""

    process: subprocess.Popen[bytes]
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


def start_worker(
    fleet: TestFleet,
    broker: RunningBroker,
    hub_dir: Path,
    recipient_file: Path,
    *,
    client_id: str = "hub-1",
    pause_file: Path | None = None,
    batch: dict[str, float] | None = None,
) -> WorkerProcess:
    """Start ``python -m hub.ingest`` as its own process and wait until subscribed."""
    hub = fleet.hubs[client_id]
    config = {
        "mqtt": {
            "client_id": client_id,
            "broker_host": broker.host,
            "broker_port": broker.port,
            "ca_file": str(fleet.ca_cert),
            "cert_file": str(hub.cert),
            "key_file": str(hub.key),
        },
        "recipient_key": str(recipient_file),
        "batch": batch or {},
        "backends": "tests.delivery.support:backends",
        "backends_arg": json.dumps(
            {"dir": str(hub_dir), "pause_file": str(pause_file) if pause_file else None}
        ),
    }
    config_path = hub_dir / f"{client_id}.json"
    config_path.write_text(json.dumps(config))
    log = hub_dir / f"{client_id}.log"
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "hub.ingest", str(config_path)],
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
    worker = WorkerProcess(process, log)
    start = len(worker.log_text())
    wait_for(
        lambda: "subscribed" in worker.log_text()[start:] or process.poll() is not None,
        30,
        f"{client_id} to subscribe",
    )
    assert process.poll() is None, worker.log_text()[-3000:]
    return worker


def device_settings(
    fleet: TestFleet, broker: RunningBroker, device_id: str, directory: Path
) -> DeliverySettings:
    device = fleet.devices[device_id]
    return DeliverySettings(
        device_id=device_id,
        broker_host=broker.host,
        broker_port=broker.port,
        ca_file=fleet.ca_cert,
        cert_file=device.cert,
        key_file=device.key,
        outbox_path=directory / f"{device_id}-outbox.db",
        heartbeat_s=2.0,
        retry_initial_s=2.0,
        retry_max_s=8.0,
        pump_interval_s=0.1,
    )


def write_recipient(
    directory: Path, seed: bytes = b"\x07" * 32
) -> tuple[Path, RecipientPrivateKey]:
    key = RecipientPrivateKey.derive(seed)
    path = directory / "hub-recipient.key"
    path.write_bytes(key.to_bytes())
    return path, key


def open_outbox(settings: DeliverySettings) -> Outbox:
    return Outbox(
        settings.outbox_path,
        retry_initial_s=settings.retry_initial_s,
        retry_max_s=settings.retry_max_s,
    )


@dataclass
class RawClient:
    """A bare paho MQTT 5 client with some fleet identity, for attacks and eavesdropping."""

    client: Any
    received: list[tuple[str, bytes]]
    puback_codes: dict[int, int]

    def publish(self, topic: str, payload: bytes) -> int:
        info = self.client.publish(topic, payload, qos=1)
        info.wait_for_publish(timeout=10)
        return int(info.mid)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


def raw_client(
    fleet: TestFleet, broker: RunningBroker, cert: Path, key: Path, client_id: str
) -> RawClient:
    import paho.mqtt.client as mqtt  # noqa: PLC0415 - paho only for the raw client
    from paho.mqtt.enums import CallbackAPIVersion, MQTTProtocolVersion  # noqa: PLC0415 - same

    client = mqtt.Client(
        CallbackAPIVersion.VERSION2, client_id=client_id, protocol=MQTTProtocolVersion.MQTTv5
    )
    client.tls_set(ca_certs=str(fleet.ca_cert), certfile=str(cert), keyfile=str(key))
    raw = RawClient(client, [], {})
    client.on_message = lambda _c, _u, m: raw.received.append((m.topic, bytes(m.payload)))
    client.on_publish = lambda _c, _u, mid, rc, _p: raw.puback_codes.__setitem__(mid, rc.value)
    client.connect(broker.host, broker.port, clean_start=True)
    client.loop_start()
    wait_for(client.is_connected, 10, f"{client_id} to connect")
    return raw
