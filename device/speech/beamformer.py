"""A delay-and-sum beamformer steered at an azimuth, and the STFT it works in (numpy only).

pyroomacoustics has both, but has no aarch64 wheel and is not on the device; the tests check
these steering weights against its ``Beamformer.far_field_weights`` on the same geometry.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from device.speech.errors import AudioFormatError
from device.speech.geometry import MicGeometry
from device.speech.settings import SAMPLE_RATE

ComplexArray = npt.NDArray[np.complex64]
FloatArray = npt.NDArray[np.float32]


def steering_weights(
    geometry: MicGeometry, azimuth_deg: float, size: int, speed_of_sound: float = 343.0
) -> npt.NDArray[np.complex128]:
    """Delay-and-sum weights (bins, mics) for a far-field source at ``azimuth_deg``.

    A mic nearer the source hears it earlier by (u·p)/c; ``conj(w)·X`` undoes each mic's
    phase so the source adds up in phase, and the 1/M keeps its level.
    """
    theta = np.deg2rad(azimuth_deg)
    unit = np.array([np.cos(theta), np.sin(theta)])
    centred = geometry.array[:, :2] - geometry.array[:, :2].mean(axis=0)
    lead = centred @ unit / speed_of_sound
    freqs = np.fft.rfftfreq(size, 1 / SAMPLE_RATE)
    weights = np.exp(2j * np.pi * freqs[:, None] * lead[None, :]) / geometry.channels
    return np.asarray(weights)


def beamform(spectra: ComplexArray, weights: npt.NDArray[np.complex128]) -> ComplexArray:
    """One output STFT (bins, frames) from ``spectra`` (bins, mics, frames)."""
    if spectra.ndim != 3 or weights.shape != spectra.shape[:2]:
        raise AudioFormatError(
            f"beamformer weights {weights.shape} do not fit a (bins, mics, frames) "
            f"spectrum of shape {spectra.shape}"
        )
    out = np.einsum("fm,fmt->ft", weights.conj().astype(np.complex64), spectra)
    return np.asarray(out, dtype=np.complex64)


class Stft:
    """Hann-windowed STFT with weighted overlap-add resynthesis (perfect reconstruction)."""

    def __init__(self, size: int = 512, hop: int = 128) -> None:
        if size <= 0 or hop <= 0 or size % hop:
            raise ValueError(f"STFT size {size} must be a positive multiple of its hop {hop}")
        self.size = size
        self.hop = hop
        self.window = np.hanning(size + 1)[:size].astype(np.float32)

    def forward(self, frames: FloatArray) -> ComplexArray:
        """(samples, channels) audio → (bins, channels, frames) spectra."""
        if frames.ndim != 2:
            raise AudioFormatError(f"expected (samples, channels) audio, got shape {frames.shape}")
        pad = np.pad(frames, ((self.size, self.size), (0, 0)))
        count = 1 + (pad.shape[0] - self.size) // self.hop
        index = np.arange(self.size)[None, :] + self.hop * np.arange(count)[:, None]
        spec = np.fft.rfft(pad[index] * self.window[None, :, None], axis=1)  # (T, F, M)
        return np.ascontiguousarray(spec.transpose(1, 2, 0), dtype=np.complex64)

    def inverse(self, spectra: ComplexArray, samples: int) -> FloatArray:
        """(bins, frames) → ``samples`` of mono audio."""
        chunks = np.fft.irfft(spectra.T, n=self.size, axis=1) * self.window[None, :]
        length = self.hop * (chunks.shape[0] - 1) + self.size
        out = np.zeros(length, dtype=np.float64)
        norm = np.zeros(length, dtype=np.float64)
        for k, chunk in enumerate(chunks):
            out[k * self.hop : k * self.hop + self.size] += chunk
            norm[k * self.hop : k * self.hop + self.size] += self.window**2
        out /= np.maximum(norm, 1e-8)
        return np.asarray(out[self.size : self.size + samples], dtype=np.float32)
