"""Keys for the spool: a device storage key file wrapping one fresh key per recording.

The wrapping sits behind `KeyWrapper` so a TPM-sealed key can replace the file later.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Protocol

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap, aes_key_wrap

from common.files import create_private
from device.errors import DeviceError

KEY_BYTES = 32


class StorageKeyError(DeviceError):
    """The storage key cannot be used; the message says what to fix."""


class KeyWrapper(Protocol):
    """Wraps and unwraps per-recording keys."""

    def wrap(self, key: bytes) -> bytes:
        """Return `key` wrapped for storage beside the recording."""

    def unwrap(self, blob: bytes) -> bytes:
        """Return the key inside `blob`, or raise StorageKeyError."""


def new_recording_key() -> bytes:
    """A fresh AES-256-GCM key for one recording."""
    return AESGCM.generate_key(bit_length=256)


class FileStorageKey:
    """A 32-byte key in a file readable only by the daemon's user (mode 0600)."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    @classmethod
    def load_or_create(cls, path: Path) -> FileStorageKey:
        """Read the key file, creating it with mode 0600 on first start."""
        if not path.exists():
            create_private(path, os.urandom(KEY_BYTES))
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            msg = f"storage key {path} has mode {mode:o}; run `chmod 600 {path}`"
            raise StorageKeyError(msg)
        key = path.read_bytes()
        if len(key) != KEY_BYTES:
            msg = f"storage key {path} holds {len(key)} bytes, expected {KEY_BYTES}"
            raise StorageKeyError(msg)
        return cls(key)

    def wrap(self, key: bytes) -> bytes:
        """Wrap with AES key wrap (RFC 3394)."""
        return aes_key_wrap(self._key, key)

    def unwrap(self, blob: bytes) -> bytes:
        """Unwrap, failing clearly when the storage key does not match."""
        try:
            return aes_key_unwrap(self._key, blob)
        except InvalidUnwrap as exc:
            msg = "recording key does not unwrap: storage key replaced or file damaged"
            raise StorageKeyError(msg) from exc

    def __repr__(self) -> str:
        return "FileStorageKey(<hidden>)"
