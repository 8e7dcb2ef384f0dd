"""Circular microphone arrays and far-field plane-wave delays.

Microphone ``m`` of an ``M``-mic array sits at azimuth ``360·m/M`` degrees on a circle of
radius ``r``. A far-field source at azimuth ``θ`` reaches microphone ``m`` at
``τ_m = -r·cos(θ - φ_m) / c`` seconds relative to the array centre (negative: earlier).
Fractional delays are applied exactly as a linear phase in the frequency domain.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from tests.corpus.synth import SAMPLE_RATE, Audio

SPEED_OF_SOUND = 343.0
"""Metres per second, at about 20 °C."""


@dataclass(frozen=True)
class ArrayGeometry:
    """A uniform circular microphone array."""

    name: str
    """Short name used in file names, e.g. ``mic4``."""
    mics: int
    """Number of microphones on the circle."""
    radius_m: float
    """Circle radius in metres."""

    def mic_angles_deg(self) -> list[float]:
        return [360.0 * m / self.mics for m in range(self.mics)]

    def mic_positions_m(self) -> list[tuple[float, float]]:
        return [
            (self.radius_m * math.cos(math.radians(a)), self.radius_m * math.sin(math.radians(a)))
            for a in self.mic_angles_deg()
        ]

    def delays_s(self, source_deg: float) -> list[float]:
        """Arrival time at each microphone relative to the array centre, in seconds."""
        return [
            -self.radius_m * math.cos(math.radians(source_deg - a)) / SPEED_OF_SOUND
            for a in self.mic_angles_deg()
        ]

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "mics": self.mics,
            "radius_m": self.radius_m,
            "speed_of_sound_m_s": SPEED_OF_SOUND,
            "mic_angles_deg": self.mic_angles_deg(),
            "mic_positions_m": [[round(x, 6), round(y, 6)] for x, y in self.mic_positions_m()],
            "angle_convention": "degrees counter-clockwise from microphone 0, seen from above",
        }


RESPEAKER_4 = ArrayGeometry(name="mic4", mics=4, radius_m=0.032)
"""Like the ReSpeaker 4-mic array (45.7 mm square, ≈32 mm radius)."""
RESPEAKER_6 = ArrayGeometry(name="mic6", mics=6, radius_m=0.0463)
"""Like the ReSpeaker 6-mic circular array (≈46 mm radius)."""
ARRAYS = (RESPEAKER_4, RESPEAKER_6)


def _fft_size(n: int) -> int:
    """Smallest 2^a·3^b·5^c ≥ n, so the FFT stays fast for any signal length."""
    best = 1 << max(n - 1, 1).bit_length()
    p5 = 1
    while p5 < best:
        p35 = p5
        while p35 < best:
            p = p35
            while p < n:
                p *= 2
            best = min(best, p)
            p35 *= 3
        p5 *= 5
    return best


def render_array(
    tracks: list[tuple[Audio, float]],
    geometry: ArrayGeometry,
    noise_rms: float,
    rng: np.random.Generator,
) -> Audio:
    """Mix per-speaker tracks, each from its azimuth, into ``(samples, mics)`` float audio.

    ``tracks`` holds one full-length signal per speaker (silent where others talk) with its
    angle. Each track is delayed per microphone by a frequency-domain phase shift; the
    tracks start and end in silence, so the FFT's circular wrap is inaudible.
    """
    length = len(tracks[0][0])
    size = _fft_size(length + 64)
    freqs = np.fft.rfftfreq(size, d=1.0 / SAMPLE_RATE)
    spectra = [(np.fft.rfft(track, size), angle) for track, angle in tracks]
    out = np.empty((length, geometry.mics), dtype=np.float64)
    for mic in range(geometry.mics):
        mixed = np.zeros(size // 2 + 1, dtype=np.complex128)
        for spectrum, angle in spectra:
            tau = geometry.delays_s(angle)[mic]
            mixed += spectrum * np.exp(-2j * np.pi * freqs * tau)
        out[:, mic] = np.fft.irfft(mixed, size)[:length]
    out += rng.normal(0.0, noise_rms, size=out.shape)
    return out
