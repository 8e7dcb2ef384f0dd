"""The hub's HPKE key pair for sealed notes: suites, key ids, deterministic derivation, files.

Two suites, named in every envelope header:

* ``mlkem768x25519-sha256-aes128gcm`` (default): ML-KEM-768 + X25519 hybrid KEM. Secure if
  either part holds, so recorded traffic stays closed to a future quantum computer.
* ``x25519-sha256-aes128gcm``: classic HPKE Base mode, kept for small peers and comparison.

Key material is stored as canonical CBOR ``{"suite": ..., "sk": ...}`` / ``{"suite", "pk"}``.
A hybrid private key is the 64-byte ML-KEM seed followed by the 32-byte X25519 scalar; its
public key is the 1184-byte ML-KEM key followed by the 32-byte X25519 key.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import cache
from typing import Any

import cbor2
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric import mlkem, x25519

SUITE_HYBRID = "mlkem768x25519-sha256-aes128gcm"
SUITE_X25519 = "x25519-sha256-aes128gcm"
DEFAULT_SUITE = SUITE_HYBRID
_KEMS = {SUITE_HYBRID: hpke.KEM.MLKEM768_X25519, SUITE_X25519: hpke.KEM.X25519}
_MLKEM_SEED = 64
_X25519 = 32


class RecipientKeyError(ValueError):
    """A recipient key file or suite name is not usable."""


def key_id(raw_public_key: bytes) -> str:
    """Short stable id of a public key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(raw_public_key).hexdigest()[:16]


@cache
def suite_of(name: str) -> hpke.Suite:
    """The HPKE suite called ``name`` in envelope headers."""
    if name not in _KEMS:
        msg = f"unknown HPKE suite {name!r}; known: {sorted(_KEMS)}"
        raise RecipientKeyError(msg)
    return hpke.Suite(_KEMS[name], hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_128_GCM)


@dataclass(frozen=True)
class RecipientPublicKey:
    """The hub's public HPKE key that devices seal notes for."""

    suite: str
    raw: bytes

    @property
    def key_id(self) -> str:
        return key_id(self.raw)

    @property
    def enc_length(self) -> int:
        return int(_KEMS[self.suite].enc_length())

    def hpke_key(self) -> Any:
        """The cryptography key object HPKE encrypts to."""
        if self.suite == SUITE_X25519:
            return x25519.X25519PublicKey.from_public_bytes(self.raw)
        ml, xx = self.raw[:-_X25519], self.raw[-_X25519:]
        return hpke.MLKEM768X25519PublicKey(
            mlkem.MLKEM768PublicKey.from_public_bytes(ml),
            x25519.X25519PublicKey.from_public_bytes(xx),
        )

    def to_bytes(self) -> bytes:
        return cbor2.dumps({"suite": self.suite, "pk": self.raw}, canonical=True)

    @classmethod
    def from_bytes(cls, data: bytes) -> RecipientPublicKey:
        suite, raw = _load(data, "pk")
        return cls(suite, raw)


@dataclass(frozen=True)
class RecipientPrivateKey:
    """The hub's private HPKE key that opens sealed notes."""

    suite: str
    raw: bytes

    @classmethod
    def generate(cls, suite: str = DEFAULT_SUITE) -> RecipientPrivateKey:
        return cls.derive(os.urandom(32), suite)

    @classmethod
    def derive(cls, seed: bytes, suite: str = DEFAULT_SUITE) -> RecipientPrivateKey:
        """Deterministic key from a 32-byte seed (test vectors, reproducible fixtures)."""
        suite_of(suite)
        wide = hashlib.shake_256(b"samtal/recipient/v1" + seed).digest(_MLKEM_SEED + _X25519)
        return cls(suite, wide[-_X25519:] if suite == SUITE_X25519 else wide)

    def hpke_key(self) -> Any:
        """The cryptography key object HPKE decrypts with."""
        xx = x25519.X25519PrivateKey.from_private_bytes(self.raw[-_X25519:])
        if self.suite == SUITE_X25519:
            return xx
        return hpke.MLKEM768X25519PrivateKey(
            mlkem.MLKEM768PrivateKey.from_seed_bytes(self.raw[:_MLKEM_SEED]), xx
        )

    def public_key(self) -> RecipientPublicKey:
        xx = x25519.X25519PrivateKey.from_private_bytes(self.raw[-_X25519:]).public_key()
        raw = xx.public_bytes_raw()
        if self.suite == SUITE_HYBRID:
            ml = mlkem.MLKEM768PrivateKey.from_seed_bytes(self.raw[:_MLKEM_SEED])
            raw = ml.public_key().public_bytes_raw() + raw
        return RecipientPublicKey(self.suite, raw)

    @property
    def key_id(self) -> str:
        return self._key_id()

    def _key_id(self) -> str:
        return _cached_key_id(self.suite, self.raw)

    def to_bytes(self) -> bytes:
        return cbor2.dumps({"suite": self.suite, "sk": self.raw}, canonical=True)

    @classmethod
    def from_bytes(cls, data: bytes) -> RecipientPrivateKey:
        suite, raw = _load(data, "sk")
        return cls(suite, raw)


@cache
def _cached_key_id(suite: str, raw: bytes) -> str:
    return RecipientPrivateKey(suite, raw).public_key().key_id


def _load(data: bytes, field: str) -> tuple[str, bytes]:
    try:
        loaded = cbor2.loads(data)
    except (cbor2.CBORDecodeError, ValueError) as exc:
        msg = f"recipient key file is not CBOR: {exc}"
        raise RecipientKeyError(msg) from exc
    if not isinstance(loaded, dict) or not isinstance(loaded.get(field), bytes):
        msg = f"recipient key file must be a map with 'suite' and '{field}'"
        raise RecipientKeyError(msg)
    suite_of(str(loaded.get("suite")))
    return str(loaded["suite"]), loaded[field]


def load_private(data: bytes) -> RecipientPrivateKey:
    """Read a recipient key file: our CBOR form, or a PKCS#8 PEM X25519 key (fleet default)."""
    if data.lstrip().startswith(b"-----BEGIN"):
        from cryptography.hazmat.primitives import serialization  # noqa: PLC0415 - only for PEM key files

        key = serialization.load_pem_private_key(data, None)
        if not isinstance(key, x25519.X25519PrivateKey):
            msg = "PEM recipient key must be X25519 (or use the CBOR form for the hybrid suite)"
            raise RecipientKeyError(msg)
        return RecipientPrivateKey(SUITE_X25519, key.private_bytes_raw())
    return RecipientPrivateKey.from_bytes(data)


def load_public(data: bytes) -> RecipientPublicKey:
    """Read a public recipient key: our CBOR form, or a raw 32-byte X25519 key."""
    if len(data) == _X25519:
        return RecipientPublicKey(SUITE_X25519, data)
    return RecipientPublicKey.from_bytes(data)
