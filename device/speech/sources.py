"""Where the worker reads audio it did not get live: a spool reader or a WAV file."""

from __future__ import annotations

import wave
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

from device.speech.errors import AudioFormatError
from device.speech.settings import SAMPLE_RATE

Int16Array = npt.NDArray[np.int16]


class AudioSource(Protocol):
    """Random access to a recording's frames (the capture spool implements this)."""

    @property
    def channels(self) -> int: ...

    @property
    def frames(self) -> int:
        """Frames readable now."""
        ...

    def read(self, start: int, count: int) -> Int16Array:
        """Up to ``count`` frames from frame ``start``, shape (n, channels), int16."""
        ...


class WavSource:
    """A 16 kHz, 16-bit PCM WAV file of any channel count."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise AudioFormatError(f"audio file not found: {self.path}")
        try:
            with wave.open(str(self.path), "rb") as wav:
                self._channels = wav.getnchannels()
                self._frames = wav.getnframes()
                rate, width = wav.getframerate(), wav.getsampwidth()
        except (wave.Error, EOFError) as exc:
            raise AudioFormatError(f"{self.path} is not a PCM WAV file: {exc}") from exc
        if rate != SAMPLE_RATE or width != 2:
            raise AudioFormatError(
                f"{self.path}: need 16 kHz 16-bit PCM, got {rate} Hz {8 * width}-bit; "
                f"convert with: sox IN -r 16000 -b 16 OUT.wav"
            )

    @property
    def channels(self) -> int:
        return self._channels

    @property
    def frames(self) -> int:
        return self._frames

    def read(self, start: int, count: int) -> Int16Array:
        with wave.open(str(self.path), "rb") as wav:
            wav.setpos(min(start, self._frames))
            raw = wav.readframes(count)
        return np.frombuffer(raw, dtype="<i2").reshape(-1, self._channels).astype(np.int16)
