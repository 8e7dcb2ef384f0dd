"""The recorder: opens the microphone only behind a lit light and spools what it reads.

A capture thread reads blocks, checks the light is still lit, hands each block to the
subscribers and writes chunks of at most `chunk_seconds` to the spool. It closes the
stream itself before reporting any fault, so the light can go off only afterwards.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol

import numpy as np

from device.capture.spool import DiskSpaceError, Spool, SpoolError, SpoolWriter
from device.events import AudioBlock, Int16Array
from device.hardware.settings import MicSettings
from wire.note import Participant

log = logging.getLogger(__name__)


class Stream(Protocol):
    """An open capture stream."""

    def read(self) -> Int16Array:
        """One (frames, channels) block."""

    def close(self) -> None:
        """Stop capturing."""


class Microphone(Protocol):
    """Something that opens capture streams."""

    def open(self) -> Stream:
        """Open a stream (raises MicError)."""


class Light(Protocol):
    """The recording light as the recorder needs it."""

    def light_for_recording(self) -> None:
        """Light solid and confirm, or raise."""

    def recording_lit(self) -> bool:
        """Whether the light reads back lit."""


class Recorder:
    """One recording at a time: start, pause, resume, stop."""

    def __init__(
        self,
        *,
        mic: Microphone,
        light: Light,
        spool: Spool,
        settings: MicSettings,
        on_block: Callable[[AudioBlock], None],
        on_fault: Callable[[str], None],
    ) -> None:
        self._mic, self._light, self._spool, self._s = mic, light, spool, settings
        self._on_block, self._on_fault = on_block, on_fault
        self._writer: SpoolWriter | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._pending: list[Int16Array] = []
        self._frames = 0
        self._blocks = 0
        self._disk_full = False
        self.last_block_at = time.monotonic()
        self.stream_open = False

    @property
    def meeting_id(self) -> str | None:
        """The open recording's id, if any."""
        return self._writer.meeting_id if self._writer else None

    @property
    def frames(self) -> int:
        """Frames captured in the open recording."""
        return self._frames

    def start(self, caseworker_id: str | None, participants: tuple[Participant, ...] = ()) -> str:
        """Create the spool recording and start capturing; raises on any refusal."""
        self._writer = self._spool.create(
            channels=self._s.channels,
            rate=self._s.rate,
            caseworker_id=caseworker_id,
            started_at=datetime.now(UTC),
            participants=participants,
        )
        self._frames = self._blocks = 0
        self._disk_full = False
        try:
            self.resume()
        except Exception:
            self._writer.abandon()
            self._writer = None
            raise
        return self._writer.meeting_id

    def resume(self) -> None:
        """Light up, confirm, then open the stream and capture in a thread."""
        self._light.light_for_recording()
        stream = self._mic.open()
        self.stream_open = True
        self._stop.clear()
        self.last_block_at = time.monotonic()
        self._thread = threading.Thread(target=self._capture, args=(stream,), name="capture")
        self._thread.start()

    def pause(self) -> None:
        """Stop the capture thread; returns once the stream is closed."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self._flush()

    def stop(self) -> SpoolWriter | None:
        """Pause and hand back the writer for closing (the stream is closed on return)."""
        self.pause()
        writer, self._writer = self._writer, None
        return writer

    def _capture(self, stream: Stream) -> None:
        fault = None
        try:
            while not self._stop.is_set() and fault is None:
                fault = self._capture_one(stream.read())
        except Exception as exc:  # noqa: BLE001 - any capture failure must close the stream
            fault = str(exc)
        finally:
            stream.close()
            self.stream_open = False
        if fault is not None:
            self._on_fault(fault)

    def _capture_one(self, frames: Int16Array) -> str | None:
        if not self._light.recording_lit():
            return "recording light went dark; block discarded and capture stopped"
        assert self._writer is not None  # noqa: S101 - narrows the type: set while capturing
        block = AudioBlock(
            self._writer.meeting_id,
            self._blocks,
            self._frames,
            frames,
            self._mono(frames),
            self._s.rate,
        )
        self._blocks += 1
        self._frames += len(frames)
        self.last_block_at = time.monotonic()
        self._on_block(block)
        self._pending.append(frames)
        if sum(len(p) for p in self._pending) + self._s.block_frames > self._chunk_frames():
            return self._flush()
        return None

    def _chunk_frames(self) -> int:
        return max(int(self._spool.settings.chunk_seconds * self._s.rate), self._s.block_frames)

    def _flush(self) -> str | None:
        if not self._pending or self._writer is None or self._disk_full:
            self._pending.clear()
            return None
        pcm = np.concatenate(self._pending)
        self._pending.clear()
        try:
            self._writer.append(pcm)
        except DiskSpaceError as exc:
            self._disk_full = True
            log.error("%s; recording stopped, %d frames kept", exc, self._writer.frames)  # noqa: TRY400 - a full disk needs no traceback
            return str(exc)
        except SpoolError as exc:
            return str(exc)
        return None

    def _mono(self, frames: Int16Array) -> Int16Array:
        if self._s.speech_channel is not None:
            return np.ascontiguousarray(frames[:, self._s.speech_channel])
        mono: Int16Array = frames.mean(axis=1).astype(np.int16)
        return mono
