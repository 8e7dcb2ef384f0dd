"""A growable window of multichannel audio addressed by absolute sample index."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from device.speech.errors import AudioFormatError

Float32Array = npt.NDArray[np.float32]


class AudioWindow:
    """Keeps audio from ``start`` to ``end`` (samples since recording start) as float32."""

    def __init__(self, channels: int) -> None:
        self.channels = channels
        self.start = 0
        self._data = np.zeros((16000 * 4, channels), dtype=np.float32)
        self._used = 0

    @property
    def end(self) -> int:
        return self.start + self._used

    def append(self, frames: npt.NDArray[np.generic]) -> None:
        """Add int16 or float frames of shape (n, channels) at the end."""
        if frames.ndim != 2 or frames.shape[1] != self.channels:
            raise AudioFormatError(
                f"block of shape {frames.shape} does not match {self.channels} channels"
            )
        block = frames.astype(np.float32)
        if np.issubdtype(frames.dtype, np.integer):
            block /= 32768.0
        need = self._used + block.shape[0]
        if need > self._data.shape[0]:
            grown = np.zeros((max(need, 2 * self._data.shape[0]), self.channels), np.float32)
            grown[: self._used] = self._data[: self._used]
            self._data = grown
        self._data[self._used : need] = block
        self._used = need

    def get(self, start: int, end: int) -> Float32Array:
        """Copy of samples [start, end) (clamped to what is kept)."""
        a = max(start, self.start) - self.start
        b = min(end, self.end) - self.start
        return self._data[a:b].copy() if b > a else np.zeros((0, self.channels), np.float32)

    def drop_before(self, sample: int) -> None:
        """Forget audio before ``sample``."""
        cut = min(max(sample - self.start, 0), self._used)
        if cut == 0:
            return
        self._data[: self._used - cut] = self._data[cut : self._used]
        self._used -= cut
        self.start += cut
