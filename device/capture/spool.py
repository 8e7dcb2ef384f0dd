"""Crash-safe encrypted audio spool.

Layout: `<root>/<meeting id>/meta.json` plus chunks `<index>-<frame offset>.chunk`, each
`nonce || AES-GCM(pcm)` under the recording's own key, with the meeting id, index and
offset as associated data. A chunk is written to a temporary name, fsynced, renamed and
its directory fsynced, so after a power loss every chunk is either whole or absent.
Empty marker files record a clean close (`CLOSED`) and a recovery (`RECOVERED`).
"""

from __future__ import annotations

import errno
import json
import logging
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from common.files import sync_folder, write_private
from device.capture.keys import KeyWrapper, new_recording_key
from device.capture.settings import SpoolSettings
from device.errors import DeviceError
from device.events import FinishedRecording, Int16Array
from wire.note import Participant

log = logging.getLogger(__name__)

NONCE_BYTES = 12
CLOSED = "CLOSED"
RECOVERED = "RECOVERED"


class SpoolError(DeviceError):
    """The spool cannot do what was asked; the message says why."""


class DiskSpaceError(SpoolError):
    """Too little free disk to start or continue a recording."""


def disk_free_bytes(path: Path) -> int:
    """Bytes available to this process on the file system holding `path`."""
    return shutil.disk_usage(path).free


_LEGACY_ID_KEY = "recording_id"
"""What meta.json versions 1 and 2 called the meeting id (version 3 says ``meeting_id``)."""


@dataclass(frozen=True)
class _Meta:
    meeting_id: str
    rate: int
    channels: int
    started_at: datetime
    caseworker_id: str | None
    wrapped_key: bytes
    sealed_participants: bytes = b""
    """Who was present, AES-GCM under the recording key (names never lie in clear)."""

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": 3,
                "meeting_id": self.meeting_id,
                "rate": self.rate,
                "channels": self.channels,
                "started_at": self.started_at.isoformat(),
                "caseworker_id": self.caseworker_id,
                "wrapped_key": self.wrapped_key.hex(),
                "participants": self.sealed_participants.hex(),
            }
        )

    @classmethod
    def from_json(cls, text: str) -> _Meta:
        d = json.loads(text)
        return cls(
            d[_LEGACY_ID_KEY if _LEGACY_ID_KEY in d and "meeting_id" not in d else "meeting_id"],
            int(d["rate"]),
            int(d["channels"]),
            datetime.fromisoformat(d["started_at"]),
            d["caseworker_id"],
            bytes.fromhex(d["wrapped_key"]),
            bytes.fromhex(d.get("participants", "")),  # version 1 had none
        )


def _seal_participants(key: bytes, meeting_id: str, people: tuple[Participant, ...]) -> bytes:
    if not people:
        return b""
    nonce = os.urandom(12)
    plain = json.dumps([p.to_dict() for p in people]).encode()
    return nonce + AESGCM(key).encrypt(nonce, plain, f"{meeting_id}:participants".encode())


def _open_participants(key: bytes, meeting_id: str, sealed: bytes) -> tuple[Participant, ...]:
    if not sealed:
        return ()
    plain = AESGCM(key).decrypt(sealed[:12], sealed[12:], f"{meeting_id}:participants".encode())
    return tuple(Participant.from_dict(p) for p in json.loads(plain))


def _aad(meeting_id: str, index: int, offset: int) -> bytes:
    return f"{meeting_id}:{index}:{offset}".encode()


def _touch_marker(path: Path) -> None:
    path.touch()
    sync_folder(path.parent, files=False)


def _chunk_name(index: int, offset: int) -> str:
    return f"{index:06d}-{offset:012d}.chunk"


def _parse_chunk_name(name: str) -> tuple[int, int]:
    index, offset = name.removesuffix(".chunk").split("-")
    return int(index), int(offset)


