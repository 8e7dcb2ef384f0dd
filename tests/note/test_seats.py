"""Seats from the claim page become speaker labels by direction; anything unclear stays open."""

from __future__ import annotations

from dataclasses import replace

from device.note import NoteSettings, draft_note
from device.note.seats import heard_as, label_directions, seat_speakers
from device.note.settings import SeatSettings
from grounding.speakers import assign_speakers
from tests.note.builders import MEETING_DATE
from wire.note import Participant
from wire.seats import Seat
from wire.transcript import MeetingMeta, Segment, Transcript

SEATS = SeatSettings()
WORKER = Participant("Anna Berg", "socialsekreterare", plats=Seat.KNAPPEN)
MOTHER = Participant("Maria Johansson", "mamma", plats=Seat.MITTEMOT)
FATHER = Participant("Daniel Johansson", "pappa", plats=Seat.MITTEMOT_HOGER)


def _turns(*turns: tuple[str, float | None, str]) -> tuple[Segment, ...]:
    """Segments from (label, direction, text), 10 s apart, 9 s long."""
    return tuple(
        Segment(f"s{i + 1:04d}", i * 10.0, i * 10.0 + 9.0, label, text, direction_deg=deg)
        for i, (label, deg, text) in enumerate(turns)
    )


def _labels(people: tuple[Participant, ...]) -> list[str | None]:
    return [p.speaker for p in people]


def test_two_people_45_degrees_apart_get_their_own_labels() -> None:
    """Mother across (180°) and father across to the right (135°) each get their voice."""
    segments = _turns(("S1", 358.0, "Välkommen."), ("S2", 141.0, "Ja."), ("S3", 176.0, "Nej."))
    people = seat_speakers((WORKER, MOTHER, FATHER), segments, SEATS)
    assert _labels(people) == ["S1", "S3", "S2"]


def test_seats_beat_the_first_voice_rule() -> None:
    """When the client speaks first, the seats still give the caseworker the right voice."""
    segments = _turns(("S1", 181.0, "Hej."), ("S2", 4.0, "Välkommen."), ("S1", 178.0, "Tack."))
    people = heard_as((WORKER, MOTHER), segments, SEATS)
    assert _labels(people) == ["S2", "S1"]
    assert _labels(assign_speakers((WORKER, MOTHER), ["S1", "S2", "S1"])) == ["S1", "S2"]


def test_a_voice_between_two_claimed_seats_is_left_unmatched() -> None:
    """A direction about as near to 135° as to 180° gives neither seat its label."""
    segments = _turns(("S1", 0.0, "Välkommen."), ("S2", 159.0, "Ja."), ("S3", 250.0, "Nej."))
    people = seat_speakers((WORKER, MOTHER, FATHER), segments, SEATS)
    assert _labels(people) == ["S1", None, None]


def test_a_voice_far_from_every_claimed_seat_is_left_unmatched() -> None:
    """A direction more than the tolerance from any claimed seat matches nobody."""
    segments = _turns(("S1", 0.0, "Välkommen."), ("S2", 240.0, "Ja."))
    people = seat_speakers((WORKER, MOTHER), segments, SEATS)
    assert _labels(people) == ["S1", None]


def test_two_voices_at_one_seat_give_it_to_neither() -> None:
    """Two direction clusters both near the mother's seat: neither is silently hers."""
    segments = _turns(("S1", 0.0, "Välkommen."), ("S2", 170.0, "Ja."), ("S3", 190.0, "Nej."))
    people = seat_speakers((WORKER, MOTHER), segments, SEATS)
    assert _labels(people) == ["S1", None]


def test_two_people_on_one_seat_get_no_label_from_it() -> None:
    """Parents both "mittemot": the voice from there is not given to either of them."""
    parents = (WORKER, MOTHER, replace(FATHER, plats=Seat.MITTEMOT))
    segments = _turns(("S1", 0.0, "Välkommen."), ("S2", 180.0, "Ja."))
    assert _labels(seat_speakers(parents, segments, SEATS)) == ["S1", None, None]


