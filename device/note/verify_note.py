"""Verifies a finished (possibly edited) note against its transcript."""

from __future__ import annotations

from device.note.compose import meeting_date
from grounding.speakers import Speakers
from grounding.verify import VerifierSettings, verify_statements
from wire.note import Flag, Note
from wire.transcript import Transcript


def verify_note(
    note: Note, transcript: Transcript, settings: VerifierSettings | None = None
) -> list[Flag]:
    """Verifier flags for every statement of ``note`` (dates resolve against the note's date)."""
    speakers = Speakers(note.narvarande, {s.speaker for s in transcript.segments})
    today = meeting_date(transcript)
    if note.meta.datum:
        today = today.fromisoformat(note.meta.datum)
    return verify_statements(
        note.statements(),
        {s.id: s for s in transcript.segments},
        today,
        speakers.names_by_label(),
        settings or VerifierSettings(),
        present=speakers.present_words(),
    )
