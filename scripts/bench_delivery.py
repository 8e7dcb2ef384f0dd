"""Delivery benchmark over a real Mosquitto (mutual TLS) and real hub worker processes.

* hub ingest per worker: notes/s from first publish to last ack received by the devices,
  i.e. verify + decrypt + durable store (the real hub NoteStore on SQLite) + ack;
* two workers on the shared subscription against one;
* the envelope alone (parse + verify + decrypt + payload validation), one core, no store;
* device seal-and-publish latency (seal → outbox fsync → PUBACK) and seal → hub ack.

    .venv/bin/python scripts/bench_delivery.py [--notes 300]

Prints a JSON list of metric dicts (see CONTRACTS: scripts/bench_<area>.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from device.delivery.mqtt_client import DeviceMqtt
from hub.testing import hub_in
from provisioning.testing import RunningBroker, TestFleet, make_test_fleet, running_mosquitto
from tests.delivery import support
from tests.delivery.samples import payload
from wire.envelope import parse, seal
from wire.recipient import RecipientPrivateKey

COMMAND = ".venv/bin/python scripts/bench_delivery.py"
DEVICES = ("rum-1", "rum-2", "rum-3", "rum-4")


def _metric(
    metric: str,
    value: float,
    unit: str,
    *,
    target: str | None = None,
    ok: bool | None = None,
    ratio: float | None = None,
) -> dict[str, Any]:
    return {
        "metric": metric,
        "value": round(value, 2),
        "unit": unit,
        "target": target,
        "ok": ok,
        "baseline": None,
        "ratio": ratio,
        "command": COMMAND,
    }


def _sealed(
    fleet: TestFleet, recipient: RecipientPrivateKey, count: int, tag: str
) -> list[tuple[str, str, bytes]]:
    keys = {d: fleet.devices[d].load_signing_key() for d in DEVICES}
    out = []
    for i in range(count):
        device_id = DEVICES[i % len(DEVICES)]
        note_id = f"{tag}-{i:05d}"
        blob = seal(
            payload(note_id, device_id=device_id),
            device_id=device_id,
            recipient=recipient.public_key(),
            signing_key=keys[device_id],
        )
        out.append((device_id, note_id, blob))
    return out


@contextmanager
def _workers(
    fleet: TestFleet,
    broker: RunningBroker,
    hub_dir: Path,
    recipient_file: Path,
    names: tuple[str, ...],
) -> Iterator[None]:
    hub_dir.mkdir()
    support.prepare_hub(hub_dir, fleet)
    workers = [
        support.start_worker(fleet, broker, hub_dir, recipient_file, client_id=n) for n in names
    ]
    try:
        yield
    finally:
        for worker in workers:
            worker.stop()


def ingest_rate(
    fleet: TestFleet,
    broker: RunningBroker,
    *,
    tmp: Path,
    recipient_file: Path,
    notes: list[tuple[str, str, bytes]],
    names: tuple[str, ...],
) -> float:
    """Notes/s from the first publish until every device has received every ack."""
    with _workers(fleet, broker, tmp / f"hub-{len(names)}", recipient_file, names):
        clients = {}
        for d in DEVICES:
            device = fleet.devices[d]
            clients[d] = support.raw_client(fleet, broker, device.cert, device.key, d)
            clients[d].client.subscribe(f"fleet/{d}/cmd/ack", qos=1)
        time.sleep(0.5)
        start = time.perf_counter()
        for device_id, note_id, blob in notes:
            clients[device_id].client.publish(f"fleet/{device_id}/notes/{note_id}", blob, qos=1)

        def all_acked() -> bool:
            return sum(len(c.received) for c in clients.values()) >= len(notes)

        support.wait_for(all_acked, 600, "all acks")
        elapsed = time.perf_counter() - start
        for client in clients.values():
            client.close()
    return len(notes) / elapsed


def envelope_rate(
    fleet: TestFleet, recipient: RecipientPrivateKey, notes: list[tuple[str, str, bytes]]
) -> float:
    """Parse + verify + decrypt + payload validation per second on one core, no store."""
    keys = {d: fleet.devices[d].signing_public_key for d in DEVICES}
    start = time.perf_counter()
    for device_id, _, blob in notes:
        sealed = parse(blob)
        sealed.verify(keys[device_id])
        sealed.decrypt(recipient)
    return len(notes) / (time.perf_counter() - start)


def device_latency(
    fleet: TestFleet,
    broker: RunningBroker,
    *,
    tmp: Path,
    recipient_file: Path,
    recipient: RecipientPrivateKey,
    rounds: int,
) -> dict[str, list[float]]:
    """Per note: seal alone, seal → PUBACK (through the outbox), seal → hub ack."""
    out: dict[str, list[float]] = {"seal": [], "puback": [], "ack": []}
    with _workers(fleet, broker, tmp / "hub-latency", recipient_file, ("hub-1",)):
        settings = support.device_settings(fleet, broker, "rum-1", tmp)
        got = threading.Event()

        def delivered(_note_id: str) -> None:
            got.set()

        mqtt = DeviceMqtt(
            settings,
            support.open_outbox(settings),
            fleet.devices["rum-1"].load_signing_key(),
            on_delivered=delivered,
        )
        mqtt.start()
        support.wait_for(mqtt.connected.is_set, 15, "device connect")
        key = fleet.devices["rum-1"].load_signing_key()
        for i in range(rounds):
            got.clear()
            pubacked = mqtt.notes_pubacked
            t0 = time.perf_counter()
            blob = seal(
                payload(f"lat-{i}"),
                device_id="rum-1",
                recipient=recipient.public_key(),
                signing_key=key,
            )
            out["seal"].append(time.perf_counter() - t0)
            mqtt.submit(f"lat-{i}", blob)
            support.wait_for(partial(_past, mqtt, pubacked), 30, "PUBACK")
            out["puback"].append(time.perf_counter() - t0)
            got.wait(30)
            out["ack"].append(time.perf_counter() - t0)
        mqtt.stop()
    return out


def store_rate(directory: Path, count: int) -> float:
    """The note store's own ceiling: accept_note calls per second, no MQTT, no crypto."""
    directory.mkdir()
    files = hub_in(directory)
    payloads = [payload(f"s-{i}").to_dict() for i in range(count)]
    start = time.perf_counter()
    for i, doc in enumerate(payloads):
        files.store.accept_note(
            device_id="rum-1", note_id=f"s-{i}", payload=doc, received_at=datetime.now(UTC)
        )
    rate = count / (time.perf_counter() - start)
    files.engine.dispose()
    return rate


