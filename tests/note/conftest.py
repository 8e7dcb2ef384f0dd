"""Fixtures for the note tests: the generated corpus as transcripts."""

from __future__ import annotations

from datetime import datetime

import pytest

from models.corpus import Corpus, Meeting
from wire.note import Participant
from wire.transcript import MeetingMeta, Segment, Transcript


def reference_transcript(meeting: Meeting) -> Transcript:
    """The meeting's reference utterances as a transcript (utterance ids become segment ids)."""
    ref = meeting.reference
    segments = tuple(Segment(u.id, u.start, u.end, u.speaker, u.text) for u in ref.utterances)
    started = datetime.fromisoformat(f"{ref.meeting_date}T10:00:00+01:00")
    meta = MeetingMeta(ref.meeting_id, started.isoformat(), duration_s=ref.duration_s)
    return Transcript(meta=meta, segments=segments)


def reference_present(meeting: Meeting) -> tuple[Participant, ...]:
    """Those present according to the reference."""
    return tuple(Participant.from_dict(p) for p in meeting.reference.facts["present"])


@pytest.fixture(scope="session")
def corpus_meetings(corpus: Corpus) -> list[Meeting]:
    """Every generated corpus meeting."""
    return list(corpus)
