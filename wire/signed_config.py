"""Remote configuration signed by the fleet's config key (Ed25519), verified on the device.

The hub sends ``wire.commands.Config(values=signed.to_dict())``. The device applies a
document only if the signature verifies against the config public key from its
first-boot bundle *and* its serial is higher than the last one applied (no replay or
rollback of an older, validly signed document); that gate is ``device.config_gate``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519

from wire.recipient import key_id

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
