"""The first-boot bundle IT writes to a device's boot partition (read by the device).

A directory (or zip of it) with ``enrolment.json`` and the trust material it names.
It holds no private key: the device makes its own keys on first boot.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

BUNDLE_VERSION = 1
MANIFEST = "enrolment.json"
CA_FILE = "ca.pem"
RECIPIENT_FILE = "hub-recipient.pub"
CONFIG_KEY_FILE = "config-signing.pub"


class BundleError(ValueError):
    """The bundle is missing, incomplete or of an unknown version."""


@dataclass(frozen=True)
class BundleManifest:
    """What ``enrolment.json`` says."""

    device_id: str
    name: str
    room: str
    hub_url: str
    token: str
    token_expires_at: str
    hub_key_id: str
    """Key id of the hub's HPKE recipient key in ``hub-recipient.pub``."""
    broker_host: str
    broker_port: int
    version: int = BUNDLE_VERSION

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BundleManifest:
        if data.get("version") != BUNDLE_VERSION:
            raise BundleError(f"unknown bundle version {data.get('version')!r}")
        try:
            return cls(**data)
        except TypeError as exc:
            raise BundleError(f"enrolment.json is incomplete: {exc}") from exc

    @classmethod
    def load(cls, bundle_dir: Path) -> BundleManifest:
        path = bundle_dir / MANIFEST
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise BundleError(f"cannot read {path}: {exc}") from exc
        for name in (CA_FILE, RECIPIENT_FILE, CONFIG_KEY_FILE):
            if not (bundle_dir / name).is_file():
                raise BundleError(f"bundle {bundle_dir} lacks {name}")
        return cls.from_dict(data)
