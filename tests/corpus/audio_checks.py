"""Measurements on generated audio that the corpus tests compare with the reference."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FRAME = 160
"""10 ms at 16 kHz."""


def speech_regions(
    pcm: npt.NDArray[np.int16], threshold: int = 66, bridge_s: float = 0.4
) -> list[tuple[float, float]]:
    """Non-silent regions in seconds: sample-exact edges, pauses under ``bridge_s`` bridged."""
    loud = np.flatnonzero(np.abs(pcm.astype(np.int32)) >= threshold)
    if loud.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(loud) > bridge_s * 16000)
    starts = np.concatenate(([loud[0]], loud[breaks + 1]))
    ends = np.concatenate((loud[breaks], [loud[-1]])) + 1
    return [(s / 16000, e / 16000) for s, e in zip(starts, ends, strict=True)]


def lag_samples(reference: npt.NDArray[np.floating], other: npt.NDArray[np.floating]) -> float:
    """Delay of ``other`` behind ``reference`` in (fractional) samples, by cross-correlation
    interpolated 64x through zero-padding the cross-spectrum."""
    n = 1 << (len(reference) * 2).bit_length()
    cross = np.fft.rfft(other, n) * np.conj(np.fft.rfft(reference, n))
    up = 64
    corr = np.fft.irfft(cross, n * up)
    window = 8 * up
    around = np.concatenate((corr[-window:], corr[: window + 1]))
    return float((np.argmax(around) - window) / up)