def _past(mqtt: DeviceMqtt, count: int) -> bool:
    return mqtt.notes_pubacked > count


def _ms(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(notes: int = 300, rounds: int = 40) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        fleet = make_test_fleet(tmp / "fleet", devices=DEVICES, hubs=("hub-1", "hub-2"))
        recipient_file, recipient = support.write_recipient(tmp)
        one_batch = _sealed(fleet, recipient, notes, "a")
        two_batch = _sealed(fleet, recipient, notes, "b")
        ram_one = _sealed(fleet, recipient, notes, "c")
        ram_two = _sealed(fleet, recipient, notes, "d")
        with running_mosquitto(fleet) as broker:
            rate = partial(ingest_rate, fleet, broker, recipient_file=recipient_file)
            one = rate(tmp=tmp, notes=one_batch, names=("hub-1",))
            two = rate(tmp=tmp, notes=two_batch, names=("hub-1", "hub-2"))
            with tempfile.TemporaryDirectory(dir="/dev/shm") as shm:
                one_ram = rate(tmp=Path(shm), notes=ram_one, names=("hub-1",))
                two_ram = rate(tmp=Path(shm), notes=ram_two, names=("hub-1", "hub-2"))
            lat = device_latency(
                fleet,
                broker,
                tmp=tmp,
                recipient_file=recipient_file,
                recipient=recipient,
                rounds=rounds,
            )
        crypto = envelope_rate(fleet, recipient, one_batch)
        store = store_rate(tmp / "store-only", min(notes, 150))
    scale = two / one
    return [
        _metric(
            "hub ingest, 1 worker (verify+decrypt+store+ack)",
            one,
            "notes/s",
            target=">= 300",
            ok=one >= 300,
        ),
        _metric("hub ingest, 2 workers on $share", two, "notes/s"),
        _metric(
            "hub ingest scaling, 2 workers / 1",
            scale,
            "x",
            target=">= 1.7",
            ok=scale >= 1.7,
            ratio=scale,
        ),
        _metric("hub ingest, 1 worker, store on tmpfs (no fsync; NOT durable)", one_ram, "notes/s"),
        _metric(
            "hub ingest, 2 workers, store on tmpfs (no fsync; NOT durable)", two_ram, "notes/s"
        ),
        _metric("envelope open (parse+verify+decrypt+validate), 1 core", crypto, "notes/s"),
        _metric("hub NoteStore.accept_note alone (SQLite, in-process)", store, "notes/s"),
        _metric("device seal, median", _ms(lat["seal"], 0.5), "ms"),
        _metric("device seal+outbox+publish to PUBACK, median", _ms(lat["puback"], 0.5), "ms"),
        _metric("device seal+outbox+publish to PUBACK, p95", _ms(lat["puback"], 0.95), "ms"),
        _metric("device seal to hub ack, median", _ms(lat["ack"], 0.5), "ms"),
        _metric("device seal to hub ack, p95", _ms(lat["ack"], 0.95), "ms"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notes", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    print(json.dumps(run(args.notes, args.rounds), indent=2))


if __name__ == "__main__":
    main()
