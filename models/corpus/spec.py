"""Data types for scripted meetings: who speaks, what is said, and which facts each line carries.

Every annotated fact is an exact substring of its line's text, so a test can check that the
note layer finds it in a transcript, and the reference can cite the utterance it came from.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Speaker:
    """One person in a meeting, bound to an espeak-ng voice and a seat around the device."""

    id: str
    """Speaker label ``S1``..``Sn``, as diarisation would number them."""
    name: str
    """Full name as the person introduces themselves."""
    role: str
    """Role in Swedish, e.g. ``socialsekreterare``, ``mamma``, ``sökande``."""
    voice: str
    """espeak-ng voice, ``language+variant``, e.g. ``sv+m1``."""
    angle_deg: float
    """Azimuth of the seat, degrees counter-clockwise from microphone 0 seen from above."""


@dataclass(frozen=True)
class DatedText:
    """A span of a line that names a day, with the calendar date it resolves to."""

    text: str
    """Exact substring of the line."""
    iso_date: str | None
    """``YYYY-MM-DD`` relative to the meeting date, or None when no day is named."""


@dataclass(frozen=True)
class Line:
    """One utterance: a speaker's turn, spoken without a pause long enough to split it."""

    speaker: str
    text: str
    purpose: bool = False
    """This line states the purpose of the meeting."""
    agreements: tuple[str, ...] = ()
    decisions: tuple[str, ...] = ()
    dates: tuple[DatedText, ...] = ()
    next_steps: tuple[DatedText, ...] = ()
    negations: tuple[str, ...] = ()
    """Negated statements whose "inte"/"aldrig"/"ingen" must survive into the note."""
    personnummer: tuple[str, ...] = ()
    """Personnummer as written in the text (digit pairs, as people say them)."""
    phone_numbers: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    third_parties: tuple[str, ...] = ()
    """Names of people who are talked about but not present."""
    assessment: bool = False
    """The caseworker states their own assessment in this line."""


@dataclass(frozen=True)
class MeetingScript:
    """A scripted meeting: its setting, its people and its lines in order."""

    id: str
    title: str
    """Short Swedish title, e.g. ``Uppföljning ekonomiskt bistånd``."""
    area: str
    """Social-services area, e.g. ``barn och unga`` or ``ekonomiskt bistånd``."""
    date: str
    """Meeting date ``YYYY-MM-DD``; relative dates in the lines resolve against it."""
    speakers: tuple[Speaker, ...]
    lines: tuple[Line, ...]
    start_time: str = "10:00"
    """Local start time ``HH:MM`` (Swedish time, CET in November)."""
    place: str = "Socialkontoret i Malmvik, samtalsrum 2"
    """Where the meeting is held, as the note would name it."""
    language: str = "sv"
    """Spoken language, ``sv`` or ``en`` (the English meetings for front-end measurements)."""
    words_per_minute: int | None = None
    """espeak-ng rate for this meeting's voices; None: the layout's (``SynthSettings``, 165)."""

    def speaker(self, speaker_id: str) -> Speaker:
        for speaker in self.speakers:
            if speaker.id == speaker_id:
                return speaker
        raise KeyError(f"meeting {self.id}: no speaker {speaker_id}")


@dataclass(frozen=True)
class EnglishScript:
    """The English sanity clip: a few sentences read by one voice."""

    id: str
    voice: str
    sentences: tuple[str, ...]
