"""An ingest worker process: one MQTT 5 consumer in the hub's shared subscription.

``python -m hub.ingest_worker CONFIG.json`` where the JSON names the broker connection
(:class:`hub.commands.HubMqttSettings` fields), the recipient key file (or a list: the
current key and the ones before a rotation) and a backends
factory ``"module:function"`` called with ``backends_arg`` that returns
:class:`IngestBackends` (registry, note store, receipt store, status sink).

paho sends the PUBACK for a note only after ``on_message`` returns, i.e. after the note
was committed and its ack queued; a worker killed mid-note leaves the message unacked in
its persistent session and the broker delivers it again when the worker reconnects.
"""

from __future__ import annotations

import importlib
import json
import logging
import signal
import sys
import threading
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
from hub.db import make_engine, session_factory
from hub.fleet import record_status
from hub.ingest import Ingest, NoteSink, ReceiptSink, SignerDirectory, StatusSink
from hub.keyring import Keyring, load_master_key
from hub.receipts import ReceiptStore, StoredReceipt
from hub.registry import Registry
from hub.store import NoteStore
from wire import topics
from wire.recipient import RecipientPrivateKey, load_private

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestBackends:
    signers: SignerDirectory
    sink: NoteSink
    receipts: ReceiptSink | None = None
    status: StatusSink | None = None


class IngestWorker:
    """Subscribes to notes and status on the shared subscription and feeds :class:`Ingest`."""

    def __init__(
        self,
        settings: HubMqttSettings,
        backends: IngestBackends,
        recipient: RecipientPrivateKey | Sequence[RecipientPrivateKey],
    ) -> None:
        self.settings = settings
        self.ready = threading.Event()
        self._client = make_client(settings)
        self.commands = CommandPublisher(self._client)
        self.ingest = Ingest(
            backends.signers,
            backends.sink,
            recipient,
            self.commands,
            receipts=backends.receipts,
            status=backends.status,
        )
        self._client.on_connect = self._on_connect
        self._client.on_subscribe = self._on_subscribe
        self._client.on_message = self._on_message

    def start(self) -> None:
        connect(self._client, self.settings)
        self._client.loop_start()

    def run_forever(self) -> None:
        connect(self._client, self.settings)
        self._client.loop_forever(retry_first_connection=True)

    def stop(self) -> None:
        """Leave the group cleanly: unsubscribe and end the session.

        Mosquitto keeps handing a stopped worker's persistent session its share of the
        shared subscription, where notes would wait until that worker returns. A clean stop
        ends the session so the broker sends everything to the remaining workers; only a
        crash leaves notes parked (the device re-sends them after its backoff).
        """
        if self._client.is_connected():
            self._client.unsubscribe(
                [topics.HUB_NOTES_SUBSCRIPTION, topics.HUB_STATUS_SUBSCRIPTION]
            )
            props = Properties(PacketTypes.DISCONNECT)  # type: ignore[no-untyped-call]
            props.SessionExpiryInterval = 0
            self._client.disconnect(properties=props)
        self._client.loop_stop()

    def _on_connect(self, client: mqtt.Client, _u: Any, _f: Any, reason: Any, _p: Any) -> None:
        if reason.is_failure:
            log.warning("%s refused by broker: %s", self.settings.client_id, reason)
            return
        client.subscribe([(topics.HUB_NOTES_SUBSCRIPTION, 1), (topics.HUB_STATUS_SUBSCRIPTION, 1)])

    def _on_subscribe(self, _c: mqtt.Client, _u: Any, _m: int, codes: Any, _p: Any) -> None:
        if any(code.is_failure for code in codes):
            log.error("subscription refused: %s", codes)
            return
        log.info("%s subscribed to %s", self.settings.client_id, topics.HUB_NOTES_SUBSCRIPTION)
        self.ready.set()

    def _on_message(self, _c: mqtt.Client, _u: Any, message: mqtt.MQTTMessage) -> None:
        payload = bytes(message.payload)
        try:
            if message.topic.endswith("/status"):
                self.ingest.handle_status(message.topic, payload)
            else:
                self.ingest.handle_note(message.topic, payload)
        except Exception:  # a store outage must not kill the consumer; the device re-sends
            self.ingest.stats.dead_letters["internal"] += 1
            log.exception("ingest of %s failed; the device will re-send it", message.topic)


def from_hub_config(path: str) -> IngestBackends:
    """Backends of a configured hub (``hub.toml``, after ``python -m hub init``).

    Name it in the worker config: ``"backends": "hub.ingest_worker:from_hub_config"``,
    ``"backends_arg": "/etc/samtal/hub.toml"``.
    """
    settings, _ = load_hub_config(Path(path))
    engine = make_engine(settings.database_url)
    StoredReceipt.__table__.create(engine, checkfirst=True)  # type: ignore[attr-defined]
    sessions = session_factory(engine)
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
    return IngestWorker(HubMqttSettings(**mqtt_cfg), backends, recipients)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    worker = worker_from_config(Path(args[0]))
    signal.signal(signal.SIGTERM, lambda *_: worker.stop())
    worker.run_forever()


if __name__ == "__main__":
    main()
