"""A broker tap for the demo: what a subscriber with hub rights sees crossing Mosquitto.

It records every note and status message to a file, so the demo (and the system test) can
show that only ciphertext crossed the broker.
"""

from __future__ import annotations

import struct
import threading
from pathlib import Path
from typing import Any

from hub.commands import HubMqttSettings, connect, make_client
from wire import topics


class BrokerTap:
    """Subscribes to every device's notes and status and appends them to ``path``."""

    def __init__(self, settings: HubMqttSettings, path: Path) -> None:
        self.path = path
        self.count = 0
        self.subscribed = threading.Event()
        self._lock = threading.Lock()
        self._client = make_client(settings)
        self._client.on_connect = self._on_connect
        self._client.on_subscribe = lambda *_: self.subscribed.set()
        self._client.on_message = self._on_message
        connect(self._client, settings, clean_start=True)

    def start(self) -> None:
        self._client.loop_start()

    def stop(self) -> None:
        self._client.disconnect()
        self._client.loop_stop()

    def _on_connect(self, client: Any, *_: Any) -> None:
        note_topics = f"{topics.FLEET}/+/notes/#"
        client.subscribe([(note_topics, 1), (f"{topics.FLEET}/+/status", 1)])

    def _on_message(self, _client: Any, _userdata: Any, message: Any) -> None:
        topic = message.topic.encode()
        with self._lock, self.path.open("ab") as out:
            out.write(struct.pack(">HI", len(topic), len(message.payload)))
            out.write(topic + message.payload)
            self.count += 1


def read_tap(path: Path) -> list[tuple[str, bytes]]:
    """The (topic, payload) pairs a tap recorded."""
    data, records, at = path.read_bytes() if path.exists() else b"", [], 0
    while at < len(data):
        topic_len, payload_len = struct.unpack_from(">HI", data, at)
        at += 6
        topic = data[at : at + topic_len].decode()
        records.append((topic, data[at + topic_len : at + topic_len + payload_len]))
        at += topic_len + payload_len
    return records


def plaintext_found(records: list[tuple[str, bytes]], note: dict[str, Any]) -> list[str]:
    """Note sentences (≥ 12 characters) that appear readable in any recorded payload."""
    texts = [s["text"] for key in ("syfte", "framkom", "bedomning", "overenskommelser",
                                    "nasta_steg") for s in note.get(key, [])]  # fmt: skip
    needles = {t[:40] for t in texts if len(t) >= 12}
    found = []
    for needle in needles:
        encoded = needle.encode()
        if any(encoded in payload for _, payload in records):
            found.append(needle)
    return found
