"""Measurements on generated audio that the corpus tests compare with the reference."""

from __future__ import annotations

import itertools

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


def schroeder_rt60(rir: npt.NDArray[np.floating], rate: int = 16000) -> float:
    """RT60 from a T20 fit (−5 to −25 dB) of the Schroeder energy decay curve, by least
    squares; written here apart from pyroomacoustics' own measure, to check it."""
    energy = np.cumsum(rir[::-1].astype(np.float64) ** 2)[::-1]
    decay_db = 10 * np.log10(energy / energy[0] + 1e-300)
    fit = np.flatnonzero((decay_db <= -5.0) & (decay_db >= -25.0))
    slope, _ = np.polyfit(fit / rate, decay_db[fit], 1)
    return float(-60.0 / slope)


def noise_and_speech_power(
    pcm: npt.NDArray[np.int16], spans: list[tuple[float, float]], rate: int = 16000
) -> tuple[float, float]:
    """Power in the noise-only stretches (the lead before the first utterance and the last
    0.3 s of every gap of 0.9 s or more, when reverberation has died down) and over the
    utterances; both averaged over the channels."""
    x = pcm.astype(np.float64) / 32768.0
    quiet = [(0.05, spans[0][0] - 0.05)]
    quiet += [(b[0] - 0.3, b[0]) for a, b in itertools.pairwise(spans) if b[0] - a[1] >= 0.9]
    noise = np.concatenate([x[int(s * rate) : int(e * rate)] for s, e in quiet])
    speech = np.concatenate([x[int(s * rate) : int(e * rate)] for s, e in spans])
    return float(np.mean(noise**2)), float(np.mean(speech**2))
