"""Direction of arrival per segment: GCC-PHAT across all mic pairs, steered over azimuth.

For every pair the PHAT-weighted cross-spectrum is averaged over the segment's onset frames
(loud and rising, so the direct sound outweighs the room's reflections); the pairwise
cross-correlations are then summed at the delays each candidate azimuth predicts (far
field, array plane), and the best azimuth wins (SRP-PHAT).
"""

from __future__ import annotations

import itertools

import numpy as np
import numpy.typing as npt

from device.speech.errors import GeometryError
from device.speech.geometry import MicGeometry
from device.speech.settings import SAMPLE_RATE, DoaSettings

FloatArray = npt.NDArray[np.float64]
ONSET_FRAMES = 3
"""Frames (a quarter frame apart) an onset's energy is compared with."""


class DoaEstimator:
    """Estimates the azimuth (degrees, counter-clockwise from mic 0's axis) of a segment."""

    def __init__(self, geometry: MicGeometry, settings: DoaSettings) -> None:
        self.geometry = geometry
        self.settings = settings
        self._pairs = list(itertools.combinations(range(geometry.channels), 2))
        # A linear array cannot tell front from back: it measures 0..180 degrees only.
        self.wraps = not geometry.is_linear
        self._angles = np.arange(360 if self.wraps else 181, dtype=np.float64)
        self._lags = self._steering_lags()

    def _steering_lags(self) -> FloatArray:
        """Expected lag t_i - t_j (in upsampled samples) per azimuth and pair."""
        theta = np.deg2rad(self._angles)
        unit = np.stack([np.cos(theta), np.sin(theta)], axis=1)
        mics = self.geometry.array[:, :2]
        diffs = np.stack([mics[i] - mics[j] for i, j in self._pairs])
        scale = SAMPLE_RATE * self.settings.interp / self.settings.speed_of_sound
        return np.asarray(-(unit @ diffs.T) * scale)

    def estimate(self, frames: npt.NDArray[np.floating] | npt.NDArray[np.integer]) -> float | None:
        """Azimuth of the dominant source in ``frames`` (n, channels), or None if too short."""
        if frames.ndim != 2 or frames.shape[1] != self.geometry.channels:
            raise GeometryError(
                f"audio has {frames.shape[-1]} channels but geometry {self.geometry.name!r} "
                f"has {self.geometry.channels} mics"
            )
        spectra = self._cross_spectra(np.asarray(frames, dtype=np.float64))
        if spectra is None:
            return None
        power = self._steered_power(spectra)
        return float(self._angles[int(np.argmax(power))])

    def _cross_spectra(self, x: FloatArray) -> npt.NDArray[np.complex128] | None:
        """PHAT-normalised cross-spectrum per pair, averaged over the onset frames.

        Only in-band bins are kept (complex64) and pairs are reduced one at a time, so a
        25 s six-channel segment needs a few MB rather than hundreds.
        """
        size = self.settings.frame
        if x.shape[0] < size:
            return None
        freqs = np.fft.rfftfreq(size, 1 / SAMPLE_RATE)
        band = np.flatnonzero((freqs >= self.settings.min_hz) & (freqs <= self.settings.max_hz))
        window = np.hanning(size).astype(np.float32)[:, None]
        starts = range(0, x.shape[0] - size + 1, size // 4)
        spec = np.stack(
            [
                np.fft.rfft(x[s : s + size] * window, axis=0)[band].astype(np.complex64)
                for s in starts
            ]
        )
        spec = spec[self._onsets(np.sum(np.abs(spec[:, :, 0]) ** 2, axis=1))]
        cross = np.zeros((freqs.size, len(self._pairs)), dtype=np.complex128)
        for k, (i, j) in enumerate(self._pairs):
            pair = spec[:, :, i] * np.conj(spec[:, :, j])
            cross[band, k] = (pair / np.maximum(np.abs(pair), 1e-12)).mean(axis=0)
        return cross

    def _onsets(self, energy: FloatArray) -> npt.NDArray[np.bool_]:
        """The louder half of frames, and of those the share whose energy rises most over
        the three frames before: at an onset the direct sound arrives before the room's
        reflections do, so those frames point at the talker rather than at a wall."""
        loud = energy >= np.quantile(energy, 0.5)
        before = np.full((ONSET_FRAMES, energy.size), np.inf)
        for k in range(1, ONSET_FRAMES + 1):
            before[k - 1, k:] = energy[:-k]
        rise = np.where(loud, energy / np.maximum(before.max(axis=0), 1e-12), 0.0)
        keep = loud & (rise >= np.quantile(rise[loud], 1 - self.settings.onset_share))
        return keep if keep.sum() >= ONSET_FRAMES else loud

    def _steered_power(self, cross: npt.NDArray[np.complex128]) -> FloatArray:
        n = self.settings.frame * self.settings.interp
        cc = np.fft.irfft(cross, n=n, axis=0)
        idx = np.rint(self._lags).astype(np.int64) % n
        pair_index = np.arange(len(self._pairs))[None, :]
        return np.asarray(cc[idx, pair_index].sum(axis=1))


def angle_distance(a: float, b: float, *, wraps: bool = True) -> float:
    """Angle between two directions; on a full circle 350° and 10° are 20° apart."""
    d = abs(a - b) % 360.0
    return min(d, 360.0 - d) if wraps else abs(a - b)
