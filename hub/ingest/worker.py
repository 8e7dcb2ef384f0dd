"""An ingest worker process: one MQTT 5 consumer in the hub's shared subscription.

``python -m hub.ingest CONFIG.json`` where the JSON names the broker connection
(:class:`hub.commands.HubMqttSettings` fields), the recipient key file (or a list: the
current key and the ones before a rotation), a backends factory ``"module:function"``
called with ``backends_arg`` that returns :class:`IngestBackends` (registry, note store,
receipt store, status sink) and optionally ``"batch"`` (:class:`IngestBatchSettings` fields).

Group commit: paho's network thread only queues incoming messages (``manual_ack``: no
PUBACK yet). One ingest thread takes what is queued (up to ``max_notes``, waiting at most
``max_wait_ms`` for more), opens each note, stores all of them in one transaction, sends
the application acks and only then the PUBACKs. A worker killed anywhere before that leaves
the messages unacked in its persistent session; the broker delivers them again when it
reconnects and the store's dedup turns them into re-acked duplicates.
"""

from __future__ import annotations

import importlib
import json
import logging
import queue
import signal
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from hub.commands import CommandPublisher, HubMqttSettings, connect, make_client
from hub.config import load as load_hub_config
from hub.ingest.handler import Ingest, NoteSink, ReceiptSink, SignerDirectory, StatusSink
from hub.ingest.receipts import ReceiptStore
from hub.ingest.status import record_status
from hub.store.db import make_engine, session_factory
from hub.store.keyring import Keyring, load_master_key
from hub.store.notes import NoteStore
from provisioning.registry import Registry
from wire import topics
from wire.recipient import RecipientPrivateKey, load_private

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestBackends:
    """What the ingest worker writes to and checks against, built from the hub config."""

    signers: SignerDirectory
    sink: NoteSink
    receipts: ReceiptSink | None = None
    status: StatusSink | None = None


@dataclass(frozen=True)
class IngestBatchSettings:
    """How the worker groups notes into one durable commit."""

    max_notes: int = 64
    """Most notes stored in one transaction (and acked together)."""
    max_wait_ms: float = 0.0
    """How long a batch waits for more notes after its first. 0: take only what is already
    queued, so a lone note is never delayed; under load the queue fills while the previous
    batch commits, which is what makes the batches."""
    drain_timeout_s: float = 10.0
    """On a clean stop, how long to finish the notes already received before disconnecting."""


@dataclass(frozen=True)
class _Received:
    topic: str
    payload: bytes
    mid: int
    qos: int
    generation: int


