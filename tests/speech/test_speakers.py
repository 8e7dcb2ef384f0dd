"""Clustering of segment directions into speaker labels."""

from __future__ import annotations

from device.speech.speakers import cluster_directions


def test_two_directions_become_two_speakers_in_order_of_first_appearance() -> None:
    """Segments from two directions get S1 and S2, numbered by who spoke first."""
    labels = cluster_directions([200, 30, 205, 28, 198], [1.0] * 5, 25)
    assert labels == ["S1", "S2", "S1", "S2", "S1"]


def test_directions_either_side_of_zero_are_one_speaker() -> None:
    """355 and 5 degrees are one seat, not two, because the circle wraps."""
    labels = cluster_directions([355, 5, 180, 2], [1.0] * 4, 25)
    assert labels == ["S1", "S1", "S2", "S1"]


def test_three_seats_sixty_degrees_apart_stay_separate() -> None:
    """Seats 60 degrees apart with 10 degrees of scatter give three speakers."""
    directions: list[float | None] = [0, 60, 120, 8, 65, 115, 352, 55, 128]
    labels = cluster_directions(directions, [1.0] * 9, 25)
    assert labels == ["S1", "S2", "S3"] * 3


def test_segment_without_direction_keeps_the_previous_speaker() -> None:
    """A segment too short for a direction is attributed to the speaker before it."""
    labels = cluster_directions([90, None, 270], [1.0] * 3, 25)
    assert labels == ["S1", "S1", "S2"]


def test_linear_array_does_not_wrap_zero_and_one_eighty() -> None:
    """On a linear array 5 and 175 degrees are opposite ends of the axis, two speakers."""
    labels = cluster_directions([5, 175, 8], [1.0] * 3, 25, wraps=False)
    assert labels == ["S1", "S2", "S1"]


def test_no_segments_gives_no_labels() -> None:
    """An empty meeting has no speakers."""
    assert cluster_directions([], [], 25) == []
