"""Provisioning benchmarks: bulk-enrol 1,000 devices from CSV; revoke → refused at connect.

Run: ``.venv/bin/python scripts/bench_provisioning.py`` (prints JSON).
"""

from __future__ import annotations

import json
import socket
import ssl
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hub.db import make_engine, session_factory
from hub.migrate import upgrade
from hub.registry import Registry
from provisioning.enrol import Enroller, parse_csv
from provisioning.revocation import revoke_device
from provisioning.testing import TestFleet, make_test_fleet, running_mosquitto

COMMAND = ".venv/bin/python scripts/bench_provisioning.py"
DEVICES = 1000


def _registry(folder: Path) -> Registry:
    url = f"sqlite:///{folder / 'hub.db'}"
    upgrade(url)
    return Registry(session_factory(make_engine(url)))


def bench_bulk_enrol(folder: Path) -> dict[str, object]:
    """Parse a 1,000-row CSV, make tokens and bundles, register all in one transaction."""
    fleet = make_test_fleet(folder / "fleet", devices=())
    registry = _registry(folder)
    csv_text = "name,room\n" + "".join(f"rum-{i},Rum {i % 40}\n" for i in range(DEVICES))
    started = time.perf_counter()
    rows = parse_csv(csv_text, registry.existing_ids())
    done = Enroller(fleet.layout, registry).enroll(rows)
    seconds = time.perf_counter() - started
    assert len(done) == DEVICES == len(registry.list())
    return {
        "metric": "bulk-enrol 1,000 devices from CSV",
        "value": round(seconds, 2),
        "unit": "s",
        "target": "< 60 s",
        "ok": seconds < 60,
        "baseline": None,
        "ratio": None,
        "command": COMMAND,
    }


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


def bench_revocation(folder: Path) -> dict[str, object]:
    """Time from ``revoke`` until a new TLS connection with the device's certificate fails."""
    fleet = make_test_fleet(folder / "fleet2", devices=("rum-1",))
    registry = _registry(folder / "fleet2")
    fleet.register(registry)
    with running_mosquitto(fleet) as broker:
        assert not _refused(fleet, broker.port), "device should connect before revocation"
        started = time.perf_counter()
        revoke_device(fleet.layout, registry, "rum-1")
        while not _refused(fleet, broker.port):
            time.sleep(0.01)
        seconds = time.perf_counter() - started
    return {
        "metric": "revoke → new connection refused by broker",
        "value": round(seconds, 3),
        "unit": "s",
        "target": "< 5 s",
        "ok": seconds < 5,
        "baseline": None,
        "ratio": None,
        "command": COMMAND,
    }


def run() -> list[dict[str, object]]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        return [bench_bulk_enrol(folder), bench_revocation(folder)]


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
