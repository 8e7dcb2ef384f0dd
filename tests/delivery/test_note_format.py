"""The note's meeting id on the wire: one key, and notes of the previous version."""

from __future__ import annotations

from typing import Any

from tests.delivery.samples import payload
from wire.note import Note


def _legacy(meeting_id: str) -> dict[str, Any]:
    """A note as the previous version wrote it: top-level ``note_id`` and ``meta.meeting_id``."""
    data = payload(meeting_id).note.to_dict()
    old = {("note_id" if key == "meeting_id" else key): value for key, value in data.items()}
    old["meta"] = {**data["meta"], "meeting_id": f"m-{meeting_id}"}
    return old


def test_note_carries_its_meeting_id_once() -> None:
    """An encoded note has a top-level ``meeting_id`` and none in ``meta`` or as ``note_id``."""
    data = payload("n-1").note.to_dict()
    assert (data["meeting_id"], "note_id" in data, "meeting_id" in data["meta"]) == (
        "n-1",
        False,
        False,
    )


def test_note_of_the_previous_version_takes_its_top_level_note_id() -> None:
    """A note naming its id as legacy top-level ``note_id`` decodes with that meeting id."""
    assert Note.from_dict(_legacy("n-1")).meeting_id == "n-1"


def test_note_of_the_previous_version_decodes_equal_to_today_s_note() -> None:
    """Apart from its id's names, a note of the previous version decodes to the same note."""
    assert Note.from_dict(_legacy("n-1")) == payload("n-1").note
