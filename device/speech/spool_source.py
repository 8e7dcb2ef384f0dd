"""Reads a recording back from the capture spool for the speech worker's catch-up.

The spool decrypts chunk by chunk in order; reads are mostly sequential, so the source
keeps its place and only starts over when asked for audio behind it or beyond the chunks
that existed when it last looked (the recording is still growing).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import numpy.typing as npt

from device.capture.keys import FileStorageKey
from device.capture.settings import SpoolSettings
from device.capture.spool import Spool
from device.speech.errors import SpeechError

Int16Array = npt.NDArray[np.int16]


class SpoolSource:
    """An :class:`~device.speech.sources.AudioSource` over one spooled recording."""

    def __init__(self, spool: Spool, meeting_id: str) -> None:
        self._spool = spool
        self._id = meeting_id
        self._channels = spool.describe(meeting_id).channels
        self._chunks: Iterator[Int16Array] | None = None
        self._chunk = np.zeros((0, self._channels), np.int16)
        self._chunk_start = 0

    @classmethod
    def open(cls, settings: SpoolSettings, meeting_id: str) -> SpoolSource:
        """Open the spool with the device storage key (picklable as a partial)."""
        keys = FileStorageKey.load_or_create(Path(settings.storage_key_path))
        return cls(Spool(settings, keys), meeting_id)

    @classmethod
    def open_latest(cls, settings: SpoolSettings) -> SpoolSource:
        """Open the newest recording on the spool (the one being captured right now)."""
        keys = FileStorageKey.load_or_create(Path(settings.storage_key_path))
        spool = Spool(settings, keys)
        ids = spool.meeting_ids()
        if not ids:
            raise SpeechError(f"no recording on the spool {settings.root} to read back")
        # Ids sort by the second they started in; the stored start time breaks ties.
        return cls(
            spool,
            max(ids, key=lambda meeting_id: (spool.describe(meeting_id).started_at, meeting_id)),
        )

    @property
    def channels(self) -> int:
        return self._channels

    @property
    def frames(self) -> int:
        return self._spool.describe(self._id).frames

    def read(self, start: int, count: int) -> Int16Array:
        parts: list[Int16Array] = []
        position, wanted = start, count
        while wanted > 0:
            if not self._seek(position):
                break
            offset = position - self._chunk_start
            piece = self._chunk[offset : offset + wanted]
            parts.append(piece)
            position += len(piece)
            wanted -= len(piece)
        if not parts:
            return np.zeros((0, self._channels), np.int16)
        return np.concatenate(parts).astype(np.int16, copy=False)

    def _seek(self, position: int) -> bool:
        """Make the current chunk hold ``position``; False when the spool ends before it."""
        if position < self._chunk_start or self._chunks is None:
            self._restart()
        for attempt in range(2):
            while position >= self._chunk_start + len(self._chunk):
                nxt = next(self._chunks, None) if self._chunks is not None else None
                if nxt is None:
                    break
                self._chunk_start += len(self._chunk)
                self._chunk = nxt
            if position < self._chunk_start + len(self._chunk):
                return True
            if attempt == 0:
                self._restart()
        return False

    def _restart(self) -> None:
        self._chunks = self._spool.iter_pcm(self._id)
        self._chunk = np.zeros((0, self._channels), np.int16)
        self._chunk_start = 0
