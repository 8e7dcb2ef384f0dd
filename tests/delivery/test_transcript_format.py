"""The transcript's segment flags in Python and in the JSON schema are one list."""

from __future__ import annotations

from wire.schemas import schema
from wire.transcript import SEGMENT_FLAGS


def test_segment_flags_match_the_transcript_schema() -> None:
    """SEGMENT_FLAGS lists exactly the flags the transcript schema accepts, in order."""
    segment = schema("transcript")["properties"]["segments"]["items"]
    assert segment["properties"]["flags"]["items"]["enum"] == list(SEGMENT_FLAGS)
