"""Provisioning settings: one frozen dataclass, stored as fleet.json in the fleet directory."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class FleetSettings:
    """What ``init`` decides once for a fleet; read by the CLI and the hub's enrolment endpoint."""

    hub_url: str = "https://127.0.0.1:8443"
    """Base URL devices enrol at and caseworkers claim at (QR stickers point here)."""

    broker_host: str = "127.0.0.1"
    """Address the broker listens on and devices connect to."""

    broker_port: int = 8883
    """MQTT over TLS port."""

    device_cert_days: float = 30.0
    """Lifetime of a device TLS certificate; devices renew at two thirds of it."""

    token_hours: float = 72.0
    """How long a one-time enrolment token stays usable."""

    hubs: tuple[str, ...] = ("hub-1",)
    """Client identities of hub workers (CN = MQTT username = client id)."""

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FleetSettings:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if "hubs" in values:
            values["hubs"] = tuple(values["hubs"])
        return cls(**values)

    @classmethod
    def load(cls, path: Path) -> FleetSettings:
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))
