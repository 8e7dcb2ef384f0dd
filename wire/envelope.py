"""Sealed-note envelope v1: HPKE to the hub's key, signed by the device, canonical CBOR.

Layout (outer canonical CBOR map)::

    {"v": 1, "h": <header bytes>, "enc": <HPKE encapsulated key>, "ct": <ciphertext>,
     "sig": <Ed25519 over CBOR ["samtal/envelope/v1", h, enc, ct]>}

The header is itself canonical CBOR (version, suite, device id, meeting id, created-at,
recipient key id, content type) and is the HPKE ``info``, so the ciphertext only opens
under the identity and key it was sealed for. The default suite is the ML-KEM-768 +
X25519 hybrid: notes stay secret for decades under OSL, so a future quantum attacker
must not be able to open recorded traffic; X25519-only stays supported by suite id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519

from wire.note import Note
from wire.recipient import RecipientPrivateKey, RecipientPublicKey, key_id, suite_of
from wire.schemas import SchemaError
from wire.topics import check_device_id
from wire.transcript import Transcript

ENVELOPE_VERSION = 1
CONTENT_TYPE = "application/vnd.samtal.note-payload+cbor;v=1"
MAX_ENVELOPE_BYTES = 1024 * 1024
"""Largest envelope accepted; a two-hour meeting's note and transcript are ~200 KB."""
_SIGN_CONTEXT = "samtal/envelope/v1"
_MEETING_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
_HEADER_KEYS = frozenset(
    {"v", "suite", "device_id", "meeting_id", "created_at", "recipient_key_id", "content_type"}
)
_LEGACY_ID_KEY = "note_id"
"""What devices before the one-name rename called the header's meeting id; still opened."""
_LEGACY_HEADER_KEYS = _HEADER_KEYS - {"meeting_id"} | {_LEGACY_ID_KEY}


class EnvelopeError(Exception):
    """An envelope was refused; ``reason`` is a short stable code for logs and counters."""

    reason = "envelope"

    def __init__(self, message: str) -> None:
        super().__init__(f"{self.reason}: {message}")


class OversizedError(EnvelopeError):
    """The envelope is larger than MAX_ENVELOPE_BYTES."""

    reason = "oversized"


class MalformedError(EnvelopeError):
    """The envelope or its header does not parse."""

    reason = "malformed"


class IdentityMismatchError(EnvelopeError):
    """The header names another device or note than the MQTT topic it came on."""

    reason = "identity-mismatch"


class UnknownSignerError(EnvelopeError):
    """The sending device has no signing key in the registry."""

    reason = "unknown-signer"


class RevokedSignerError(EnvelopeError):
    """The sending device is no longer active (revoked or pending)."""

    reason = "revoked-signer"


class BadSignatureError(EnvelopeError):
    """The signature does not verify with the device's key."""

    reason = "bad-signature"


class WrongRecipientError(EnvelopeError):
    """The envelope is sealed for another recipient key."""

    reason = "wrong-recipient"


class DecryptionError(EnvelopeError):
    """HPKE decryption of the payload failed."""

    reason = "decryption-failed"


class BadPayloadError(EnvelopeError):
    """The decrypted payload is not a valid note payload for this header."""

    reason = "bad-payload"


