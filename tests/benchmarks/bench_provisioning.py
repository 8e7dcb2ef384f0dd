"""Provisioning benchmarks: bulk-enrol 1,000 devices from CSV; revoke → refused (hub, broker).

Run: ``.venv/bin/python -m tests.benchmarks.bench_provisioning`` (prints JSON).
"""

from __future__ import annotations

import socket
import ssl
import tempfile
import time
from pathlib import Path

from hub.commands import CommandPublisher, HubMqttSettings
from hub.ingest.handler import Ingest
from hub.migrate import upgrade
from hub.store.db import make_engine, session_factory
from provisioning.enrol import Enroller, parse_csv
from provisioning.registry import Registry
from provisioning.revocation import revoke_device
from tests.benchmarks.report import Row, command, emit, row
from tests.hub.harness import hub_in, sample_payload
from tests.provisioning.harness import TestFleet, make_test_fleet, running_mosquitto
from wire import topics
from wire.envelope import NotePayload, seal

COMMAND = command("bench_provisioning")
DEVICES = 1000


def _registry(folder: Path) -> Registry:
    url = f"sqlite:///{folder / 'hub.db'}"
    upgrade(url)
    return Registry(session_factory(make_engine(url)))


def bench_bulk_enrol(folder: Path) -> Row:
    """Parse a 1,000-row CSV, make tokens and bundles, register all in one transaction."""
    fleet = make_test_fleet(folder / "fleet", devices=())
    registry = _registry(folder)
    csv_text = "name,room\n" + "".join(f"rum-{i},Rum {i % 40}\n" for i in range(DEVICES))
    started = time.perf_counter()
    rows = parse_csv(csv_text, registry.existing_ids())
    done = Enroller(fleet.layout, registry).enroll(rows)
    seconds = time.perf_counter() - started
    assert len(done) == DEVICES == len(registry.list())
    return row(
        "bulk-enrol 1,000 devices from CSV", seconds, "s", "< 60 s", seconds < 60, command=COMMAND
    )


def _connect_packet(client_id: str) -> bytes:
    ident = client_id.encode()
    variable = b"\x00\x04MQTT\x04\x02\x00\x3c" + len(ident).to_bytes(2, "big") + ident
    return b"\x10" + bytes([len(variable)]) + variable


def _refused(fleet: TestFleet, port: int) -> bool:
    device = fleet.devices["rum-1"]
    context = ssl.create_default_context(cafile=str(fleet.ca_cert))
    context.load_cert_chain(str(device.cert), str(device.key))
    try:
        with (
            socket.create_connection(("127.0.0.1", port), timeout=2) as raw,
            context.wrap_socket(raw, server_hostname="127.0.0.1") as tls,
        ):
            tls.settimeout(2)
            # TLS 1.3 reports a refused client certificate only on the first read, so
            # send an MQTT 3.1.1 CONNECT and expect a CONNACK back.
            tls.sendall(_connect_packet("rum-1"))
            return tls.recv(4)[:1] != b"\x20"
    except (ssl.SSLError, ConnectionError):
        return True
    except TimeoutError:
        return False


def _sealed(fleet: TestFleet, meeting_id: str) -> bytes:
    payload = NotePayload.from_dict(sample_payload(meeting_id, device_id="rum-1"))
    signing_key = fleet.devices["rum-1"].load_signing_key()
    recipient = fleet.hub_recipient_public()
    return seal(payload, device_id="rum-1", recipient=recipient, signing_key=signing_key)


def bench_revocation(folder: Path) -> list[Row]:
    """Time from ``revoke`` until the hub refuses a note and the broker a new connection."""
    fleet = make_test_fleet(folder / "fleet2", devices=("rum-1",))
    (folder / "hub").mkdir()
    files = hub_in(folder / "hub")
    registry = Registry(files.sessions)
    fleet.register(registry)
    with running_mosquitto(fleet) as broker:
        hub = fleet.hubs["hub-1"]
        mqtt = HubMqttSettings("hub-1", "127.0.0.1", broker.port, fleet.ca_cert, hub.cert, hub.key)
        publisher = CommandPublisher.open(mqtt)
        ingest = Ingest(registry, files.store, fleet.hub_recipient(), publisher)
        note = _sealed(fleet, "n-1")
        assert not _refused(fleet, broker.port), "device should connect before revocation"
        started = time.perf_counter()
        revoke_device(fleet.layout, registry, "rum-1")
        while ingest.handle_note(topics.note("rum-1", "n-1"), note).result != "rejected":
            time.sleep(0.01)
        hub_s = time.perf_counter() - started
        while not _refused(fleet, broker.port):
            time.sleep(0.01)
        broker_s = time.perf_counter() - started
        publisher.close()
    return [
        _row("revoke → hub ingest refuses the device's note", hub_s, "< 5 s", hub_s < 5),
        _row("revoke → broker refuses a new connection", broker_s, "< 5 s", broker_s < 5),
    ]


def _row(metric: str, seconds: float, target: str, ok: bool) -> Row:
    return row(metric, seconds, "s", target, ok, command=COMMAND, digits=3)


def run() -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        return [bench_bulk_enrol(folder), *bench_revocation(folder)]


if __name__ == "__main__":
    emit(run())
