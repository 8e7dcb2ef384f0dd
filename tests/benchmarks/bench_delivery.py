"""Delivery benchmark over a real Mosquitto (mutual TLS) and real hub worker processes.

* hub ingest per worker: notes/s from first publish to last ack received by the devices,
  i.e. verify + decrypt + durable store (the real hub NoteStore on SQLite) + ack;
* two workers on the shared subscription against one;
* where a worker's time goes, per note, on one core: parse + Ed25519 verify, hybrid HPKE
  open, payload decode + schema validation, the durable store (one note per commit and
  group commit), and the ack publish; their sum gives the CPU ceiling of one worker;
* device seal-and-publish latency (seal → outbox fsync → PUBACK) and seal → hub ack.

    .venv/bin/python -m tests.benchmarks.bench_delivery [--notes 300]

Prints a JSON list of rows (tests.benchmarks.report).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import cbor2

from device.delivery.mqtt_client import DeviceMqtt
from hub.commands import CommandPublisher
from hub.store.notes import IncomingNote
from tests.benchmarks.report import Row, command, emit, row
from tests.delivery import support
from tests.delivery.samples import payload
from tests.hub.harness import hub_in
from tests.provisioning.harness import RunningBroker, TestFleet, make_test_fleet, running_mosquitto
from wire import commands
from wire.envelope import NotePayload, parse, seal
from wire.recipient import RecipientPrivateKey, suite_of

COMMAND = command("bench_delivery")
DEVICES = ("rum-1", "rum-2", "rum-3", "rum-4")
_metric = partial(row, command=COMMAND)


def _sealed(
    fleet: TestFleet, recipient: RecipientPrivateKey, count: int, tag: str
) -> list[tuple[str, str, bytes]]:
    keys = {d: fleet.devices[d].load_signing_key() for d in DEVICES}
    out = []
    for i in range(count):
        device_id = DEVICES[i % len(DEVICES)]
        meeting_id = f"{tag}-{i:05d}"
        blob = seal(
            payload(meeting_id, device_id=device_id),
            device_id=device_id,
            recipient=recipient.public_key(),
            signing_key=keys[device_id],
        )
        out.append((device_id, meeting_id, blob))
    return out


@contextmanager
def _workers(
    fleet: TestFleet,
    broker: RunningBroker,
    hub_dir: Path,
    recipient_file: Path,
    names: tuple[str, ...],
    *,
    batch: dict[str, float] | None = None,
) -> Iterator[list[support.WorkerProcess]]:
    hub_dir.mkdir()
    support.prepare_hub(hub_dir, fleet)
    workers = [
        support.start_worker(fleet, broker, hub_dir, recipient_file, client_id=n, batch=batch)
        for n in names
    ]
    try:
        yield workers
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
    batch: dict[str, float] | None = None,
) -> dict[str, float]:
    """Notes/s from the first publish until every device has received every ack, and the
    CPU time per note of the worker processes, the broker and the publishing clients."""
    hub_dir = tmp / f"hub-{len(names)}-{notes[0][1]}"
    with _workers(fleet, broker, hub_dir, recipient_file, names, batch=batch) as workers:
        clients = {}
        for d in DEVICES:
            device = fleet.devices[d]
            clients[d] = support.raw_client(fleet, broker, device.cert, device.key, d)
            clients[d].client.subscribe(f"fleet/{d}/cmd/ack", qos=1)
        time.sleep(0.5)
        pids = {"workers": [w.process.pid for w in workers], "broker": [broker.pid]}
        cpu_before = {k: sum(map(_cpu_s, v)) for k, v in pids.items()}
        own_before = time.process_time()
        start = time.perf_counter()
        for device_id, meeting_id, blob in notes:
            clients[device_id].client.publish(f"fleet/{device_id}/notes/{meeting_id}", blob, qos=1)

        def all_acked() -> bool:
            return sum(len(c.received) for c in clients.values()) >= len(notes)

        support.wait_for(all_acked, 600, "all acks")
        elapsed = time.perf_counter() - start
        cpu = {k: sum(map(_cpu_s, v)) - cpu_before[k] for k, v in pids.items()}
        cpu["publishers"] = time.process_time() - own_before
        for client in clients.values():
            client.close()
    out = {f"{k}_ms": 1000 * v / len(notes) for k, v in cpu.items()}
    out["busy_cores"] = sum(cpu.values()) / elapsed
    return {"rate": len(notes) / elapsed, **out}


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _per_note_ms(
    items: list[Any], step: Callable[[Any], object], clock: Callable[[], float] = time.process_time
) -> float:
    """Milliseconds per item: CPU time by default (the machine is shared), or ``clock``."""
    start = clock()
    for item in items:
        step(item)
    return 1000 * (clock() - start) / len(items)


def envelope_stages(
    fleet: TestFleet, recipient: RecipientPrivateKey, notes: list[tuple[str, str, bytes]]
) -> dict[str, float]:
    """Milliseconds per note on one core: parse + verify, HPKE open, payload decode + validation."""
    keys = {d: fleet.devices[d].signing_public_key for d in DEVICES}
    suite, key = suite_of(recipient.suite), recipient.hpke_key()
    sealed = [parse(blob) for _, _, blob in notes]
    verify = _per_note_ms(notes, lambda n: parse(n[2]).verify(keys[n[0]]))
    plains = [suite.decrypt(s.enc + s.ciphertext, key, info=s.header_bytes) for s in sealed]
    hpke = _per_note_ms(sealed, lambda s: suite.decrypt(s.enc + s.ciphertext, key, s.header_bytes))
    decode = _per_note_ms(plains, lambda p: NotePayload.from_dict(cbor2.loads(p)))
    whole = _per_note_ms(sealed, lambda s: s.decrypt(recipient))
    return {"verify": verify, "hpke": hpke, "decode": decode, "decrypt": whole}


def store_stages(directory: Path, count: int, batch: int) -> dict[str, float]:
    """Milliseconds per note in NoteStore: one note per commit, and ``batch`` notes per commit."""
    directory.mkdir()
    files = hub_in(directory)
    incoming = [_incoming(f"s-{i}") for i in range(2 * count)]
    wall = time.perf_counter  # the store waits for fsync: wall time is its cost
    single = _per_note_ms(incoming[:count], lambda n: files.store.accept_notes([n]), wall)
    groups = [incoming[i : i + batch] for i in range(count, 2 * count, batch)]
    grouped = _per_note_ms(groups, files.store.accept_notes, wall) / batch
    files.engine.dispose()
    return {"single": single, "batch": grouped}


def _incoming(meeting_id: str) -> IncomingNote:
    note = payload(meeting_id)
    return IncomingNote("rum-1", meeting_id, note.note, note.transcript, datetime.now(UTC))


def ack_publish_ms(fleet: TestFleet, broker: RunningBroker, count: int) -> float:
    """CPU ms per application ack: building and queueing the QoS 1 ack command (paho)."""
    hub = fleet.hubs["hub-1"]
    client = support.raw_client(fleet, broker, hub.cert, hub.key, "hub-1")
    publisher = CommandPublisher(client.client)
    acks = [(DEVICES[i % len(DEVICES)], commands.Ack(f"ack-{i}")) for i in range(count)]
    cost = _per_note_ms(acks, lambda a: publisher.send(*a))
    client.close()
    return cost


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

        def delivered(_meeting_id: str) -> None:
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


def _past(mqtt: DeviceMqtt, count: int) -> bool:
    return mqtt.notes_pubacked > count


def _ms(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _ingest_runs(
    fleet: TestFleet, broker: RunningBroker, tmp: Path, recipient: RecipientPrivateKey, notes: int
) -> tuple[dict[str, dict[str, float]], list[tuple[str, str, bytes]]]:
    recipient_file = tmp / "hub-recipient.key"
    rate = partial(ingest_rate, fleet, broker, tmp=tmp, recipient_file=recipient_file)
    runs: dict[str, tuple[str, dict[str, float] | None]] = {
        "single": ("s", {"max_notes": 1.0}),
        "one": ("a", None),
        "two": ("b", None),
    }
    rates: dict[str, dict[str, float]] = {}
    sample: list[tuple[str, str, bytes]] = []
    for name, (tag, batch) in runs.items():
        sample = _sealed(fleet, recipient, notes, tag)
        names = ("hub-1", "hub-2") if name == "two" else ("hub-1",)
        rates[name] = rate(notes=sample, names=names, batch=batch)
    return rates, sample


def run(notes: int = 300, rounds: int = 40, batch: int = 64) -> list[Row]:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        fleet = make_test_fleet(tmp / "fleet", devices=DEVICES, hubs=("hub-1", "hub-2"))
        recipient_file, recipient = support.write_recipient(tmp)
        with running_mosquitto(fleet) as broker:
            rates, sample = _ingest_runs(fleet, broker, tmp, recipient, notes)
            lat = device_latency(
                fleet,
                broker,
                tmp=tmp,
                recipient_file=recipient_file,
                recipient=recipient,
                rounds=rounds,
            )
            ack = ack_publish_ms(fleet, broker, notes)
        crypto = envelope_stages(fleet, recipient, sample)
        store = store_stages(tmp / "store-only", min(notes, 192), batch)
    stages = _stage_metrics(crypto, store, ack, batch)
    return _ingest_metrics(rates) + _cpu_metrics(rates) + stages + _latency(lat)


def _ingest_metrics(runs: dict[str, dict[str, float]]) -> list[Row]:
    one, two, single = (runs[k]["rate"] for k in ("one", "two", "single"))
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
        _metric(
            "hub ingest, 1 worker, one note per commit (max_notes=1)",
            single,
            "notes/s",
        ),
        _metric("group commit gain, 1 worker (batched / one per commit)", one / single, "x"),
    ]


def _cpu_metrics(runs: dict[str, dict[str, float]]) -> list[Row]:
    out = []
    for name, label in (("one", "1 worker"), ("two", "2 workers")):
        run = runs[name]
        for part in ("workers", "broker", "publishers"):
            metric = f"CPU per note during ingest, {label}: {part}"
            out.append(_metric(metric, run[f"{part}_ms"], "ms"))
        out.append(_metric(f"cores busy during ingest, {label} (all three)", run["busy_cores"], ""))
    own_core = 1000 / runs["one"]["workers_ms"]
    out.append(
        _metric("1 worker with a core to itself (1000 / its CPU per note)", own_core, "notes/s")
    )
    return out


def _stage_metrics(
    crypto: dict[str, float], store: dict[str, float], ack: float, batch: int
) -> list[Row]:
    cpu = crypto["verify"] + crypto["decrypt"] + store["batch"] + ack
    return [
        _metric("stage: parse + Ed25519 verify (CPU)", crypto["verify"], "ms/note"),
        _metric("stage: HPKE open, ML-KEM-768+X25519 (CPU)", crypto["hpke"], "ms/note"),
        _metric(
            "stage: payload CBOR decode + schema validation (CPU)", crypto["decode"], "ms/note"
        ),
        _metric(
            "stage: decrypt total, HPKE + decode + validation (CPU)", crypto["decrypt"], "ms/note"
        ),
        _metric(
            "stage: store, one note per commit (SQLite FULL, wall)", store["single"], "ms/note"
        ),
        _metric(f"stage: store, {batch} notes per commit (wall)", store["batch"], "ms/note"),
        _metric("stage: ack publish (QoS 1 command, CPU)", ack, "ms/note"),
        _metric(
            "one-core ceiling of a worker (1000 / sum of stages, batched)",
            1000 / cpu,
            "notes/s",
        ),
    ]


def _latency(lat: dict[str, list[float]]) -> list[Row]:
    return [
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
    parser.add_argument("--batch", type=int, default=64)
    args = parser.parse_args()
    emit(run(args.notes, args.rounds, args.batch))


if __name__ == "__main__":
    main()