class SpoolWriter:
    """Appends encrypted chunks to one open recording."""

    def __init__(self, spool: Spool, meta: _Meta, key: bytes) -> None:
        self._spool = spool
        self._meta = meta
        self._aead = AESGCM(key)
        self._index = 0
        self.frames = 0
        self.dir = spool.root / meta.meeting_id

    @property
    def meeting_id(self) -> str:
        """The recording's id."""
        return self._meta.meeting_id

    def append(self, pcm: Int16Array) -> None:
        """Write one chunk durably; raises DiskSpaceError when the disk is (nearly) full."""
        data = np.ascontiguousarray(pcm, dtype="<i2").tobytes()
        if self._spool.free_bytes() < 2 * len(data) + 4096:
            raise DiskSpaceError(f"disk full: {self._spool.root} cannot take another chunk")
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, data, _aad(self.meeting_id, self._index, self.frames))
        path = self.dir / _chunk_name(self._index, self.frames)
        try:
            write_private(path, nonce + sealed)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise DiskSpaceError(f"disk full while writing {path.name}") from exc
            raise SpoolError(f"cannot write {path}: {exc}") from exc
        self._index += 1
        self.frames += len(pcm)

    def close(self) -> FinishedRecording:
        """Mark the recording closed and describe it for the consumer."""
        _touch_marker(self.dir / CLOSED)
        return self._spool.describe(self.meeting_id)

    def abandon(self) -> None:
        """Remove a recording that never captured audio."""
        shutil.rmtree(self.dir, ignore_errors=True)


