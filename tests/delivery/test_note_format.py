"""The note's meeting id on the wire: one key, and notes of the previous version."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from tests.delivery.samples import payload
from wire.note import ClientAnswer, Note
from wire.schemas import SchemaError


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


def test_note_carries_the_client_s_answer() -> None:
    """The client's yes/no answer survives encoding and decoding."""
    note = payload("n-1").note
    answered = replace(note, meta=replace(note.meta, klientsvar=ClientAnswer.NEJ))
    assert Note.from_dict(answered.to_dict()).meta.klientsvar is ClientAnswer.NEJ


def test_note_without_an_answer_decodes_as_unanswered() -> None:
    """A note of a device that never asked (no ``klientsvar`` key) decodes as unanswered."""
    data = payload("n-1").note.to_dict()
    assert ("klientsvar" in data["meta"], Note.from_dict(data).meta.klientsvar) == (False, None)


def test_note_with_an_answer_other_than_yes_or_no_is_refused() -> None:
    """The schema allows only "ja", "nej" or null as the client's answer."""
    data = payload("n-1").note.to_dict()
    data["meta"]["klientsvar"] = "kanske"
    with pytest.raises(SchemaError):
        Note.from_dict(data)
