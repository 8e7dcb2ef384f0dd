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
import numpy.typing as npt

from models.corpus.synth import SAMPLE_RATE, Audio

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


@dataclass(frozen=True)
class Placement:
    """One utterance placed in the recording: where it starts and where its speaker sits."""

    start: int
    """First sample of the clip in the recording."""
    clip: Audio
    angle_deg: float


PAD = 64
"""Samples of silence around each clip, far more than the largest delay (≈ 2.2 samples)."""


def _delayed_copies(clip: Audio, delays_s: list[float]) -> npt.NDArray[np.float64]:
    """``(len(clip) + 2·PAD, mics)``: the padded clip delayed per microphone by phase shift."""
    padded = np.pad(clip, PAD)
    size = _fft_size(len(padded))
    spectrum = np.fft.rfft(padded, size)
    freqs = np.fft.rfftfreq(size, d=1.0 / SAMPLE_RATE)
    shifts = np.exp(-2j * np.pi * np.outer(freqs, delays_s))
    return np.fft.irfft(spectrum[:, None] * shifts, size, axis=0)[: len(padded)]


def render_array(
    placements: list[Placement],
    length: int,
    geometry: ArrayGeometry,
    noise_rms: float,
    rng: np.random.Generator,
) -> npt.NDArray[np.float32]:
    """Mix the placed clips, each from its azimuth, into ``(length, mics)`` audio plus noise.

    Each clip is delayed per microphone on its own (zero-padded) FFT, which keeps memory
    and time proportional to the speech rather than to the whole recording.
    """
    out = np.zeros((length + 2 * PAD, geometry.mics), dtype=np.float64)
    for placed in placements:
        copies = _delayed_copies(placed.clip, geometry.delays_s(placed.angle_deg))
        out[placed.start : placed.start + len(copies)] += copies
    mixed = out[PAD : PAD + length].astype(np.float32)
    for mic in range(geometry.mics):
        mixed[:, mic] += noise_rms * rng.standard_normal(length, dtype=np.float32)
    return mixed
