"""Small hand-written transcripts for the note tests."""

from __future__ import annotations

from wire.note import Participant
from wire.transcript import MeetingMeta, Segment, Transcript

MEETING_DATE = "2026-11-12"
"""A Thursday."""

PRESENT = (
    Participant("Anna Berg", "socialsekreterare", "S1"),
    Participant("Maria Johansson", "mamma", "S2"),
)


def transcript(
    *lines: str | tuple[str, str, tuple[str, ...]], date: str = MEETING_DATE
) -> Transcript:
    """A transcript from ``"S1: text"`` strings or ``(speaker, text, flags)`` tuples, 10 s each."""
    segments = []
    for index, line in enumerate(lines):
        if isinstance(line, str):
            speaker, _, text = line.partition(": ")
            flags: tuple[str, ...] = ()
        else:
            speaker, text, flags = line
        segments.append(
            Segment(
                f"s{index + 1:04d}", index * 10.0, index * 10.0 + 9.0, speaker, text, flags=flags
            )
        )
    meta = MeetingMeta(meeting_id="test-meeting", started_at=f"{date}T10:00:00+01:00")
    return Transcript(meta=meta, segments=tuple(segments))


MEETING = transcript(
    "S1: Välkommen. Syftet med mötet är att prata om Leos skolgång.",
    "S2: Leo går inte till skolan på måndagar. Han har ont i magen.",
    "S2: Han tränar fotboll tre gånger i veckan och har många kompisar.",
    "S1: Vi kommer överens om att du ringer skolan på måndag.",
    "S1: Nästa möte blir den 3 december klockan 10.",
)
