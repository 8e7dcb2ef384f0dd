"""Reverberant variants of a rendered meeting: each speaker at a seat in a simulated room.

For each room condition the meeting's utterances are convolved with the impulse response
from the speaker's seat to every microphone (both array geometries share one simulated
room, the arrays at the same spot with microphone 0 pointing the same way), scaled so that
the reverberant speech has the dry mono mix's level, and mixed with diffuse noise at the
condition's SNR. Files: ``<meeting>/rooms/<condition>/{mic4,mic6}.{wav,raw}`` and
``reference.json`` (the meeting's reference with the true seat azimuths and a ``room`` part).
"""

from __future__ import annotations

import copy
import json
import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from models.corpus.array import ARRAYS, ArrayGeometry, Placement
from models.corpus.conditions import PlacedSeat, RoomCondition, RoomSpec, place_seats
from models.corpus.noise import NoiseSettings, diffuse_noise
from models.corpus.room import (
    RoomResponses,
    RoomSettings,
    impulse_responses,
    measured_rt60,
    reverberate,
)
from models.corpus.wavio import to_s16, write_raw, write_wav

PEAK_LIMIT = 0.95
"""The mix is scaled down (speech and noise alike, SNR kept) if it would peak above this."""


@dataclass(frozen=True)
class RoomRendering:
    """Settings of the room variants (part of the manifest's ``rooms_sha256``)."""

    room: RoomSettings = field(default_factory=RoomSettings)
    noise: NoiseSettings = field(default_factory=NoiseSettings)


@dataclass(frozen=True)
class MeetingAudio:
    """What a room variant needs of a rendered meeting."""

    meeting_id: str
    speakers: tuple[str, ...]
    """Speaker ids in seat order (S1 takes the condition's first seat, …)."""
    placements: tuple[Placement, ...]
    placement_speakers: tuple[str, ...]
    """The speaker of each placement."""
    length: int
    reference: dict[str, Any]
    """The meeting's anechoic reference document."""


def mic_positions(room: RoomSpec, geometry: ArrayGeometry) -> npt.NDArray[np.float64]:
    """``(M, 3)`` microphone positions in the room, mic 0 at ``array_rotation_deg``."""
    cx, cy, cz = room.array_centre
    angles = np.radians(np.array(geometry.mic_angles_deg()) + room.array_rotation_deg)
    return np.stack(
        [
            cx + geometry.radius_m * np.cos(angles),
            cy + geometry.radius_m * np.sin(angles),
            np.full(geometry.mics, cz),
        ],
        axis=1,
    )


@dataclass
class _Simulated:
    seats: list[PlacedSeat]
    responses: RoomResponses
    columns: dict[str, slice]
    """Which RIR columns belong to which geometry."""


