"""A flag's text on the note page adds to its title instead of repeating it."""

from __future__ import annotations

import re

from device.note import draft_note
from hub.services.review import FLAG_TITLES
from tests.note.builders import PRESENT, transcript
from wire.note import Flag, FlagKind


def _stems(text: str) -> set[str]:
    """The text's content words (five letters or more) cut to six letters, lower case, so
    "osäker" and "osäkert" count as the same word."""
    return {w.lower()[:6] for w in re.findall(r"\w{5,}", text)}


def _repeats_title(flag: Flag) -> set[str]:
    return _stems(flag.detail) & _stems(FLAG_TITLES[FlagKind(flag.kind)])


def test_third_party_text_does_not_repeat_its_title() -> None:
    """ "Uppgift om tredje person" is followed by who was named, not by "tredje part" again."""
    note = draft_note(transcript("S2: Jag har pratat med Karin Lund."), participants=PRESENT)
    flags = [f for f in note.flaggor if f.kind == "tredje_part"]
    assert flags
    assert [_repeats_title(f) for f in flags] == [set()]
    assert "tredje" not in flags[0].detail


def test_low_confidence_text_does_not_repeat_its_title() -> None:
    """ "Osäker taligenkänning" is followed by what to do, not by the same words again."""
    note = draft_note(
        transcript(("S1", "Vi kommer överens om att du ringer på torsdag.", ("low_confidence",))),
        participants=PRESENT,
    )
    flags = [f for f in note.flaggor if f.kind == "osaker_taligenkanning"]
    assert flags
    assert [_repeats_title(f) for f in flags] == [set()]