@dataclass(frozen=True)
class Header:
    """What the envelope says about itself; bound into both the HPKE info and the signature."""

    device_id: str
    meeting_id: str
    created_at: str
    """UTC time of sealing, ISO 8601 with ``Z``."""
    recipient_key_id: str
    suite: str
    content_type: str = CONTENT_TYPE
    version: int = ENVELOPE_VERSION

    def to_bytes(self, *, id_key: str = "meeting_id") -> bytes:
        """Canonical CBOR of the header: the exact bytes used as HPKE ``info``.

        ``id_key`` is the map key of the meeting id; only re-encoding a legacy header for
        the canonical check uses ``note_id``.
        """
        return cbor2.dumps(
            {
                "v": self.version,
                "suite": self.suite,
                "device_id": self.device_id,
                id_key: self.meeting_id,
                "created_at": self.created_at,
                "recipient_key_id": self.recipient_key_id,
                "content_type": self.content_type,
            },
            canonical=True,
        )

    @classmethod
    def from_bytes(cls, raw: bytes) -> Header:
        data = _loads(raw, "header")
        keys = set(data) if isinstance(data, dict) else set()
        if keys not in (_HEADER_KEYS, _LEGACY_HEADER_KEYS):
            raise MalformedError("header must be a map with exactly the v1 fields")
        id_key = "meeting_id" if keys == _HEADER_KEYS else _LEGACY_ID_KEY
        if data["v"] != ENVELOPE_VERSION:
            raise MalformedError(f"unsupported envelope version {data['v']!r}")
        if not all(isinstance(data[k], str) for k in keys - {"v"}):
            raise MalformedError("header fields must be text")
        if data["content_type"] != CONTENT_TYPE:
            raise MalformedError(f"unsupported content type {data['content_type']!r}")
        header = cls(
            device_id=data["device_id"],
            meeting_id=data[id_key],
            created_at=data["created_at"],
            recipient_key_id=data["recipient_key_id"],
            suite=data["suite"],
        )
        if header.to_bytes(id_key=id_key) != raw:
            raise MalformedError("header is not canonical CBOR")
        _check_ids(header.device_id, header.meeting_id)
        return header


@dataclass(frozen=True)
class NotePayload:
    """The sealed content: the note and the transcript it cites."""

    note: Note
    transcript: Transcript

    def to_dict(self) -> dict[str, Any]:
        return {"note": self.note.to_dict(), "transcript": self.transcript.to_dict()}

    @classmethod
    def from_dict(cls, data: Any) -> NotePayload:
        if not isinstance(data, dict) or set(data) != {"note", "transcript"}:
            raise BadPayloadError("payload must be a map of 'note' and 'transcript'")
        try:
            return cls(Note.from_dict(data["note"]), Transcript.from_dict(data["transcript"]))
        except (SchemaError, KeyError, TypeError, ValueError) as exc:
            raise BadPayloadError(str(exc)) from exc


@dataclass(frozen=True)
class SealedEnvelope:
    """A parsed, not yet verified envelope."""

    header: Header
    header_bytes: bytes
    enc: bytes
    ciphertext: bytes
    signature: bytes

    def signed_bytes(self) -> bytes:
        return signed_message(self.header_bytes, self.enc, self.ciphertext)

    def verify(self, signing_public_key: bytes) -> None:
        """Raise :class:`BadSignatureError` unless the device key signed h, enc and ct."""
        try:
            key = ed25519.Ed25519PublicKey.from_public_bytes(signing_public_key)
            key.verify(self.signature, self.signed_bytes())
        except (InvalidSignature, ValueError) as exc:
            raise BadSignatureError(
                f"signature of {self.header.device_id} does not verify"
            ) from exc

    def decrypt(self, recipient: RecipientPrivateKey) -> NotePayload:
        """Open the ciphertext with the hub's key and decode the payload."""
        if self.header.recipient_key_id != recipient.key_id:
            msg = f"sealed to key {self.header.recipient_key_id}, this hub holds {recipient.key_id}"
            raise WrongRecipientError(msg)
        try:
            plain = suite_of(recipient.suite).decrypt(
                self.enc + self.ciphertext, _hpke_private(recipient), info=self.header_bytes
            )
        except Exception as exc:  # the HPKE binding raises a bare exception type on auth failure
            raise DecryptionError("ciphertext does not open under this header and key") from exc
        payload = NotePayload.from_dict(_loads(plain, "payload"))
        if payload.note.meeting_id != self.header.meeting_id:
            raise BadPayloadError("meeting id inside the payload differs from the header")
        return payload

    def to_bytes(self) -> bytes:
        return cbor2.dumps(
            {
                "v": ENVELOPE_VERSION,
                "h": self.header_bytes,
                "enc": self.enc,
                "ct": self.ciphertext,
                "sig": self.signature,
            },
            canonical=True,
        )


