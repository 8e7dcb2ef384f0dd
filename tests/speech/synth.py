"""Synthetic test signals: a source at a known azimuth recorded by a mic geometry."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from device.speech.geometry import MicGeometry

RATE = 16000


def babble(seconds: float, seed: int) -> npt.NDArray[np.float64]:
    """Speech-like noise: band-limited noise with a syllable-rate envelope."""
    rng = np.random.default_rng(seed)
    n = int(seconds * RATE)
    spec = np.fft.rfft(rng.standard_normal(n))
    freqs = np.fft.rfftfreq(n, 1 / RATE)
    spec[(freqs < 200) | (freqs > 5000)] = 0
    noise = np.fft.irfft(spec, n)
    envelope = 0.6 + 0.4 * np.sin(2 * np.pi * 4 * np.arange(n) / RATE)
    out = noise * envelope
    return np.asarray(0.1 * out / np.max(np.abs(out)))


def record(
    signal: npt.NDArray[np.float64],
    geometry: MicGeometry,
    azimuth_deg: float,
    *,
    snr_db: float = 30.0,
    seed: int = 0,
) -> npt.NDArray[np.float64]:
    """Far-field recording of ``signal`` arriving from ``azimuth_deg``: shape (n, mics)."""
    n = signal.shape[0]
    theta = np.deg2rad(azimuth_deg)
    unit = np.array([np.cos(theta), np.sin(theta)])
    delays = -(geometry.array[:, :2] @ unit) / 343.0
    spec = np.fft.rfft(signal)
    freqs = np.fft.rfftfreq(n, 1 / RATE)
    chans = [np.fft.irfft(spec * np.exp(-2j * np.pi * freqs * d), n) for d in delays]
    out = np.stack(chans, axis=1)
    rng = np.random.default_rng(seed)
    noise_rms = np.sqrt(np.mean(out**2)) / 10 ** (snr_db / 20)
    return np.asarray(out + rng.standard_normal(out.shape) * noise_rms)


def to_int16(x: npt.NDArray[np.float64]) -> npt.NDArray[np.int16]:
    return np.asarray(np.clip(x * 32768, -32768, 32767).astype(np.int16))
