"""Non-TLS fleet keys: the hub's HPKE recipient key and the config-signing (Ed25519) key.

The recipient key format and suite belong to :mod:`wire.recipient` (shared with the
device's sealing code); this module only stores it.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from common.files import write_atomic, write_private
from wire import recipient

_RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw


def key_id(raw_public_key: bytes) -> str:
    """Key id of a raw public key: the first 16 hex digits of its SHA-256."""
    return recipient.key_id(raw_public_key)


def raw_public(key: ed25519.Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(*_RAW)


def ed25519_private_pem(key: ed25519.Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def save_keypair(key: ed25519.Ed25519PrivateKey, private: Path, public: Path) -> str:
    """Write the private key (PEM, 0600) and raw public key; return the key id."""
    write_private(private, ed25519_private_pem(key))
    raw = raw_public(key)
    write_atomic(public, raw)
    return key_id(raw)


def save_recipient(private: Path, public: Path) -> str:
    """Create the hub's HPKE recipient key pair (CBOR files, private 0600); return its key id."""
    key = recipient.RecipientPrivateKey.generate()
    write_private(private, key.to_bytes())
    write_atomic(public, key.public_key().to_bytes())
    return key.key_id


def load_recipient_private(path: Path) -> recipient.RecipientPrivateKey:
    return recipient.RecipientPrivateKey.from_bytes(path.read_bytes())


def load_recipient_public(path: Path) -> recipient.RecipientPublicKey:
    return recipient.RecipientPublicKey.from_bytes(path.read_bytes())


def load_ed25519_private(path: Path) -> ed25519.Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), None)
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        msg = f"{path} is not an Ed25519 key"
        raise TypeError(msg)
    return key
