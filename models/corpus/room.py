"""pyroomacoustics adapter: shoebox room impulse responses and their measured RT60.

The image-source method (``pra.ShoeBox``), absorption from ``pra.inverse_sabine`` for the
target RT60, and the reflection order capped at ``RoomSettings.max_order`` to keep
generation time modest: with the cap the measured RT60 (Schroeder T20) still lands within
about 10 % of the target for these rooms, while ``inverse_sabine``'s own order (50–100)
costs 10–100× more. No ray tracing. pyroomacoustics is imported inside the functions
because loading it (and scipy.signal) takes seconds, and only generation needs it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from models.corpus.array import _fft_size
from models.corpus.conditions import Point, RoomSpec
from models.corpus.errors import CorpusError
from models.corpus.synth import SAMPLE_RATE


@dataclass(frozen=True)
class RoomSettings:
    """How the room impulse responses are computed and measured."""

    max_order: int = 40
    """Cap on the image-source reflection order."""
    rt60_decay_db: float = 20.0
    """Schroeder decay range the RT60 is fitted on (20: T20, from −5 to −25 dB)."""


@dataclass(frozen=True)
class RoomResponses:
    """Impulse responses from each source to each microphone of one room."""

    rirs: npt.NDArray[np.float64]
    """``(sources, taps, mics)``; tap 0 is the moment the source emits (no filter delay)."""
    absorption: float
    """Energy absorption coefficient of every surface."""
    max_order: int


def impulse_responses(
    room: RoomSpec,
    rt60_s: float,
    sources: Sequence[Point],
    mics: npt.NDArray[np.float64],
    settings: RoomSettings,
) -> RoomResponses:
    """RIRs in ``room`` at reverberation time ``rt60_s`` from ``sources`` to ``mics`` (3, M)."""
    import pyroomacoustics as pra  # noqa: PLC0415 - seconds to load; generation only

    dims = [room.length_m, room.width_m, room.height_m]
    try:
        absorption, order = pra.inverse_sabine(rt60_s, dims)
    except ValueError as exc:
        raise CorpusError(
            f"room {room.name!r}: RT60 {rt60_s} s cannot be reached in a "
            f"{dims[0]} × {dims[1]} × {dims[2]} m room ({exc})"
        ) from exc
    order = min(int(order), settings.max_order)
    shoebox = pra.ShoeBox(
        dims,
        fs=SAMPLE_RATE,
        materials=pra.Material(float(absorption)),
        max_order=order,
        air_absorption=False,
    )
    shoebox.add_microphone_array(mics)
    for source in sources:
        shoebox.add_source(list(source))
    shoebox.compute_rir()
    # pyroomacoustics centres a fractional-delay filter on each image: drop its delay so
    # that sample 0 is the emission and the direct path arrives after distance / c.
    delay = int(pra.constants.get("frac_delay_length")) // 2
    taps = max(len(shoebox.rir[m][s]) for m in range(mics.shape[1]) for s in range(len(sources)))
    rirs = np.zeros((len(sources), taps - delay, mics.shape[1]))
    for m in range(mics.shape[1]):
        for s in range(len(sources)):
            h = np.asarray(shoebox.rir[m][s], dtype=np.float64)[delay:]
            rirs[s, : len(h), m] = h
    return RoomResponses(rirs=rirs, absorption=float(absorption), max_order=order)


def measured_rt60(rir: npt.NDArray[np.float64], settings: RoomSettings) -> float:
    """RT60 of one impulse response by Schroeder backward integration (pyroomacoustics)."""
    import pyroomacoustics as pra  # noqa: PLC0415 - seconds to load; generation only

    return float(
        pra.experimental.measure_rt60(rir, fs=SAMPLE_RATE, decay_db=settings.rt60_decay_db)
    )


def reverberate(
    clip: npt.NDArray[np.float64], rirs: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """``clip`` convolved with each microphone's RIR ``(taps, mics)``.

    Returns ``(len(clip) + taps - 1, mics)``."""
    n = len(clip) + rirs.shape[0] - 1
    size = _fft_size(n)
    spectrum = np.fft.rfft(clip, size)[:, None] * np.fft.rfft(rirs, size, axis=0)
    return np.fft.irfft(spectrum, size, axis=0)[:n]