class Spool:
    """The spool directory: create, recover, read back and delete recordings."""

    def __init__(
        self,
        settings: SpoolSettings,
        keys: KeyWrapper,
        free_bytes: Callable[[Path], int] = disk_free_bytes,
    ) -> None:
        self.settings = settings
        self.root = settings.root
        self._keys = keys
        self._free_bytes = free_bytes
        self.root.mkdir(parents=True, exist_ok=True)

    def free_bytes(self) -> int:
        """Free bytes on the spool's file system."""
        return self._free_bytes(self.root)

    def bytes_needed(self, channels: int, rate: int) -> int:
        """Bytes the configured minimum recording time needs."""
        return int(self.settings.min_free_minutes * 60 * rate * channels * 2)

    def create(
        self,
        *,
        channels: int,
        rate: int,
        caseworker_id: str | None,
        started_at: datetime,
        participants: tuple[Participant, ...] = (),
    ) -> SpoolWriter:
        """Open a new recording, refusing when the disk cannot hold the configured minutes."""
        needed, free = self.bytes_needed(channels, rate), self.free_bytes()
        if free < needed:
            msg = (
                f"refusing to record: {free // 1_000_000} MB free on {self.root}, "
                f"{self.settings.min_free_minutes:g} minutes need {needed // 1_000_000} MB"
            )
            raise DiskSpaceError(msg)
        key = new_recording_key()
        meeting_id = started_at.strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:8]
        sealed = _seal_participants(key, meeting_id, participants)
        meta = _Meta(
            meeting_id, rate, channels, started_at, caseworker_id, self._keys.wrap(key), sealed
        )
        (self.root / meeting_id).mkdir()
        write_private(self.root / meeting_id / "meta.json", meta.to_json().encode())
        sync_folder(self.root, files=False)
        return SpoolWriter(self, meta, key)

    def meeting_ids(self) -> list[str]:
        """Ids of all recordings on the spool, oldest first."""
        return sorted(p.name for p in self.root.iterdir() if (p / "meta.json").exists())

    def recover(self) -> list[FinishedRecording]:
        """Close recordings cut short by a crash; each comes back marked recovered."""
        self._remove_debris()
        recovered = []
        for meeting_id in self.meeting_ids():
            rdir = self.root / meeting_id
            if (rdir / CLOSED).exists():
                continue
            _touch_marker(rdir / RECOVERED)
            _touch_marker(rdir / CLOSED)
            found = self.describe(meeting_id)
            log.warning(
                "recovered the interrupted recording of meeting %s: %.1f s kept",
                meeting_id,
                found.frames / found.rate,
                extra={"MEETING_ID": meeting_id},
            )
            recovered.append(found)
        return recovered

    def _remove_debris(self) -> None:
        for tmp in self.root.glob("*/*.tmp"):
            tmp.unlink()
        for rdir in self.root.iterdir():
            if rdir.is_dir() and not (rdir / "meta.json").exists():
                shutil.rmtree(rdir)

    def describe(self, meeting_id: str) -> FinishedRecording:
        """The FinishedRecording for a recording on the spool."""
        rdir = self.root / meeting_id
        meta = self._meta(meeting_id)
        chunks = self._chunks(rdir)
        frames = 0
        if chunks:
            last = chunks[-1]
            frames = _parse_chunk_name(last.name)[1] + self._chunk_frames(last, meta)
        return FinishedRecording(
            meeting_id=meeting_id,
            spool_dir=rdir,
            rate=meta.rate,
            channels=meta.channels,
            started_at=meta.started_at,
            recovered=(rdir / RECOVERED).exists(),
            caseworker_id=meta.caseworker_id,
            frames=frames,
            participants=_open_participants(
                self._keys.unwrap(meta.wrapped_key), meeting_id, meta.sealed_participants
            ),
        )

    def _meta(self, meeting_id: str) -> _Meta:
        path = self.root / meeting_id / "meta.json"
        if not path.exists():
            raise SpoolError(f"no recording of meeting {meeting_id!r} on the spool {self.root}")
        try:
            return _Meta.from_json(path.read_text())
        except (KeyError, TypeError, ValueError) as exc:
            raise SpoolError(f"{path} is damaged: {exc}") from exc

    @staticmethod
    def _chunks(rdir: Path) -> list[Path]:
        return sorted(rdir.glob("*.chunk"))

    @staticmethod
    def _chunk_frames(path: Path, meta: _Meta) -> int:
        payload = path.stat().st_size - NONCE_BYTES - 16
        return max(payload, 0) // (2 * meta.channels)

    def iter_pcm(self, meeting_id: str) -> Iterator[Int16Array]:
        """Decrypted chunks as (frames, channels) arrays; a damaged chunk becomes silence."""
        meta = self._meta(meeting_id)
        aead = AESGCM(self._keys.unwrap(meta.wrapped_key))
        chunks = self._chunks(self.root / meeting_id)
        for i, path in enumerate(chunks):
            index, offset = _parse_chunk_name(path.name)
            blob = path.read_bytes()
            aad = _aad(meeting_id, index, offset)
            try:
                data = aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
            except InvalidTag:
                frames = self._lost_frames(chunks, i, meta)
                log.error(  # noqa: TRY400 - a torn chunk after power loss needs no traceback
                    "chunk %d of the recording of meeting %s is corrupted; its %d frames are "
                    "replaced by silence",
                    index,
                    meeting_id,
                    frames,
                    extra={"MEETING_ID": meeting_id},
                )
                data = bytes(2 * meta.channels * frames)
            yield np.frombuffer(data, dtype="<i2").reshape(-1, meta.channels)

    def _lost_frames(self, chunks: list[Path], i: int, meta: _Meta) -> int:
        """Frames a damaged chunk held: up to the next chunk's offset, else from its size."""
        if i + 1 < len(chunks):
            return _parse_chunk_name(chunks[i + 1].name)[1] - _parse_chunk_name(chunks[i].name)[1]
        return self._chunk_frames(chunks[i], meta)

    def read_pcm(self, meeting_id: str) -> Int16Array:
        """The whole recording as one (frames, channels) int16 array."""
        meta = self._meta(meeting_id)
        parts = list(self.iter_pcm(meeting_id))
        if not parts:
            return np.zeros((0, meta.channels), dtype=np.int16)
        return np.concatenate(parts).astype(np.int16, copy=False)

    def delete(self, meeting_id: str) -> None:
        """Remove a recording for good (after the hub acknowledged its note)."""
        rdir = self.root / meeting_id
        if not (rdir / "meta.json").exists():
            raise SpoolError(f"no recording of meeting {meeting_id!r} to delete on {self.root}")
        for chunk in self._chunks(rdir):
            chunk.unlink()
        shutil.rmtree(rdir)
        sync_folder(self.root, files=False)
        log.info(
            "deleted the recording of meeting %s from the spool",
            meeting_id,
            extra={"MEETING_ID": meeting_id},
        )
