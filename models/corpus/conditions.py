"""Room conditions for the reverberant corpus variants: rooms, the table, seats, RT60 and SNR.

Coordinates are metres in the room frame: ``x`` along the room's length, ``y`` along its
width, ``z`` up, origin in a floor corner. Angles are degrees counter-clockwise seen from
above. The table's long side runs along ``x``; the array lies at the table's centre, its
microphone 0 turned ``array_rotation_deg`` from ``+x``. A seat is given by its bearing in
the room frame and its horizontal distance from the array, so the azimuth the array sees,
``bearing − array_rotation_deg``, is in the corpus's convention (counter-clockwise from
microphone 0, as in ``models.corpus.array``). Everything here is data and geometry; the
acoustics are in ``room.py``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from models.corpus.errors import CorpusError

Point = tuple[float, float, float]


@dataclass(frozen=True)
class Table:
    """A rectangular meeting table, long side along the room's ``x`` axis."""

    centre_xy: tuple[float, float]
    length_m: float = 1.6
    width_m: float = 0.9
    height_m: float = 0.74


@dataclass(frozen=True)
class RoomSpec:
    """A shoebox meeting room with its table and the array on it."""

    name: str
    length_m: float
    width_m: float
    height_m: float
    table: Table
    array_rotation_deg: float
    """Where microphone 0 points, counter-clockwise from the room's ``+x`` axis."""
    array_height_m: float = 0.78
    """The array's microphones: on the table top, on the board's small stand."""

    @property
    def area_m2(self) -> float:
        return self.length_m * self.width_m

    @property
    def array_centre(self) -> Point:
        x, y = self.table.centre_xy
        return (x, y, self.array_height_m)


@dataclass(frozen=True)
class Seat:
    """A chair at the table: where a seated speaker's mouth is, relative to the array."""

    name: str
    bearing_deg: float
    """Direction from the array centre, counter-clockwise from the room's ``+x`` axis."""
    distance_m: float
    """Horizontal distance from the array centre."""
    mouth_height_m: float = 1.15


@dataclass(frozen=True)
class RoomCondition:
    """One named acoustic condition: a room, its reverberation, noise level and seating."""

    name: str
    room: RoomSpec
    rt60_s: float
    """Target reverberation time (Sabine; the RIRs' measured RT60 is in the reference)."""
    snr_db: float
    """Speech (over the utterances, mean over microphones) to diffuse noise power."""
    seats: tuple[Seat, ...]
    """Seats of speakers S1, S2, S3, … in that order."""
    note: str = ""


@dataclass(frozen=True)
class PlacedSeat:
    """A seat resolved in one room: its position and what the array sees of it."""

    seat: Seat
    position_m: Point
    azimuth_deg: float
    """As seen from the array, counter-clockwise from microphone 0, in [0, 360)."""
    elevation_deg: float
    distance_m: float
    """Straight-line distance from the array centre to the mouth."""


CLEARANCE_TABLE_M = 0.3
"""A seated speaker's mouth is at least this far outside the table's edge."""
CLEARANCE_WALL_M = 0.5
"""… and at least this far from every wall (the chair and the person behind it)."""
SEAT_DISTANCE_M = (1.0, 2.0)
"""Horizontal distance from the array to a seat, as around a real meeting table."""


def _azimuth(room: RoomSpec, position: Point) -> float:
    cx, cy, _ = room.array_centre
    bearing = math.degrees(math.atan2(position[1] - cy, position[0] - cx))
    return round((bearing - room.array_rotation_deg) % 360.0, 6) % 360.0


def _table_gap(table: Table, x: float, y: float) -> float:
    """Horizontal distance from (x, y) to the table top (0 when over it)."""
    dx = max(abs(x - table.centre_xy[0]) - table.length_m / 2, 0.0)
    dy = max(abs(y - table.centre_xy[1]) - table.width_m / 2, 0.0)
    return math.hypot(dx, dy)


def _check_room(room: RoomSpec) -> None:
    if min(room.length_m, room.width_m, room.height_m) <= 0:
        raise CorpusError(f"room {room.name!r}: dimensions must be positive")
    tx, ty = room.table.centre_xy
    half_l, half_w = room.table.length_m / 2, room.table.width_m / 2
    if not (
        tx - half_l >= CLEARANCE_WALL_M
        and tx + half_l <= room.length_m - CLEARANCE_WALL_M
        and ty - half_w >= CLEARANCE_WALL_M
        and ty + half_w <= room.width_m - CLEARANCE_WALL_M
    ):
        raise CorpusError(
            f"room {room.name!r} ({room.length_m} × {room.width_m} m) is too small for the "
            f"{room.table.length_m} × {room.table.width_m} m table at {room.table.centre_xy}: "
            f"it needs {CLEARANCE_WALL_M} m to every wall"
        )
    if not room.table.height_m < room.array_height_m < room.height_m:
        raise CorpusError(f"room {room.name!r}: the array must sit on the table, under the ceiling")


