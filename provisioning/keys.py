"""Non-TLS fleet keys: the hub's HPKE (X25519) key and the config-signing (Ed25519) key."""

from __future__ import annotations

import hashlib
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519

from provisioning.files import write_atomic, write_private

_RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw


def key_id(raw_public_key: bytes) -> str:
    """Key id of a raw public key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(raw_public_key).hexdigest()[:16]


def raw_public(key: x25519.X25519PrivateKey | ed25519.Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(*_RAW)


def ed25519_private_pem(key: x25519.X25519PrivateKey | ed25519.Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def save_keypair(
    key: x25519.X25519PrivateKey | ed25519.Ed25519PrivateKey, private: Path, public: Path
) -> str:
    """Write the private key (PEM, 0600) and raw public key; return the key id."""
    write_private(private, ed25519_private_pem(key))
    raw = raw_public(key)
    write_atomic(public, raw)
    return key_id(raw)


def load_hpke_private(path: Path) -> x25519.X25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), None)
    if not isinstance(key, x25519.X25519PrivateKey):
        msg = f"{path} is not an X25519 key"
        raise TypeError(msg)
    return key


def load_ed25519_private(path: Path) -> ed25519.Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), None)
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        msg = f"{path} is not an Ed25519 key"
        raise TypeError(msg)
    return key
