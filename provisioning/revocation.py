"""Revoke a device everywhere at once: device registry, CRL, broker reload.

Order matters: the registry first, because ingest checks it on every message and so
refuses even a session that is already live (Mosquitto keeps those); then the CRL and
a SIGHUP so the broker refuses every new TLS handshake with the device's certificates.
"""

from __future__ import annotations

from dataclasses import dataclass

from provisioning.authority import FleetAuthority
from provisioning.broker import reload_broker
from provisioning.layout import FleetLayout
from provisioning.registry import Registry


@dataclass(frozen=True)
class Revocation:
    """What a revocation did."""

    device_id: str
    serials: tuple[int, ...]
    """Unexpired certificate serials put on the CRL."""
    broker_pid: int | None
    """The broker that was sent SIGHUP, or None when none was running."""


def revoke_device(layout: FleetLayout, registry: Registry, device_id: str) -> Revocation:
    """Mark ``device_id`` revoked, add its certificates to the CRL and reload the broker."""
    serials = registry.revoke(device_id)
    FleetAuthority(layout).revoke(serials)
    pid = reload_broker(layout)
    return Revocation(device_id, tuple(serials), pid)
