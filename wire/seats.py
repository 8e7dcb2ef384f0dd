"""Seats around the device: where the caseworker says a person sits, in words, not degrees.

Eight seats, 45° apart, named as seen by someone sitting at the device's button side and
looking at the device (the caseworker, who presses the button). Each seat is an offset from
the button's direction, counter-clockwise seen from above like every azimuth in the
transcript (``Segment.direction_deg``): the device adds the azimuth of its button in the
array's frame (``[note.seats] button_azimuth_deg``) to get the seat's direction.
"""

from __future__ import annotations

from enum import StrEnum


class Seat(StrEnum):
    """A seat around the device; the value travels in claims, the label is the page's text."""

    KNAPPEN = "knappen"
    KNAPPEN_VANSTER = "knappen_vanster"
    VANSTER = "vanster"
    MITTEMOT_VANSTER = "mittemot_vanster"
    MITTEMOT = "mittemot"
    MITTEMOT_HOGER = "mittemot_hoger"
    HOGER = "hoger"
    KNAPPEN_HOGER = "knappen_hoger"

    @property
    def label(self) -> str:
        """Swedish text the claim page shows for this seat."""
        return _LABELS[self]

    @property
    def offset_deg(self) -> float:
        """Azimuth from the button's direction, degrees counter-clockwise seen from above.

        Facing the device from the button side, your right hand points 90° clockwise of the
        way you face, which is the button's direction turned 90° counter-clockwise: right is
        +90°, left +270°, straight across +180°.
        """
        return _OFFSETS[self]


_LABELS = {
    Seat.KNAPPEN: "Vid knappen",
    Seat.KNAPPEN_VANSTER: "Snett till vänster om knappen",
    Seat.VANSTER: "Till vänster",
    Seat.MITTEMOT_VANSTER: "Mittemot, snett till vänster",
    Seat.MITTEMOT: "Mittemot knappen",
    Seat.MITTEMOT_HOGER: "Mittemot, snett till höger",
    Seat.HOGER: "Till höger",
    Seat.KNAPPEN_HOGER: "Snett till höger om knappen",
}
_OFFSETS = {
    Seat.KNAPPEN: 0.0,
    Seat.KNAPPEN_HOGER: 45.0,
    Seat.HOGER: 90.0,
    Seat.MITTEMOT_HOGER: 135.0,
    Seat.MITTEMOT: 180.0,
    Seat.MITTEMOT_VANSTER: 225.0,
    Seat.VANSTER: 270.0,
    Seat.KNAPPEN_VANSTER: 315.0,
}
_VALUES = frozenset(s.value for s in Seat)


def parse_seat(value: object) -> Seat | None:
    """The seat named by ``value`` (None or "" for none); ValueError naming the choices."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and value in _VALUES:
        return Seat(value)
    msg = f"unknown seat {value!r}; one of {', '.join(s.value for s in Seat)}"
    raise ValueError(msg)
