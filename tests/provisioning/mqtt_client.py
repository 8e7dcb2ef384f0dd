"""A tiny synchronous paho-mqtt 2.x (MQTT 5) client for broker tests."""

from __future__ import annotations

import queue
import ssl
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.properties import Properties
from paho.mqtt.reasoncodes import ReasonCode

TIMEOUT = 5.0


@dataclass
class Client:
    """Connects with a client certificate and records what happens."""

    client_id: str
    connected: threading.Event = field(default_factory=threading.Event)
    disconnected: threading.Event = field(default_factory=threading.Event)
    connect_reason: ReasonCode | None = None
    messages: queue.Queue[mqtt.MQTTMessage] = field(default_factory=queue.Queue)
    pubacks: dict[int, ReasonCode] = field(default_factory=dict)
    paho: mqtt.Client | None = None

    def on_connect(self, _c: Any, _u: Any, _f: Any, reason: ReasonCode, _p: Any) -> None:
        self.connect_reason = reason
        self.connected.set()

    def on_disconnect(self, _c: Any, _u: Any, _f: Any, _reason: ReasonCode, _p: Any) -> None:
        self.disconnected.set()

    def on_message(self, _c: Any, _u: Any, message: mqtt.MQTTMessage) -> None:
        self.messages.put(message)

    def on_publish(self, _c: Any, _u: Any, mid: int, reason: ReasonCode, _p: Any) -> None:
        self.pubacks[mid] = reason


def connect(
    port: int,
    ca: Path,
    cert: Path,
    key: Path,
    client_id: str = "",
    *,
    will_topic: str | None = None,
) -> Client:
    """Connect (MQTT 5, clean_start=False, 1 h session); check ``connected`` and the reason."""
    state = Client(client_id)
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv5)
    client.tls_set(
        ca_certs=str(ca), certfile=str(cert), keyfile=str(key), tls_version=ssl.PROTOCOL_TLS_CLIENT
    )
    client.on_connect = state.on_connect
    client.on_disconnect = state.on_disconnect
    client.on_message = state.on_message
    client.on_publish = state.on_publish
    if will_topic:
        client.will_set(will_topic, b'{"online": false}', qos=1, retain=True)
    props = Properties(1)  # type: ignore[no-untyped-call]  # CONNECT packet
    props.SessionExpiryInterval = 3600
    state.paho = client
    try:
        client.connect("127.0.0.1", port, keepalive=30, clean_start=False, properties=props)
    except (ssl.SSLError, OSError):
        state.disconnected.set()
        return state
    client.loop_start()
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline and not (
        state.connected.is_set() or state.disconnected.is_set()
    ):
        time.sleep(0.01)
    return state


def is_connected(state: Client) -> bool:
    """True when the broker accepted the CONNECT (reason code Success)."""
    return (
        state.connect_reason is not None
        and not state.connect_reason.is_failure
        and state.paho is not None
        and state.paho.is_connected()
    )


def subscribe(state: Client, topic: str) -> None:
    assert state.paho is not None
    done = threading.Event()
    state.paho.on_subscribe = lambda *_a: done.set()
    state.paho.subscribe(topic, qos=1)
    assert done.wait(TIMEOUT), f"no SUBACK for {topic}"


def publish(state: Client, topic: str, payload: bytes) -> ReasonCode:
    """Publish QoS 1 and return the PUBACK reason code."""
    assert state.paho is not None
    info = state.paho.publish(topic, payload, qos=1)
    info.wait_for_publish(TIMEOUT)
    return state.pubacks[info.mid]


def close(state: Client) -> None:
    if state.paho is not None:
        state.paho.disconnect()
        state.paho.loop_stop()
