"""Diffuse background noise for the room variants, by the spatial-coherence method.

A spherically isotropic (diffuse) noise field has, between two microphones ``d`` metres
apart, the coherence ``Γ(f) = sinc(2πfd/c)`` (Habets, Cohen & Gannot, "Generating
nonstationary multisensor signals under a spatially coherent noise field", JASA 2008).
We draw independent Gaussian spectra per microphone and mix them in each frequency band
with ``C(f)`` such that ``C Cᴴ = Γ(f)``, so the microphones' noise has exactly that
coherence. This replaces "many noise sources in the room, each convolved with its RIR",
which would cost one long convolution per source and microphone; the coherence is what a
beamformer sees of a diffuse field. The spectrum is pink (−3 dB/octave) from 50 Hz, like
ventilation, and each microphone adds its own white self-noise ``sensor_db`` below it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from models.corpus.array import SPEED_OF_SOUND, _fft_size
from models.corpus.synth import SAMPLE_RATE


@dataclass(frozen=True)
class NoiseSettings:
    """Shape of the diffuse noise."""

    pink_from_hz: float = 50.0
    """Below this the spectrum is flat; above it falls 3 dB per octave."""
    band_hz: float = 15.625
    """Frequency resolution of the coherence mixing (the field is smooth in frequency)."""
    sensor_db: float = -20.0
    """Uncorrelated self-noise per microphone, relative to the diffuse noise's power."""


def coherence(mics: npt.NDArray[np.float64], freq_hz: float) -> npt.NDArray[np.float64]:
    """Diffuse-field coherence matrix ``(M, M)`` of microphones at ``mics`` ``(M, 3)``."""
    distances = np.linalg.norm(mics[:, None, :] - mics[None, :, :], axis=-1)
    gamma: npt.NDArray[np.float64] = np.sinc(2.0 * freq_hz * distances / SPEED_OF_SOUND)
    return gamma


def _mixing(gamma: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """``C`` with ``C Cᵀ = Γ``; by eigen-decomposition since Γ is near singular at low f."""
    values, vectors = np.linalg.eigh(gamma)
    mixing: npt.NDArray[np.float64] = vectors * np.sqrt(np.clip(values, 0.0, None))
    return mixing


def diffuse_noise(
    mics: npt.NDArray[np.float64],
    length: int,
    rng: np.random.Generator,
    settings: NoiseSettings,
) -> npt.NDArray[np.float64]:
    """``(length, M)`` diffuse pink noise at microphones ``mics`` ``(M, 3)``, unit power."""
    count = mics.shape[0]
    size = _fft_size(length)
    freqs = np.fft.rfftfreq(size, d=1.0 / SAMPLE_RATE)
    # Real and imaginary parts mixed apart: float64 matrix products go through BLAS.
    real = rng.standard_normal((len(freqs), count))
    imag = rng.standard_normal((len(freqs), count))
    per_band = max(int(settings.band_hz * size / SAMPLE_RATE), 1)
    for start in range(0, len(freqs), per_band):
        band = slice(start, start + per_band)
        mixing = _mixing(coherence(mics, float(freqs[band].mean()))).T
        real[band] = real[band] @ mixing
        imag[band] = imag[band] @ mixing
    spectrum = (real + 1j * imag) / np.sqrt(np.maximum(freqs, settings.pink_from_hz))[:, None]
    spectrum[0] = 0.0
    diffuse = np.fft.irfft(spectrum, size, axis=0)[:length]
    diffuse /= np.sqrt(np.mean(diffuse**2))
    sensor = rng.standard_normal((length, count)) * 10 ** (settings.sensor_db / 20)
    mixed: npt.NDArray[np.float64] = diffuse + sensor
    mixed /= np.sqrt(np.mean(mixed**2))
    return mixed