class IngestWorker:
    """Subscribes to notes and status on the shared subscription and feeds :class:`Ingest`."""

    def __init__(
        self,
        settings: HubMqttSettings,
        backends: IngestBackends,
        recipient: RecipientPrivateKey | Sequence[RecipientPrivateKey],
        batch: IngestBatchSettings | None = None,
    ) -> None:
        self.settings = settings
        self.batch = batch or IngestBatchSettings()
        self.ready = threading.Event()
        self._client = make_client(settings)
        self._client.manual_ack_set(on=True)  # PUBACK only after the durable commit
        self.commands = CommandPublisher(self._client)
        self.ingest = Ingest(
            backends.signers,
            backends.sink,
            recipient,
            self.commands,
            receipts=backends.receipts,
            status=backends.status,
        )
        self._inbox: queue.Queue[_Received] = queue.Queue()
        self._stopping = threading.Event()
        self._generation = 0
        self._ack_lock = threading.Lock()
        self._thread = threading.Thread(target=self._process_forever, name="ingest", daemon=True)
        self._client.on_connect = self._on_connect
        self._client.on_disconnect = self._on_disconnect
        self._client.on_subscribe = self._on_subscribe
        self._client.on_message = self._on_message

    def start(self) -> None:
        self._thread.start()
        connect(self._client, self.settings)
        self._client.loop_start()

    def stop(self) -> None:
        """Leave the group cleanly: unsubscribe, finish what was received, end the session.

        Mosquitto keeps handing a stopped worker's persistent session its share of the
        shared subscription, where notes would wait until that worker returns. A clean stop
        ends the session so the broker sends everything to the remaining workers; only a
        crash leaves notes parked (the device re-sends them after its backoff).
        """
        if self._client.is_connected():
            self._client.unsubscribe(
                [topics.HUB_NOTES_SUBSCRIPTION, topics.HUB_STATUS_SUBSCRIPTION]
            )
            self._drain(self.batch.drain_timeout_s)
            props = Properties(PacketTypes.DISCONNECT)  # type: ignore[no-untyped-call]
            props.SessionExpiryInterval = 0
            self._client.disconnect(properties=props)
        self._stopping.set()
        self._client.loop_stop()
        if self._thread.is_alive():
            self._thread.join(timeout=self.batch.drain_timeout_s)

    def _drain(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self._inbox.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.01)

    def _on_connect(self, client: mqtt.Client, _u: Any, _f: Any, reason: Any, _p: Any) -> None:
        if reason.is_failure:
            log.warning("%s refused by broker: %s", self.settings.client_id, reason)
            return
        with self._ack_lock:
            self._generation += 1
        client.subscribe([(topics.HUB_NOTES_SUBSCRIPTION, 1), (topics.HUB_STATUS_SUBSCRIPTION, 1)])

    def _on_disconnect(self, _c: mqtt.Client, _u: Any, _f: Any, _r: Any, _p: Any) -> None:
        # Message ids belong to a connection: messages received before this point must not be
        # PUBACKed on the next one. The broker sends them again; dedup makes that harmless.
        with self._ack_lock:
            self._generation += 1

    def _on_subscribe(self, _c: mqtt.Client, _u: Any, _m: int, codes: Any, _p: Any) -> None:
        if any(code.is_failure for code in codes):
            log.error("subscription refused: %s", codes)
            return
        log.info("%s subscribed to %s", self.settings.client_id, topics.HUB_NOTES_SUBSCRIPTION)
        self.ready.set()

    def _on_message(self, _c: mqtt.Client, _u: Any, message: mqtt.MQTTMessage) -> None:
        received = _Received(
            message.topic, bytes(message.payload), message.mid, message.qos, self._generation
        )
        self._inbox.put(received)

    # --- the ingest thread -------------------------------------------------------------

    def _process_forever(self) -> None:
        while not self._stopping.is_set():
            batch = self._next_batch()
            if not batch:
                continue
            try:
                self._process(batch)
            finally:
                self._puback(batch)
                for _ in batch:
                    self._inbox.task_done()

    def _next_batch(self) -> list[_Received]:
        try:
            first = self._inbox.get(timeout=0.2)
        except queue.Empty:
            return []
        batch = [first]
        deadline = time.monotonic() + self.batch.max_wait_ms / 1000
        while len(batch) < self.batch.max_notes:
            remaining = deadline - time.monotonic()
            try:
                wait = remaining > 0
                batch.append(
                    self._inbox.get(timeout=remaining) if wait else self._inbox.get_nowait()
                )
            except queue.Empty:
                break
        return batch

    def _process(self, batch: list[_Received]) -> None:
        notes = [(m.topic, m.payload) for m in batch if not m.topic.endswith("/status")]
        try:
            if notes:
                started = time.perf_counter()
                self.ingest.handle_notes(notes)
                took = 1000 * (time.perf_counter() - started)
                log.info("ingested a batch of %d notes in %.0f ms", len(notes), took)
            for m in batch:
                if m.topic.endswith("/status"):
                    self.ingest.handle_status(m.topic, m.payload)
        except Exception:  # a store outage must not kill the consumer; the device re-sends
            self.ingest.stats.dead_letters["internal"] += 1
            log.exception("ingest of %d messages failed; devices will re-send", len(batch))

    def _puback(self, batch: list[_Received]) -> None:
        with self._ack_lock:
            for m in batch:
                if m.generation == self._generation and m.qos > 0:
                    self._client.ack(m.mid, m.qos)


def from_hub_config(path: str) -> IngestBackends:
    """Backends of a configured hub (``hub.toml``, after ``python -m hub init``).

    Name it in the worker config: ``"backends": "hub.ingest.worker:from_hub_config"``,
    ``"backends_arg": "/etc/samtal/hub.toml"``.
    """
    settings, _ = load_hub_config(Path(path))
    sessions = session_factory(make_engine(settings.database_url))
    keyring = Keyring(
        load_master_key(settings.master_key_file),
        session_factory(make_engine(settings.keystore_url)),
    )
    registry = Registry(sessions)
    return IngestBackends(
        registry,
        NoteStore(sessions, keyring),
        ReceiptStore(sessions),
        partial(record_status, registry),
    )


def _load_factory(spec: str) -> Any:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def worker_from_config(path: Path) -> IngestWorker:
    config = json.loads(path.read_text())
    mqtt_cfg = dict(config["mqtt"])
    for key in ("ca_file", "cert_file", "key_file"):
        mqtt_cfg[key] = Path(mqtt_cfg[key])
    backends = _load_factory(config["backends"])(config.get("backends_arg"))
    files = config["recipient_key"]
    files = [files] if isinstance(files, str) else files
    recipients = [load_private(Path(f).read_bytes()) for f in files]
    batch = IngestBatchSettings(**config.get("batch", {}))
    return IngestWorker(HubMqttSettings(**mqtt_cfg), backends, recipients, batch)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    worker = worker_from_config(Path(args[0]))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    worker.start()
    while not stop.wait(1.0):
        pass
    worker.stop()


if __name__ == "__main__":
    main()