class RoomWriter:
    """Writes room variants; simulates each condition's room once for all meetings."""

    def __init__(self, seed: int, rendering: RoomRendering) -> None:
        self._seed = seed
        self._rendering = rendering
        self._rooms: dict[str, _Simulated] = {}

    def write(
        self, audio: MeetingAudio, conditions: Sequence[RoomCondition], folder: Path
    ) -> list[str]:
        """Every condition's variant of ``audio`` under ``folder``; names relative to it.

        One diffuse-noise recording per geometry serves all conditions of the meeting,
        scaled to each condition's SNR: the field depends only on the microphones'
        spacing, and the conditions then differ only in the room and the noise level."""
        noises = {g.name: self._noise(audio, g) for g in ARRAYS}
        written: list[str] = []
        for cond in conditions:
            names = self._write_one(audio, cond, folder / cond.name, noises)
            written += [f"{cond.name}/{n}" for n in names]
        return written

    def _noise(self, audio: MeetingAudio, geometry: ArrayGeometry) -> npt.NDArray[np.float64]:
        stream = f"{audio.meeting_id}/room-noise/{geometry.name}"
        rng = np.random.default_rng([self._seed, zlib.crc32(stream.encode())])
        flat = np.array([[x, y, 0.0] for x, y in geometry.mic_positions_m()])
        return diffuse_noise(flat, audio.length, rng, self._rendering.noise)

    def _simulate(self, cond: RoomCondition) -> _Simulated:
        if cond.name not in self._rooms:
            seats = place_seats(cond, len(cond.seats))
            mics = np.concatenate([mic_positions(cond.room, g) for g in ARRAYS])
            responses = impulse_responses(
                cond.room, cond.rt60_s, [s.position_m for s in seats], mics.T, self._rendering.room
            )
            columns, start = {}, 0
            for g in ARRAYS:
                columns[g.name] = slice(start, start + g.mics)
                start += g.mics
            self._rooms[cond.name] = _Simulated(seats, responses, columns)
        return self._rooms[cond.name]

    def _write_one(
        self,
        audio: MeetingAudio,
        cond: RoomCondition,
        folder: Path,
        noises: dict[str, npt.NDArray[np.float64]],
    ) -> list[str]:
        place_seats(cond, len(audio.speakers))  # a clear error when the meeting has too many
        sim = self._simulate(cond)
        folder.mkdir(parents=True, exist_ok=True)
        written: list[str] = []
        measured: dict[str, dict[str, float]] = {}
        for geometry in ARRAYS:
            rirs = sim.responses.rirs[:, :, sim.columns[geometry.name]]
            mix = _mix(audio, cond.snr_db, rirs, noises[geometry.name])
            pcm = to_s16(mix)
            write_wav(folder / f"{geometry.name}.wav", pcm)
            write_raw(folder / f"{geometry.name}.raw", pcm)
            written += [f"{geometry.name}.wav", f"{geometry.name}.raw"]
            measured[geometry.name] = self._rt60s(audio, rirs)
        reference = _variant_reference(audio, cond, sim, measured, self._rendering)
        (folder / "reference.json").write_text(
            json.dumps(reference, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        return [*written, "reference.json"]

    def _rt60s(self, audio: MeetingAudio, rirs: npt.NDArray[np.float64]) -> dict[str, float]:
        """Measured RT60 per speaker's seat: the mean over this geometry's microphones."""
        return {
            speaker: round(float(np.mean([self._rt60(rirs[index, :, m]) for m in mics])), 4)
            for index, speaker in enumerate(audio.speakers)
            for mics in [range(rirs.shape[2])]
        }

    def _rt60(self, rir: npt.NDArray[np.float64]) -> float:
        return measured_rt60(rir, self._rendering.room)


def _mix(
    audio: MeetingAudio,
    snr_db: float,
    rirs: npt.NDArray[np.float64],
    unit_noise: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """Reverberant speech at the dry mix's level plus unit-power noise scaled to ``snr_db``."""
    speech = _speech_image(audio, rirs)
    dry_power = _active_power([p.clip[:, None] for p in audio.placements])
    wet_power = _active_power([speech[p.start : p.start + len(p.clip)] for p in audio.placements])
    speech *= math.sqrt(dry_power / wet_power)
    noise_gain = math.sqrt(dry_power / 10 ** (snr_db / 10))
    speech += noise_gain * unit_noise
    peak = float(np.max(np.abs(speech)))
    if peak > PEAK_LIMIT:
        speech *= PEAK_LIMIT / peak
    return speech


def _active_power(spans: Sequence[npt.NDArray[np.float64]]) -> float:
    """Mean square over the utterances' samples (and microphones)."""
    return sum(float(np.sum(s**2)) for s in spans) / sum(s.size for s in spans)


def _speech_image(audio: MeetingAudio, rirs: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """The reverberant speech at each microphone, ``(length, M)``."""
    seat_of = {speaker: index for index, speaker in enumerate(audio.speakers)}
    out = np.zeros((audio.length + rirs.shape[1], rirs.shape[2]))
    for placed, speaker in zip(audio.placements, audio.placement_speakers, strict=True):
        wet = reverberate(placed.clip, rirs[seat_of[speaker]])
        out[placed.start : placed.start + len(wet)] += wet
    return out[: audio.length]


def _seat_dict(placed: PlacedSeat) -> dict[str, Any]:
    return {
        "seat": placed.seat.name,
        "position_m": list(placed.position_m),
        "azimuth_deg": round(placed.azimuth_deg, 4),
        "elevation_deg": round(placed.elevation_deg, 4),
        "distance_m": round(placed.distance_m, 4),
    }


def _room_dict(
    cond: RoomCondition,
    sim: _Simulated,
    speakers: Sequence[str],
    measured: dict[str, dict[str, float]],
    rendering: RoomRendering,
) -> dict[str, Any]:
    room = cond.room
    return {
        "condition": cond.name,
        "note": cond.note,
        "room": {
            "name": room.name,
            "size_m": [room.length_m, room.width_m, room.height_m],
            "area_m2": round(room.area_m2, 3),
        },
        "table": {
            "centre_xy_m": list(room.table.centre_xy),
            "size_m": [room.table.length_m, room.table.width_m],
            "height_m": room.table.height_m,
        },
        "array": {
            "centre_m": list(room.array_centre),
            "rotation_deg": room.array_rotation_deg,
            "mic_positions_m": {
                g.name: np.round(mic_positions(room, g), 6).tolist() for g in ARRAYS
            },
        },
        "seats": {s: _seat_dict(p) for s, p in zip(speakers, sim.seats, strict=False)},
        "rt60_target_s": cond.rt60_s,
        "rt60_measured_s": measured,
        "rt60_method": (
            "Schroeder backward integration, T20 extrapolated to 60 dB "
            "(pyroomacoustics.experimental.measure_rt60), mean over the microphones"
        ),
        "absorption": round(sim.responses.absorption, 6),
        "max_order": sim.responses.max_order,
        "snr_target_db": cond.snr_db,
        "snr_definition": (
            "reverberant speech power over the utterances to noise power over the whole "
            "recording, both averaged over the microphones"
        ),
        "noise": {
            "field": "diffuse (spherically isotropic): sinc spatial coherence",
            "spectrum": f"pink (-3 dB/octave) above {rendering.noise.pink_from_hz} Hz",
            "sensor_noise_db": rendering.noise.sensor_db,
        },
        "timing": (
            "utterance start/end are the dry speech's; the direct path reaches the array "
            "distance / 343 m/s later, and reverberation continues after the end"
        ),
    }


def _variant_reference(
    audio: MeetingAudio,
    cond: RoomCondition,
    sim: _Simulated,
    measured: dict[str, dict[str, float]],
    rendering: RoomRendering,
) -> dict[str, Any]:
    reference = copy.deepcopy(audio.reference)
    azimuths = {s: round(p.azimuth_deg, 4) for s, p in zip(audio.speakers, sim.seats, strict=False)}
    for speaker in reference["speakers"]:
        speaker["angle_deg"] = azimuths[speaker["id"]]
    reference["speaker_angles_deg"] = azimuths
    reference["room"] = _room_dict(cond, sim, audio.speakers, measured, rendering)
    return reference
