"""Speaker labels from direction of arrival on the generated 4- and 6-mic corpus meetings."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from device.speech.settings import DoaSettings, SpeechSettings
from device.speech.sources import WavSource
from device.speech.worker import transcribe_recording
from models.corpus import ensure_corpus
from tests.speech.scoring import speaker_accuracy
from wire.transcript import MeetingMeta

pytestmark = [pytest.mark.models, pytest.mark.slow]


def seats_apart(angles: dict[str, float]) -> float:
    values = sorted(angles.values())
    gaps = [(b - a) % 360 for a, b in zip(values, [*values[1:], values[0] + 360], strict=True)]
    return min(gaps)


@pytest.mark.parametrize(
    ("geometry", "channels", "rank"), [("respeaker-4mic", 4, 0), ("respeaker-6mic", 6, 2)]
)
def test_segments_get_the_speaker_of_their_seat(
    models_dir: Path, geometry: str, channels: int, rank: int
) -> None:
    """At least 90% of segments carry the label of the person who said them."""
    meeting = ensure_corpus().by_duration()[rank]
    angles = meeting.reference.speaker_angles_deg
    assert 2 <= len(angles) <= 3
    assert seats_apart(angles) >= 60
    wav = meeting.mic4_wav if channels == 4 else meeting.mic6_wav
    settings = SpeechSettings(models_dir=models_dir, doa=DoaSettings(geometry=geometry))
    meta = MeetingMeta(meeting_id=meeting.id, started_at="2026-11-22T10:00:00+01:00")
    result = transcribe_recording(settings, partial(WavSource, wav), meta, channels=channels)
    turns = [(u.start, u.end, u.speaker) for u in meeting.reference.utterances]
    segments = result.transcript.segments
    assert len({s.speaker for s in segments}) == len(angles)
    assert speaker_accuracy(segments, turns) >= 0.90
