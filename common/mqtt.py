"""The paho MQTT 5 client with a TLS client certificate: the one place both sides build it."""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion, MQTTProtocolVersion


class TlsFilesError(OSError):
    """A CA, certificate or key file cannot be loaded; the message names the files."""


@dataclass(frozen=True)
class TlsIdentity:
    """Who a client is on the broker: certificate CN = username = client id."""

    client_id: str
    """Client id, equal to the certificate's CN (``dev-…`` or ``hub-…``)."""
    ca_file: Path
    """Fleet CA bundle the broker's certificate must chain to."""
    cert_file: Path
    """This client's certificate (PEM)."""
    key_file: Path
    """This client's private key (PEM)."""


def tls_client(identity: TlsIdentity) -> mqtt.Client:
    """A paho MQTT 5 client with mutual TLS, bounded reconnect delay and no client-side queue.

    Raises :class:`TlsFilesError` when a file is missing or does not parse.
    """
    client = mqtt.Client(
        CallbackAPIVersion.VERSION2,
        client_id=identity.client_id,
        protocol=MQTTProtocolVersion.MQTTv5,
    )
    try:
        client.tls_set(
            ca_certs=str(identity.ca_file),
            certfile=str(identity.cert_file),
            keyfile=str(identity.key_file),
            tls_version=ssl.PROTOCOL_TLS_CLIENT,
        )
    except (OSError, ssl.SSLError) as exc:
        files = f"{identity.cert_file}, {identity.key_file}, {identity.ca_file}"
        msg = f"cannot load TLS files for {identity.client_id} ({files}): {exc}"
        raise TlsFilesError(msg) from exc
    client.reconnect_delay_set(min_delay=1, max_delay=10)
    client.max_queued_messages_set(0)
    return client
