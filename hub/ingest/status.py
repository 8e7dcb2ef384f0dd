"""Device status on the hub: the retained ``fleet/<device>/status`` message, kept in the registry.

Ingest calls :func:`record_status` for every status message; the IT fleet page
(:mod:`hub.web.fleet`) shows what it stored.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from provisioning.registry import Registry
from wire.heartbeat import Heartbeat, HeartbeatError

log = logging.getLogger(__name__)


def record_status(registry: Registry, device_id: str, payload: bytes) -> bool:
    """Store a status message from ``fleet/<device_id>/status``; False if refused."""
    try:
        data = json.loads(payload)
        if data.get("device_id", device_id) != device_id:
            raise ValueError("device id in payload differs from the topic")
        online = data.get("state") != "offline"
        beat = data.get("heartbeat")
        stored: dict[str, Any] = {"state": "online" if online else "offline"}
        if beat is not None:
            stored.update(Heartbeat.from_dict(beat).to_dict())
        if "pending" in data:
            stored.setdefault("queue_length", int(data["pending"]))
    except (ValueError, TypeError, AttributeError, HeartbeatError) as exc:
        log.warning("ignored status from %s: %s", device_id, exc)
        return False
    record = registry.get(device_id)
    if record is None or not record.is_active:
        log.warning("ignored status from %s: not an active device", device_id)
        return False
    return registry.update_heartbeat(device_id, stored, online=online)
