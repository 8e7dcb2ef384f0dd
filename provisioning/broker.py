"""Mosquitto configuration for the fleet: mutual TLS, CRL, per-device ACL patterns.

Identity is the certificate CN (``use_identity_as_username``) and the client id is forced
to that username (``use_username_as_clientid``) so no device can take a hub's client id
and wipe its session. ACL patterns confine each device to its own topics.
"""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass
from pathlib import Path

from common.files import write_atomic
from provisioning.errors import BrokerError
from provisioning.layout import FleetLayout
from wire import topics


@dataclass(frozen=True)
class BrokerSettings:
    """How the fleet's Mosquitto listens."""

    host: str = "127.0.0.1"
    """Address of the TLS listener."""

    port: int = 8883
    """Port of the TLS listener."""

    hubs: tuple[str, ...] = ("hub-1",)
    """Hub worker identities that may read every device's notes and status."""

    run_as_user: str | None = None
    """``user`` line for mosquitto.conf; None keeps Mosquitto's default (``mosquitto``)."""


def acl_text(hubs: tuple[str, ...]) -> str:
    """The ACL file: one pattern block for all devices, one user block per hub worker."""
    fleet = topics.FLEET
    lines = [
        "# Devices: the certificate CN is the username (%u) and the client id.",
        f"pattern write {fleet}/%u/notes/#",
        f"pattern read {fleet}/%u/cmd/#",
        f"pattern write {fleet}/%u/status",
        "",
    ]
    for hub in hubs:
        lines += [
            f"user {hub}",
            f"topic read {fleet}/+/notes/#",
            f"topic read {fleet}/+/status",
            f"topic read $share/{topics.SHARED_GROUP}/{fleet}/+/notes/#",
            f"topic read $share/{topics.SHARED_GROUP}/{fleet}/+/status",
            f"topic write {fleet}/+/cmd/#",
            "",
        ]
    return "\n".join(lines)


def conf_text(layout: FleetLayout, settings: BrokerSettings) -> str:
    """mosquitto.conf as measured to work on Mosquitto 2.0.11 (see docs/provisioning.md)."""
    lines = [
        "per_listener_settings false",
        "allow_anonymous false",
        f"acl_file {layout.broker_acl}",
        "persistence true",
        f"persistence_location {layout.broker_data}/",
        "autosave_interval 1",
        f"pid_file {layout.broker_pid}",
        f"log_dest file {layout.broker_log}",
        "log_type error",
        "log_type warning",
        "log_type notice",
        "log_type information",
        "connection_messages true",
    ]
    if settings.run_as_user:
        lines.append(f"user {settings.run_as_user}")
    lines += [
        "",
        f"listener {settings.port} {settings.host}",
        f"cafile {layout.ca_bundle}",
        f"certfile {layout.broker_cert}",
        f"keyfile {layout.broker_key}",
        f"crlfile {layout.crl}",
        "require_certificate true",
        "use_identity_as_username true",
        "use_username_as_clientid true",
        "tls_version tlsv1.3",
        "",
    ]
    return "\n".join(lines)


def write_broker_config(layout: FleetLayout, settings: BrokerSettings) -> Path:
    """Write mosquitto.conf and the ACL (the CRL is kept by FleetAuthority); return the conf."""
    if not layout.crl.exists():
        msg = f"no CRL at {layout.crl}; run `python -m provisioning init` first"
        raise BrokerError(msg)
    layout.broker_data.mkdir(parents=True, exist_ok=True)
    write_atomic(layout.broker_acl, acl_text(settings.hubs).encode())
    write_atomic(layout.broker_conf, conf_text(layout, settings).encode())
    return layout.broker_conf


def reload_broker(layout: FleetLayout) -> int | None:
    """SIGHUP the running broker so it re-reads the CRL and ACL; return its pid or None."""
    try:
        pid = int(layout.broker_pid.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    try:
        os.kill(pid, signal.SIGHUP)
    except ProcessLookupError:
        return None
    except PermissionError as exc:
        msg = f"cannot signal broker pid {pid}; run as the broker's user or root"
        raise BrokerError(msg) from exc
    return pid
