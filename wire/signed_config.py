"""Remote configuration signed by the fleet's config key (Ed25519), verified on the device.

The hub sends ``wire.commands.Config(values=signed.to_dict())``. The device applies a
document only if the signature verifies against the config public key from its
first-boot bundle *and* its serial is higher than the last one applied (no replay or
rollback of an older, validly signed document). Rejections are logged.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519

from wire.recipient import key_id

log = logging.getLogger(__name__)
_CONTEXT = "samtal/config/v1"


class SignedConfigError(ValueError):
    """A config document is malformed, badly signed, from another key, or replayed."""


@dataclass(frozen=True)
class SignedConfig:
    """A settings document with its serial, signing key id and Ed25519 signature."""

    settings: dict[str, Any]
    serial: int
    issued_at: str
    key_id: str
    signature: bytes = b""

    def signed_bytes(self) -> bytes:
        fields = [_CONTEXT, self.key_id, self.serial, self.issued_at, self.settings]
        return cbor2.dumps(fields, canonical=True)

    def to_dict(self) -> dict[str, Any]:
        return {
            "settings": self.settings,
            "serial": self.serial,
            "issued_at": self.issued_at,
            "key_id": self.key_id,
            "signature": self.signature.hex(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SignedConfig:
        try:
            settings, serial = data["settings"], data["serial"]
            if not isinstance(settings, dict) or not isinstance(serial, int):
                raise TypeError("settings must be an object and serial an integer")
            return cls(
                settings=settings,
                serial=serial,
                issued_at=str(data["issued_at"]),
                key_id=str(data["key_id"]),
                signature=bytes.fromhex(str(data["signature"])),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise SignedConfigError(f"malformed signed config: {exc}") from exc


def sign_config(
    settings: dict[str, Any], serial: int, key: ed25519.Ed25519PrivateKey
) -> SignedConfig:
    """Sign ``settings`` as document number ``serial`` (must grow with every push)."""
    public = key.public_key().public_bytes_raw()
    issued = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    unsigned = SignedConfig(dict(settings), serial, issued, key_id(public))
    return SignedConfig(
        unsigned.settings,
        serial,
        issued,
        unsigned.key_id,
        key.sign(unsigned.signed_bytes()),
    )


def verify_config(signed: SignedConfig, public_key: bytes) -> dict[str, Any]:
    """Return the settings if the signature holds for ``public_key``, else raise."""
    if signed.key_id != key_id(public_key):
        raise SignedConfigError(f"config signed by unknown key {signed.key_id}")
    try:
        ed25519.Ed25519PublicKey.from_public_bytes(public_key).verify(
            signed.signature, signed.signed_bytes()
        )
    except (InvalidSignature, ValueError) as exc:
        raise SignedConfigError("config signature does not verify") from exc
    return signed.settings


class ConfigGate:
    """Device side: verifies, refuses replays, remembers the last applied serial on disk."""

    def __init__(self, public_key: bytes, state_file: Path) -> None:
        self.public_key = public_key
        self.state_file = state_file

    @property
    def applied_serial(self) -> int:
        try:
            return int(json.loads(self.state_file.read_text(encoding="utf-8"))["serial"])
        except (FileNotFoundError, KeyError, ValueError):
            return 0

    def accept(self, values: dict[str, Any]) -> dict[str, Any] | None:
        """The settings to apply, or None (logged) if the document must be ignored."""
        try:
            signed = SignedConfig.from_dict(values)
            settings = verify_config(signed, self.public_key)
            if signed.serial <= self.applied_serial:
                raise SignedConfigError(
                    f"config serial {signed.serial} is not newer than {self.applied_serial}"
                )
        except SignedConfigError as exc:
            log.warning("rejected remote config: %s", exc)
            return None
        self._remember(signed.serial)
        log.info("accepted remote config serial %d", signed.serial)
        return settings

    def _remember(self, serial: int) -> None:
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.state_file.with_name(f".{self.state_file.name}.tmp")
        tmp.write_text(json.dumps({"serial": serial}), encoding="utf-8")
        with tmp.open("rb") as handle:
            os.fsync(handle.fileno())
        tmp.replace(self.state_file)
