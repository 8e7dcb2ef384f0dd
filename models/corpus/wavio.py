"""Quantising float audio to 16-bit PCM and writing it as WAV and raw S16_LE."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import numpy.typing as npt

from models.corpus.synth import SAMPLE_RATE


def to_s16(samples: npt.NDArray[np.float64] | npt.NDArray[np.float32]) -> npt.NDArray[np.int16]:
    """Round to nearest, clip to the int16 range; ``(n,)`` or ``(n, channels)``."""
    scaled = np.clip(np.rint(samples * 32767.0), -32768, 32767)
    return scaled.astype("<i2")


def write_wav(path: Path, pcm: npt.NDArray[np.int16]) -> None:
    """16 kHz 16-bit WAV; channels interleaved from the second axis."""
    channels = 1 if pcm.ndim == 1 else pcm.shape[1]
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(np.ascontiguousarray(pcm).tobytes())


def write_raw(path: Path, pcm: npt.NDArray[np.int16]) -> None:
    """Headerless S16_LE, channels interleaved, as an ALSA ``file`` PCM reads it."""
    path.write_bytes(np.ascontiguousarray(pcm).tobytes())


def read_wav(path: Path) -> tuple[npt.NDArray[np.int16], int]:
    """Samples ``(n,)`` for mono or ``(n, channels)``, and the sample rate."""
    with wave.open(str(path), "rb") as src:
        channels, rate = src.getnchannels(), src.getframerate()
        data = np.frombuffer(src.readframes(src.getnframes()), dtype="<i2")
    return (data if channels == 1 else data.reshape(-1, channels)), rate