def _place(room: RoomSpec, seat: Seat) -> PlacedSeat:
    low, high = SEAT_DISTANCE_M
    if not low <= seat.distance_m <= high:
        raise CorpusError(
            f"seat {seat.name!r}: {seat.distance_m} m from the array, expected {low}–{high} m"
        )
    cx, cy, cz = room.array_centre
    x = cx + seat.distance_m * math.cos(math.radians(seat.bearing_deg))
    y = cy + seat.distance_m * math.sin(math.radians(seat.bearing_deg))
    z = seat.mouth_height_m
    walls = min(x, room.length_m - x, y, room.width_m - y)
    if walls < CLEARANCE_WALL_M or z >= room.height_m:
        raise CorpusError(
            f"room {room.name!r} ({room.length_m} × {room.width_m} m) is too small for the table "
            f"and its seats: seat {seat.name!r} at ({x:.2f}, {y:.2f}) m is {walls:.2f} m from "
            f"a wall, less than {CLEARANCE_WALL_M} m"
        )
    if _table_gap(room.table, x, y) < CLEARANCE_TABLE_M:
        raise CorpusError(
            f"seat {seat.name!r} at ({x:.2f}, {y:.2f}) m is at the table, not beside it"
        )
    position = (round(x, 6), round(y, 6), round(z, 6))
    horizontal = math.hypot(x - cx, y - cy)
    return PlacedSeat(
        seat=seat,
        position_m=position,
        azimuth_deg=_azimuth(room, position),
        elevation_deg=math.degrees(math.atan2(z - cz, horizontal)),
        distance_m=math.dist(position, room.array_centre),
    )


def place_seats(condition: RoomCondition, speakers: int) -> list[PlacedSeat]:
    """The first ``speakers`` seats of ``condition``, checked against its room and table."""
    _check_room(condition.room)
    if speakers > len(condition.seats):
        raise CorpusError(
            f"condition {condition.name!r} has {len(condition.seats)} seats, "
            f"the meeting has {speakers} speakers"
        )
    return [_place(condition.room, seat) for seat in condition.seats[:speakers]]


def array_azimuth(room: RoomSpec, position: Point) -> float:
    """Azimuth of ``position`` as the array sees it (counter-clockwise from microphone 0)."""
    return _azimuth(room, position)


SMALL = RoomSpec("small", 4.2, 3.1, 2.6, Table((2.0, 1.5)), array_rotation_deg=20.0)
"""13.0 m²: a small interview room."""
MEDIUM = RoomSpec("medium", 5.0, 4.0, 2.7, Table((2.3, 2.1)), array_rotation_deg=-35.0)
"""20.0 m²: the usual samtalsrum."""
LARGE = RoomSpec("large", 5.6, 4.4, 2.8, Table((2.6, 2.0)), array_rotation_deg=70.0)
"""24.6 m²: a larger meeting room."""

HEAD = Seat("head", 0.0, 1.25)
"""At the table's short end."""
LEFT = Seat("left", 115.0, 1.05)
RIGHT = Seat("right", 235.0, 1.1)
CORNER = Seat("corner", 45.0, 1.3)
"""Round the corner from the head, 45° from it as the array sees it."""

AROUND = (HEAD, LEFT, RIGHT)
"""Three speakers spread round the table, 115–125° apart."""
PAIR_45 = (HEAD, CORNER, RIGHT)
"""S1 and S2 45° apart (head and corner), S3 across."""

CONDITIONS: dict[str, RoomCondition] = {
    c.name: c
    for c in (
        RoomCondition("rt03_snr20", SMALL, 0.3, 20.0, AROUND),
        RoomCondition("rt05_snr20", MEDIUM, 0.5, 20.0, AROUND),
        RoomCondition("rt05_snr10", MEDIUM, 0.5, 10.0, AROUND),
        RoomCondition("rt07_snr10", LARGE, 0.7, 10.0, AROUND),
        RoomCondition("rt05_snr10_pair45", MEDIUM, 0.5, 10.0, PAIR_45, "S1 and S2 45° apart"),
        RoomCondition("rt07_snr10_pair45", LARGE, 0.7, 10.0, PAIR_45, "S1 and S2 45° apart"),
    )
}
"""The named room conditions, generated for every meeting in ``ROOM_MEETINGS``."""

ROOM_MEETINGS: tuple[str, ...] = (
    "m01_bistand_kort",
    "e01_benefit_followup",
    "e03_benefit_first_visit",
)
"""Meetings that get every room condition: one Swedish meeting (both geometries) and the
English meetings. The others stay anechoic, to keep ``make setup`` short."""


def condition(name: str) -> RoomCondition:
    """The named room condition; a clear CorpusError listing the known ones otherwise."""
    found = CONDITIONS.get(name)
    if found is None:
        raise CorpusError(f"no room condition {name!r}; known: {', '.join(CONDITIONS)}")
    return found


@dataclass(frozen=True)
class RoomPlan:
    """Which meetings get which room conditions (all listed conditions for each meeting)."""

    meetings: tuple[str, ...] = ROOM_MEETINGS
    conditions: tuple[RoomCondition, ...] = tuple(CONDITIONS.values())

    @classmethod
    def of(cls, meetings: Sequence[str], condition_names: Sequence[str]) -> RoomPlan:
        """A plan from meeting ids and condition names (unknown names: CorpusError)."""
        return cls(tuple(meetings), tuple(condition(n) for n in condition_names))

    def for_meeting(self, meeting_id: str) -> tuple[RoomCondition, ...]:
        return self.conditions if meeting_id in self.meetings else ()


NO_ROOMS = RoomPlan(meetings=(), conditions=())
"""A plan without room variants (the generator's own quick tests use it)."""
