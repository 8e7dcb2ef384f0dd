"""Enrolment and renewal messages between a device and the hub's enrolment endpoint (JSON).

First boot: the device proves it holds a one-time token and sends a CSR for its own P-256
TLS key plus its Ed25519 signing public key; private keys never leave the device.
Renewal: the device signs a fresh CSR's digest with its *current* TLS key, so the hub
knows the request comes from the holder of the certificate being replaced.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import asdict, dataclass
from typing import Any

ENROL_PATH = "/enrol/v1/first-boot"
RENEW_PATH = "/enrol/v1/renew"
_RENEW_CONTEXT = b"samtal/renew/v1"


class EnrolmentMessageError(ValueError):
    """An enrolment message is malformed."""


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (ValueError, TypeError) as exc:
        raise EnrolmentMessageError(f"not base64: {exc}") from exc


def _field(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value:
        raise EnrolmentMessageError(f"missing or empty field {name!r}")
    return value


@dataclass(frozen=True)
class EnrolRequest:
    """First-boot request: token, CSR (PEM) and raw Ed25519 signing public key (base64)."""

    token: str
    csr_pem: str
    signing_public_key: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EnrolRequest:
        return cls(
            _field(data, "token"), _field(data, "csr_pem"), _field(data, "signing_public_key")
        )


@dataclass(frozen=True)
class RenewRequest:
    """Renewal: new CSR, the current certificate and a signature made with its key."""

    device_id: str
    csr_pem: str
    certificate_pem: str
    timestamp: int
    """Unix seconds; the hub refuses proofs older or newer than a few minutes."""
    signature: str
    """base64 ECDSA-SHA256 signature of :func:`renewal_proof` by the current TLS key."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RenewRequest:
        stamp = data.get("timestamp")
        if not isinstance(stamp, int):
            raise EnrolmentMessageError("field 'timestamp' must be an integer")
        return cls(
            _field(data, "device_id"),
            _field(data, "csr_pem"),
            _field(data, "certificate_pem"),
            stamp,
            _field(data, "signature"),
        )


def renewal_proof(device_id: str, timestamp: int, csr_der: bytes) -> bytes:
    """The bytes a renewing device signs: context, id, time and the new CSR's digest."""
    digest = hashlib.sha256(csr_der).digest()
    return b"\x00".join([_RENEW_CONTEXT, device_id.encode(), str(timestamp).encode(), digest])


@dataclass(frozen=True)
class EnrolResponse:
    """The hub's answer to either request: the new certificate and the trust bundle."""

    device_id: str
    certificate_pem: str
    ca_pem: str
    not_after: str
    """ISO 8601 UTC end of the certificate's validity."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EnrolResponse:
        return cls(
            _field(data, "device_id"),
            _field(data, "certificate_pem"),
            _field(data, "ca_pem"),
            _field(data, "not_after"),
        )
