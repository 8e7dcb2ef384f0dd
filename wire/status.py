"""Device → hub status on ``fleet/<device>/status`` (retained), with signed deletion receipts.

A deletion receipt proves to the hub that the device removed a note's audio, transcript
and outbox copy after the hub's ack. The device signs it with its Ed25519 key, so the hub
can keep it as audit evidence.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519

_RECEIPT_CONTEXT = "samtal/deletion-receipt/v1"
_LEGACY_ID_KEY = "note_id"
"""What a receipt's meeting id was called before the one-name rename (devices in the field)."""


class StatusError(ValueError):
    """A status message or receipt is malformed or its signature does not verify."""


@dataclass(frozen=True)
class DeletionReceipt:
    """A device's signed word that it deleted a delivered note."""

    device_id: str
    meeting_id: str
    deleted_at: str
    """UTC ISO 8601 time the device finished deleting."""
    signature: bytes = b""

    def signed_bytes(self) -> bytes:
        fields = [_RECEIPT_CONTEXT, self.device_id, self.meeting_id, self.deleted_at]
        return cbor2.dumps(fields, canonical=True)

    def signed(self, key: ed25519.Ed25519PrivateKey) -> DeletionReceipt:
        return DeletionReceipt(
            self.device_id, self.meeting_id, self.deleted_at, key.sign(self.signed_bytes())
        )

    def verify(self, signing_public_key: bytes) -> None:
        try:
            key = ed25519.Ed25519PublicKey.from_public_bytes(signing_public_key)
            key.verify(self.signature, self.signed_bytes())
        except (InvalidSignature, ValueError) as exc:
            msg = (
                f"deletion receipt for meeting {self.meeting_id} from {self.device_id} "
                "does not verify"
            )
            raise StatusError(msg) from exc

    def to_dict(self) -> dict[str, Any]:
        return {
            "device_id": self.device_id,
            "meeting_id": self.meeting_id,
            "deleted_at": self.deleted_at,
            "signature": self.signature.hex(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DeletionReceipt:
        try:
            return cls(
                device_id=str(data["device_id"]),
                meeting_id=str(data[_id_key(data)]),
                deleted_at=str(data["deleted_at"]),
                signature=bytes.fromhex(str(data["signature"])),
            )
        except (KeyError, TypeError, ValueError) as exc:
            msg = f"malformed deletion receipt: {exc}"
            raise StatusError(msg) from exc


def _id_key(data: dict[str, Any]) -> str:
    return _LEGACY_ID_KEY if _LEGACY_ID_KEY in data and "meeting_id" not in data else "meeting_id"


@dataclass(frozen=True)
class Status:
    """One status message: online/offline, time, pending outbox count and new receipts."""

    device_id: str
    state: str
    """``online`` or ``offline`` (the latter is the broker-published last will)."""
    at: str = ""
    pending: int = 0
    receipts: tuple[DeletionReceipt, ...] = ()
    heartbeat: dict[str, Any] | None = None
    """Device health (:class:`wire.heartbeat.Heartbeat` as a dict), shown on the fleet page."""

    def to_bytes(self) -> bytes:
        data: dict[str, Any] = {
            "device_id": self.device_id,
            "state": self.state,
            "at": self.at,
            "pending": self.pending,
            "receipts": [r.to_dict() for r in self.receipts],
        }
        if self.heartbeat is not None:
            data["heartbeat"] = self.heartbeat
        return json.dumps(data, separators=(",", ":"), sort_keys=True).encode()

    @classmethod
    def from_bytes(cls, payload: bytes) -> Status:
        try:
            data = json.loads(payload)
            return cls(
                device_id=str(data["device_id"]),
                state=str(data["state"]),
                at=str(data.get("at", "")),
                pending=int(data.get("pending", 0)),
                receipts=tuple(DeletionReceipt.from_dict(r) for r in data.get("receipts", [])),
                heartbeat=data.get("heartbeat"),
            )
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            msg = f"malformed status message: {exc}"
            raise StatusError(msg) from exc
