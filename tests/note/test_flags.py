"""Export flags: identity numbers (Luhn), phone numbers, e-mail, third parties, uncertain ASR."""

from __future__ import annotations

import pytest

from device.note import draft_note
from grounding.identifiers import find_emails, find_id_numbers, find_phone_numbers, luhn_ok
from tests.note.builders import PRESENT, transcript


@pytest.mark.parametrize(
    "text",
    ["811228-9874", "8112289874", "19811228-9874", "198112289874", "81 12 28-98 74", "811228+9874"],
)
def test_valid_personnummer_is_found_in_every_form(text: str) -> None:
    """A Luhn-valid personnummer is found in 10- and 12-digit forms, with or without separator."""
    assert [n.kind for n in find_id_numbers(f"Numret är {text} tror jag.")] == ["personnummer"]


@pytest.mark.parametrize("text", ["811228-9875", "198112289875", "811328-9874", "12345678"])
def test_invalid_personnummer_is_not_flagged(text: str) -> None:
    """A number failing the Luhn check or the date check is not an identity number."""
    assert find_id_numbers(f"Numret är {text}.") == []


def test_samordningsnummer_has_day_plus_sixty() -> None:
    """A valid number whose day is 61–91 is a samordningsnummer."""
    assert [n.kind for n in find_id_numbers("701063-2391")] == ["samordningsnummer"]


def test_luhn_check_matches_known_value() -> None:
    """The Luhn check accepts a known valid number and rejects a changed check digit."""
    assert luhn_ok("8112289874")
    assert not luhn_ok("8112289873")


@pytest.mark.parametrize(
    "text", ["070-412 38 95", "0480-45 12 30", "08-123 456 78", "+46 70 412 38 95"]
)
def test_swedish_phone_numbers_are_found(text: str) -> None:
    """Mobile, landline and international Swedish numbers are found."""
    assert find_phone_numbers(f"Ring mig på {text} i morgon.") == [text]


def test_amounts_and_times_are_not_phone_numbers() -> None:
    """Amounts and clock times are not taken for phone numbers."""
    assert find_phone_numbers("Hyran är 7 400 kronor och vi ses klockan 10.") == []


def test_written_and_spoken_emails_are_found() -> None:
    """E-mail addresses are found both written and as spoken with "snabel-a"."""
    assert find_emails("Mejla sara.lind@malmvik.se") == ["sara.lind@malmvik.se"]
    assert find_emails("det är sara punkt lind snabel-a malmvik punkt se") == [
        "sara punkt lind snabel-a malmvik punkt se"
    ]


def test_note_flags_personnummer_with_segment() -> None:
    """A personnummer said in the meeting is flagged on its segment."""
    note = draft_note(transcript("S2: Mitt personnummer är 811228-9874."), participants=PRESENT)
    flags = [f for f in note.flaggor if f.kind == "personnummer"]
    assert [(f.segment_id, f.match) for f in flags] == [("s0001", "811228-9874")]


def test_absent_named_person_is_third_party() -> None:
    """A named person who is not present is flagged as possible third-party information."""
    note = draft_note(
        transcript("S2: Jag har pratat med hans lärare Karin Lund om Leo."), participants=PRESENT
    )
    assert [f.match for f in note.flaggor if f.kind == "tredje_part"] == ["Karin Lund", "Leo"]


def test_present_people_and_own_child_are_not_third_parties() -> None:
    """Participants and the child a parent introduces are parties, not third parties."""
    note = draft_note(
        transcript("S2: Jag heter Maria Johansson och är mamma till Leo. Anna Berg vet det."),
        participants=PRESENT,
    )
    assert [f for f in note.flaggor if f.kind == "tredje_part"] == []


def test_cited_low_confidence_segment_is_flagged() -> None:
    """A statement citing a segment the recogniser was unsure about is flagged."""
    note = draft_note(
        transcript(("S1", "Vi kommer överens om att du ringer på torsdag.", ("low_confidence",))),
        participants=PRESENT,
    )
    flags = [f for f in note.flaggor if f.kind == "osaker_taligenkanning"]
    assert [f.statement_id for f in flags] == [note.overenskommelser[0].id]
