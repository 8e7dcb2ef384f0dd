"""The meeting scripts themselves: annotations that match the text, and coverage of cases."""

from __future__ import annotations

import itertools

import pytest

from models.corpus import personnummer
from models.corpus.scripts import ENGLISH_MEETINGS, HELD_OUT, MEETINGS
from models.corpus.spec import Line, MeetingScript

ALL_SCRIPTS = (*MEETINGS, *HELD_OUT, *ENGLISH_MEETINGS)
"""Format checks cover the held-out and English meetings too; coverage checks are of the
tuned corpus."""


def _spans(line: Line) -> list[str]:
    dated = [d.text for d in (*line.dates, *line.next_steps)]
    return [
        *line.agreements,
        *line.decisions,
        *dated,
        *line.negations,
        *line.personnummer,
        *line.phone_numbers,
        *line.emails,
        *line.third_parties,
    ]


@pytest.mark.parametrize("script", ALL_SCRIPTS, ids=lambda s: s.id)
def test_every_annotation_is_a_substring_of_its_line(script: MeetingScript) -> None:
    """Each annotated fact appears verbatim in the utterance it cites."""
    missing = [
        (line.text, span) for line in script.lines for span in _spans(line) if span not in line.text
    ]
    assert missing == []


@pytest.mark.parametrize("script", ALL_SCRIPTS, ids=lambda s: s.id)
def test_every_present_person_introduces_themselves(script: MeetingScript) -> None:
    """Each speaker says their own name in one of their own lines."""
    for speaker in script.speakers:
        own = " ".join(line.text for line in script.lines if line.speaker == speaker.id)
        assert speaker.name in own, speaker


@pytest.mark.parametrize("script", ALL_SCRIPTS, ids=lambda s: s.id)
def test_speakers_sit_at_least_60_degrees_apart(script: MeetingScript) -> None:
    """Every pair of speakers is separated by at least 60 degrees of azimuth."""
    for a, b in itertools.combinations(script.speakers, 2):
        diff = abs(a.angle_deg - b.angle_deg) % 360
        assert min(diff, 360 - diff) >= 60, (a.id, b.id)


@pytest.mark.parametrize("script", ALL_SCRIPTS, ids=lambda s: s.id)
def test_speakers_have_distinct_voices(script: MeetingScript) -> None:
    """No two speakers in a meeting share an espeak-ng voice."""
    voices = [s.voice for s in script.speakers]
    assert len(set(voices)) == len(voices)


@pytest.mark.parametrize("script", ALL_SCRIPTS, ids=lambda s: s.id)
def test_meeting_states_its_purpose(script: MeetingScript) -> None:
    """Every meeting has a line marked as stating its purpose."""
    assert any(line.purpose for line in script.lines)


def test_corpus_has_a_valid_and_an_invalid_personnummer() -> None:
    """The scripts say at least one Luhn-valid and one invalid personnummer aloud."""
    said = [p for s in MEETINGS for line in s.lines for p in line.personnummer]
    assert {personnummer.is_valid(p) for p in said} == {True, False}


def test_assessment_is_present_in_some_meetings_only() -> None:
    """Some meetings carry a caseworker assessment and some do not."""
    has = {any(line.assessment for line in s.lines) for s in MEETINGS}
    assert has == {True, False}