def test_the_button_azimuth_turns_every_seat() -> None:
    """With the button at 90° in the array's frame, "vid knappen" is 90° and "mittemot" 270°."""
    segments = _turns(("S1", 88.0, "Välkommen."), ("S2", 272.0, "Ja."))
    turned = replace(SEATS, button_azimuth_deg=90.0)
    assert _labels(seat_speakers((WORKER, MOTHER), segments, turned)) == ["S1", "S2"]
    assert _labels(seat_speakers((WORKER, MOTHER), segments, SEATS)) == [None, None]


def test_right_is_counter_clockwise_of_the_button() -> None:
    """Seen from the button side, "till höger" is at +90° and "till vänster" at +270°."""
    right = Participant("Linda Ek", "sökande", plats=Seat.HOGER)
    left = Participant("Omar Ali", "kontaktperson", plats=Seat.VANSTER)
    segments = _turns(("S1", 0.0, "Hej."), ("S2", 268.0, "Ja."), ("S3", 93.0, "Nej."))
    assert _labels(seat_speakers((WORKER, right, left), segments, SEATS)) == ["S1", "S3", "S2"]


def test_without_seats_labels_come_from_the_rules_as_before() -> None:
    """No seats given: the first voice is the caseworker's, whatever the directions say."""
    unseated = (replace(WORKER, plats=None), replace(MOTHER, plats=None))
    segments = _turns(("S1", 180.0, "Hej."), ("S2", 0.0, "Välkommen."))
    assert _labels(heard_as(unseated, segments, SEATS)) == ["S1", "S2"]


def test_seats_off_leave_the_rules_as_before() -> None:
    """``enabled = false`` (a linear array) ignores the seats."""
    segments = _turns(("S1", 180.0, "Hej."), ("S2", 0.0, "Välkommen."))
    off = replace(SEATS, enabled=False)
    assert _labels(heard_as((WORKER, MOTHER), segments, off)) == ["S1", "S2"]


def test_the_rules_fill_in_whoever_has_no_seat() -> None:
    """A seated mother gets her voice; the unseated caseworker gets the first one left."""
    segments = _turns(("S1", 2.0, "Välkommen."), ("S2", 183.0, "Ja."))
    people = heard_as((replace(WORKER, plats=None), MOTHER), segments, SEATS)
    assert _labels(people) == ["S1", "S2"]


def test_the_first_voice_rule_never_takes_a_seated_persons_label() -> None:
    """The mother spoke first from her seat: the unseated caseworker gets the other voice."""
    segments = _turns(("S1", 180.0, "Hej."), ("S2", 60.0, "Välkommen."))
    people = heard_as((replace(WORKER, plats=None), MOTHER), segments, SEATS)
    assert _labels(people) == ["S2", "S1"]


def test_a_label_direction_is_a_circular_mean() -> None:
    """Segments at 350° and 10° point at 0°, not at 180°."""
    segments = _turns(("S1", 350.0, "Hej."), ("S1", 10.0, "Ja."), ("S2", None, "Nej."))
    directions = label_directions(segments)
    assert set(directions) == {"S1"}
    assert min(directions["S1"], 360.0 - directions["S1"]) < 1e-6


def test_the_note_names_the_seated_speaker_and_keeps_no_seats() -> None:
    """Drafted with seats, Närvarande has each seat's label, the mother's words are hers, and
    the note carries no seats."""
    segments = _turns(
        ("S1", 179.0, "Leo går inte till skolan på måndagar."),
        ("S2", 1.0, "Vi kommer överens om att du ringer skolan på måndag."),
    )
    meta = MeetingMeta(meeting_id="m-1", started_at=f"{MEETING_DATE}T10:00:00+01:00")
    note = draft_note(Transcript(meta, segments), NoteSettings(), (WORKER, MOTHER))
    assert [(p.namn, p.speaker, p.plats) for p in note.narvarande] == [
        ("Anna Berg", "S2", None),
        ("Maria Johansson", "S1", None),
    ]
    assert [s.text for s in note.framkom] == [
        "Maria Johansson berättar att Leo inte går till skolan på måndagar."
    ]
    assert "plats" not in str(note.to_dict())
