"""Speaker labels from seats: each direction cluster goes to the claimed seat it points at.

The speech worker labels segments S1..Sn by clustering their directions of arrival; the
caseworker may say on the claim page where each person sits (``Participant.plats``). A
label's direction is the duration-weighted circular mean of its segments' ``direction_deg``;
a seat's is the button's azimuth plus the seat's offset (``wire.seats``). A label takes the
nearest claimed seat within the tolerance, unless another claimed seat is nearly as near.
Nothing is guessed: a seat two labels point at, or one two people share, gives nobody a label.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import replace

from device.note.settings import SeatSettings
from grounding.speakers import assign_speakers, complete_speakers
from wire.note import Participant
from wire.seats import Seat
from wire.transcript import Segment

log = logging.getLogger(__name__)


def angle_between(a: float, b: float) -> float:
    """Smallest angle between two azimuths, 0..180 degrees."""
    return abs((a - b + 180.0) % 360.0 - 180.0)


def seat_azimuth(seat: Seat, settings: SeatSettings) -> float:
    """The seat's direction in the array's frame (degrees counter-clockwise from mic 0)."""
    return (settings.button_azimuth_deg + seat.offset_deg) % 360.0


def label_directions(segments: Sequence[Segment]) -> dict[str, float]:
    """Each speaker label's direction: the circular mean of its segments, by duration."""
    sums: dict[str, tuple[float, float]] = {}
    for segment in segments:
        if segment.direction_deg is None:
            continue
        weight = max(segment.end - segment.start, 1e-3)
        rad = math.radians(segment.direction_deg)
        x, y = sums.get(segment.speaker, (0.0, 0.0))
        sums[segment.speaker] = (x + weight * math.cos(rad), y + weight * math.sin(rad))
    return {
        label: math.degrees(math.atan2(y, x)) % 360.0
        for label, (x, y) in sums.items()
        if math.hypot(x, y) > 1e-9  # directions that cancel out point nowhere
    }


def nearest_seat(direction: float, seats: Sequence[Seat], settings: SeatSettings) -> Seat | None:
    """The claimed seat ``direction`` points at, or None when none is near or two are."""
    near = sorted(
        (angle_between(direction, seat_azimuth(seat, settings)), seat)
        for seat in set(seats)
        if angle_between(direction, seat_azimuth(seat, settings)) <= settings.tolerance_deg
    )
    if not near:
        return None
    if len(near) > 1 and near[1][0] - near[0][0] < settings.margin_deg:
        return None
    return near[0][1]


def seat_speakers(
    participants: Sequence[Participant], segments: Sequence[Segment], settings: SeatSettings
) -> tuple[Participant, ...]:
    """Participants with the label of the direction cluster at their claimed seat.

    Unchanged when nobody has a seat, someone already carries a label, or seats are off.
    """
    people = tuple(participants)
    seated = [p.plats for p in people if p.plats is not None]
    if not settings.enabled or not seated or any(p.speaker for p in people):
        return people
    pointing: dict[Seat, list[str]] = {}
    for label, direction in label_directions(segments).items():
        seat = nearest_seat(direction, seated, settings)
        if seat is not None:
            pointing.setdefault(seat, []).append(label)
    return tuple(_seated(person, pointing, seated) for person in people)


def _seated(
    person: Participant, pointing: dict[Seat, list[str]], seated: list[Seat]
) -> Participant:
    if person.plats is None or person.plats not in pointing:
        return person
    labels = pointing[person.plats]
    if len(labels) > 1 or seated.count(person.plats) > 1:
        log.info(
            "seat %s: %d voices and %d people there; its speaker is left unmatched",
            person.plats.value,
            len(labels),
            seated.count(person.plats),
        )
        return person
    return replace(person, speaker=labels[0])


def heard_as(
    participants: Sequence[Participant], segments: Sequence[Segment], settings: SeatSettings
) -> tuple[Participant, ...]:
    """Participants with speaker labels: by seat where the claim gave seats, then the rules of
    :func:`assign_speakers` for whoever is left."""
    labels = [s.speaker for s in segments]
    texts = [s.text for s in segments]
    seated = seat_speakers(participants, segments, settings)
    if seated == tuple(participants):
        return assign_speakers(participants, labels, texts)
    return complete_speakers(seated, labels, texts)
