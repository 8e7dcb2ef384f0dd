"""Beamformers steered at an azimuth, and the STFT they work in (numpy only).

Delay-and-sum, and a superdirective beamformer: MVDR against a diffuse noise field, the
classic design for a small array (a few centimetres) in a room, where ventilation noise and
late reverberation arrive from everywhere at once. pyroomacoustics has delay-and-sum and
MVDR, but has no aarch64 wheel and is not on the device; the tests check these steering
weights against its ``Beamformer.far_field_weights`` on the same geometry.
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


def diffuse_coherence(
    geometry: MicGeometry, size: int, speed_of_sound: float = 343.0
) -> npt.NDArray[np.float64]:
    """Coherence (bins, mics, mics) of a spherically isotropic noise field between the mics:
    ``sinc(2 f d / c)`` for mics ``d`` apart (np.sinc is the normalised sinc)."""
    points = geometry.array[:, :2]
    distances = np.linalg.norm(points[:, None, :] - points[None, :, :], axis=-1)
    freqs = np.fft.rfftfreq(size, 1 / SAMPLE_RATE)
    return np.asarray(np.sinc(2.0 * freqs[:, None, None] * distances[None] / speed_of_sound))


def superdirective_weights(
    geometry: MicGeometry,
    azimuth_deg: float,
    size: int,
    speed_of_sound: float = 343.0,
    loading: float = 1e-2,
) -> npt.NDArray[np.complex128]:
    """MVDR weights (bins, mics) toward ``azimuth_deg`` against diffuse noise.

    ``w = Γ⁻¹d / (dᴴΓ⁻¹d)`` with Γ the diffuse coherence plus ``loading`` on its diagonal:
    the source keeps its level (``wᴴd = 1``) and noise from all directions is minimised.
    The loading stands for uncorrelated noise at each mic; it bounds how far the weights
    amplify mic self-noise and gain or phase mismatch between mics, which an unloaded
    superdirective beam at low frequencies would amplify many times.
    """
    if loading <= 0:
        raise ValueError(f"diagonal loading must be positive, got {loading}")
    steering = steering_weights(geometry, azimuth_deg, size, speed_of_sound) * geometry.channels
    gamma = diffuse_coherence(geometry, size, speed_of_sound) + loading * np.eye(geometry.channels)
    solved = np.linalg.solve(gamma.astype(np.complex128), steering[:, :, None])[:, :, 0]
    gain = np.einsum("fm,fm->f", steering.conj(), solved).real
    return np.asarray(solved / gain[:, None])


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
        """(samples, channels) audio → (bins, channels, frames) spectra.

        One channel at a time into the complex64 result: numpy's FFT works in double, and
        framing all mics at once held ~95 MB for a 25 s segment on six mics (the worker's
        largest transient); per channel it is the result plus ~20 MB.
        """
        if frames.ndim != 2:
            raise AudioFormatError(f"expected (samples, channels) audio, got shape {frames.shape}")
        count = 1 + (frames.shape[0] + self.size) // self.hop
        out = np.empty((self.size // 2 + 1, frames.shape[1], count), dtype=np.complex64)
        for mic in range(frames.shape[1]):
            pad = np.pad(frames[:, mic].astype(np.float32), (self.size, self.size))
            framed = np.lib.stride_tricks.sliding_window_view(pad, self.size)[:: self.hop]
            out[:, mic, :] = np.fft.rfft(framed * self.window[None, :], axis=1).T
        return out

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