def signed_message(header_bytes: bytes, enc: bytes, ciphertext: bytes) -> bytes:
    """The exact bytes the device signs (domain-separated, canonical CBOR)."""
    return cbor2.dumps([_SIGN_CONTEXT, header_bytes, enc, ciphertext], canonical=True)


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def seal(
    payload: NotePayload,
    *,
    device_id: str,
    recipient: RecipientPublicKey,
    signing_key: ed25519.Ed25519PrivateKey,
    created_at: str | None = None,
) -> bytes:
    """Encrypt ``payload`` to ``recipient``, sign it as ``device_id`` and return the envelope."""
    header = Header(
        device_id=device_id,
        meeting_id=payload.note.meeting_id,
        created_at=created_at or utc_now(),
        recipient_key_id=recipient.key_id,
        suite=recipient.suite,
    )
    _check_ids(header.device_id, header.meeting_id)
    header_bytes = header.to_bytes()
    plain = cbor2.dumps(payload.to_dict(), canonical=True)
    suite = suite_of(recipient.suite)
    sealed = suite.encrypt(plain, recipient.hpke_key(), info=header_bytes)
    enc_len = recipient.enc_length
    enc, ciphertext = sealed[:enc_len], sealed[enc_len:]
    signature = signing_key.sign(signed_message(header_bytes, enc, ciphertext))
    blob = SealedEnvelope(header, header_bytes, enc, ciphertext, signature).to_bytes()
    if len(blob) > MAX_ENVELOPE_BYTES:
        raise OversizedError(f"{len(blob)} bytes exceeds {MAX_ENVELOPE_BYTES}")
    return blob


def parse(blob: bytes) -> SealedEnvelope:
    """Decode an envelope's structure and header; nothing is trusted yet."""
    if len(blob) > MAX_ENVELOPE_BYTES:
        raise OversizedError(f"{len(blob)} bytes exceeds {MAX_ENVELOPE_BYTES}")
    data = _loads(blob, "envelope")
    if not isinstance(data, dict) or set(data) != {"v", "h", "enc", "ct", "sig"}:
        raise MalformedError("not a v1 envelope map (v, h, enc, ct, sig)")
    if data["v"] != ENVELOPE_VERSION:
        raise MalformedError(f"unsupported envelope version {data['v']!r}")
    if not all(isinstance(data[k], bytes) for k in ("h", "enc", "ct", "sig")):
        raise MalformedError("envelope fields h, enc, ct and sig must be byte strings")
    header = Header.from_bytes(data["h"])
    envelope = SealedEnvelope(header, data["h"], data["enc"], data["ct"], data["sig"])
    if envelope.to_bytes() != blob:
        raise MalformedError("envelope is not canonical CBOR or has trailing bytes")
    return envelope


@lru_cache(maxsize=8)
def _hpke_private(recipient: RecipientPrivateKey) -> Any:
    # Expanding the ML-KEM seed costs about as much as the HPKE open itself; the hub opens
    # every note with the same few keys, so the key object is built once per key.
    return recipient.hpke_key()


def _loads(raw: bytes, what: str) -> Any:
    try:
        return cbor2.loads(raw)
    except (cbor2.CBORDecodeError, ValueError, TypeError, OverflowError) as exc:
        raise MalformedError(f"{what} is not valid CBOR ({exc})") from exc


def _check_ids(device_id: str, meeting_id: str) -> None:
    try:
        check_device_id(device_id)
    except ValueError as exc:
        raise MalformedError(str(exc)) from exc
    if not _MEETING_ID.fullmatch(meeting_id):
        raise MalformedError(f"meeting id {meeting_id!r} must be 1-64 of [A-Za-z0-9_-]")


__all__ = [
    "CONTENT_TYPE",
    "MAX_ENVELOPE_BYTES",
    "BadPayloadError",
    "BadSignatureError",
    "DecryptionError",
    "EnvelopeError",
    "Header",
    "IdentityMismatchError",
    "MalformedError",
    "NotePayload",
    "OversizedError",
    "RevokedSignerError",
    "SealedEnvelope",
    "UnknownSignerError",
    "WrongRecipientError",
    "key_id",
    "parse",
    "seal",
]
