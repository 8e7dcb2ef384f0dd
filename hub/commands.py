"""Hub → device commands over MQTT (paho adapter) and the hub's broker connection settings."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from common.mqtt import TlsFilesError, TlsIdentity, tls_client
from hub.errors import HubError
from wire import commands, topics

log = logging.getLogger(__name__)


class HubMqttError(HubError, RuntimeError):
    """The hub cannot talk to the broker; the message names the file, host or command."""


@dataclass(frozen=True)
class HubMqttSettings:
    """How the hub's worker reaches the broker to send commands to devices."""

    client_id: str
    """Hub worker identity: certificate CN = username = client id, e.g. ``hub-1``."""
    broker_host: str
    """Broker host name as in its certificate."""
    broker_port: int
    """Broker TLS port."""
    ca_file: Path
    """Fleet CA bundle."""
    cert_file: Path
    """This worker's client certificate (PEM)."""
    key_file: Path
    """This worker's TLS private key (PEM)."""
    session_expiry_s: int = 24 * 3600
    """How long the broker keeps undelivered notes for this worker while it is down."""
    keepalive_s: int = 30
    """MQTT keepalive."""


def make_client(settings: HubMqttSettings) -> mqtt.Client:
    """A paho MQTT 5 client with the worker's TLS identity (not yet connected)."""
    identity = TlsIdentity(
        settings.client_id, settings.ca_file, settings.cert_file, settings.key_file
    )
    try:
        return tls_client(identity)
    except TlsFilesError as exc:
        raise HubMqttError(str(exc)) from exc


def connect(client: mqtt.Client, settings: HubMqttSettings, *, clean_start: bool = False) -> None:
    """Start connecting in the background with a persistent session."""
    props = Properties(PacketTypes.CONNECT)  # type: ignore[no-untyped-call]
    props.SessionExpiryInterval = settings.session_expiry_s
    client.connect_async(
        settings.broker_host,
        settings.broker_port,
        keepalive=settings.keepalive_s,
        clean_start=clean_start,
        properties=props,
    )


class CommandPublisher:
    """Publishes commands to ``fleet/<device>/cmd/<kind>`` at QoS 1.

    Give it an already connected client (an ingest worker shares its own), or use
    :meth:`start` for a dedicated connection that comes up and reconnects in the
    background (the web app's claim flow), or :meth:`open` to wait for it.
    """

    def __init__(self, client: mqtt.Client, *, connected: bool = True) -> None:
        self._client = client
        self._up = threading.Event()
        if connected:
            self._up.set()
        self._since = datetime.now(UTC)

    @classmethod
    def start(cls, settings: HubMqttSettings, *, retry_max_s: int = 30) -> CommandPublisher:
        """Connect in the background, reconnecting forever; returns at once, not yet connected."""
        client = make_client(settings)
        publisher = cls(client, connected=False)
        client.on_connect = publisher._on_connect
        client.on_disconnect = publisher._on_disconnect
        client.reconnect_delay_set(min_delay=1, max_delay=retry_max_s)
        connect(client, settings)
        client.loop_start()  # paho's loop thread retries the first connection too
        return publisher

    @classmethod
    def open(cls, settings: HubMqttSettings, timeout_s: float = 10.0) -> CommandPublisher:
        """:meth:`start`, then wait up to ``timeout_s`` for the broker."""
        publisher = cls.start(settings)
        if not publisher.wait_connected(timeout_s):
            publisher.close()
            msg = f"{settings.client_id} could not connect to {settings.broker_host}:"
            msg += f"{settings.broker_port} within {timeout_s} s"
            raise HubMqttError(msg)
        return publisher

    def connection(self) -> tuple[bool, datetime]:
        """Whether the broker connection is up, and since when (UTC) it has been so."""
        return self._up.is_set(), self._since

    def wait_connected(self, timeout_s: float) -> bool:
        return self._up.wait(timeout_s)

    def _on_connect(self, _c: mqtt.Client, _u: Any, _f: Any, reason: Any, _p: Any) -> None:
        if reason.is_failure:
            log.warning("broker refused the hub's connection: %s", reason)
            return
        self._since = datetime.now(UTC)
        self._up.set()
        log.info("connected to the broker")

    def _on_disconnect(self, _c: mqtt.Client, _u: Any, _f: Any, reason: Any, _p: Any) -> None:
        if self._up.is_set():
            self._since = datetime.now(UTC)
            log.warning("lost the broker connection (%s); reconnecting", reason)
        self._up.clear()

    def close(self) -> None:
        self._client.disconnect()
        self._client.loop_stop()

    def send(self, device_id: str, command: commands.Command) -> None:
        """Queue ``command`` for ``device_id``; the broker holds it in the device's session."""
        topic = topics.command(device_id, command.kind)
        info = self._client.publish(topic, commands.encode(command), qos=1)
        if info.rc not in (mqtt.MQTT_ERR_SUCCESS, mqtt.MQTT_ERR_NO_CONN):
            msg = f"publishing {command.kind} to {device_id} failed: {mqtt.error_string(info.rc)}"
            raise HubMqttError(msg)
