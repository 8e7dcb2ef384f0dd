"""Transcripts kept on the device until the hub's ack, encrypted like the audio spool.

Each file holds one transcript v1 as JSON under AES-GCM with a fresh key, that key wrapped
by the device storage key (the spool's), so a copied SD card reveals nothing without it.
Files are written atomically with mode 0600; the meeting id is the file name and the
associated data, so a file cannot be passed off as another meeting's.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from common.files import write_private
from device.capture.keys import KeyWrapper, new_recording_key
from device.errors import DeviceError
from wire.transcript import Transcript

_MAGIC = b"SAMTALT1"
_NONCE = 12
_WRAPPED = 40
_SUFFIX = ".transcript"


class TranscriptStoreError(DeviceError):
    """A stored transcript cannot be read; the message names the file."""


class TranscriptStore:
    """Encrypted transcripts by meeting id under one directory."""

    def __init__(self, root: Path, keys: KeyWrapper) -> None:
        self.root = root
        self._keys = keys
        root.mkdir(parents=True, exist_ok=True, mode=0o700)

    def path(self, meeting_id: str) -> Path:
        """The file that holds (or would hold) a recording's transcript."""
        return self.root / f"{meeting_id}{_SUFFIX}"

    def save(self, meeting_id: str, transcript: Transcript) -> Path:
        """Encrypt and durably write the transcript (mode 0600)."""
        key = new_recording_key()
        nonce = os.urandom(_NONCE)
        data = json.dumps(transcript.to_dict(), ensure_ascii=False).encode()
        sealed = AESGCM(key).encrypt(nonce, data, meeting_id.encode())
        blob = _MAGIC + self._keys.wrap(key) + nonce + sealed
        target = self.path(meeting_id)
        write_private(target, blob)
        return target

    def load(self, meeting_id: str) -> Transcript | None:
        """The stored transcript, or None when there is none."""
        target = self.path(meeting_id)
        try:
            blob = target.read_bytes()
        except FileNotFoundError:
            return None
        if not blob.startswith(_MAGIC):
            raise TranscriptStoreError(f"{target} is not a stored transcript")
        rest = blob[len(_MAGIC) :]
        wrapped, nonce, sealed = rest[:_WRAPPED], rest[_WRAPPED : _WRAPPED + _NONCE], rest[52:]
        try:
            key = self._keys.unwrap(wrapped)
            data = AESGCM(key).decrypt(nonce, sealed, meeting_id.encode())
            return Transcript.from_dict(json.loads(data))
        except Exception as exc:
            raise TranscriptStoreError(f"cannot read transcript {target}: {exc}") from exc

    def delete(self, meeting_id: str) -> bool:
        """Remove a transcript; False when there was none."""
        try:
            self.path(meeting_id).unlink()
        except FileNotFoundError:
            return False
        return True

    def ids(self) -> list[str]:
        """Meeting ids with a stored transcript."""
        return sorted(p.name.removesuffix(_SUFFIX) for p in self.root.glob(f"*{_SUFFIX}"))

    def age_s(self, meeting_id: str, now: float | None = None) -> float:
        """Seconds since the transcript was written."""
        at = time.time() if now is None else now
        return at - self.path(meeting_id).stat().st_mtime
