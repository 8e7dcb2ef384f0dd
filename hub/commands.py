"""Hub → device commands over MQTT (paho adapter) and the hub's broker connection settings."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
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
    :meth:`open` for a dedicated connection (the web app's claim flow).
    """

    def __init__(self, client: mqtt.Client) -> None:
        self._client = client

    @classmethod
    def open(cls, settings: HubMqttSettings, timeout_s: float = 10.0) -> CommandPublisher:
        client = make_client(settings)
        ready = threading.Event()

        def on_connect(_c: mqtt.Client, _u: Any, _f: Any, reason: Any, _p: Any) -> None:
            if not reason.is_failure:
                ready.set()

        client.on_connect = on_connect
        connect(client, settings)
        client.loop_start()
        if not ready.wait(timeout_s):
            client.loop_stop()
            msg = f"{settings.client_id} could not connect to {settings.broker_host}:"
            msg += f"{settings.broker_port} within {timeout_s} s"
            raise HubMqttError(msg)
        return cls(client)

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
