"""NoteDocument: typed in memory, the stored JSON format unchanged."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from hub.services import review
from hub.store.notes import ApprovedVersion, NoteDocument
from tests.hub.harness import sample_payload
from wire.note import Note
from wire.transcript import Transcript


def _doc() -> NoteDocument:
    payload = sample_payload("n-1")
    note = Note.from_dict(payload["note"])
    return NoteDocument(
        draft=note, transcript=Transcript.from_dict(payload["transcript"]), current=note
    )


def test_stored_json_keeps_the_dict_format() -> None:
    """The encrypted document is the same JSON the hub always stored: plain wire dicts."""
    payload = sample_payload("n-1")
    stored = json.loads(_doc().to_json())
    assert stored == {
        "draft": payload["note"],
        "transcript": payload["transcript"],
        "current": payload["note"],
        "speakers": {},
        "approved": [],
        "case_ref": None,
    }


def test_edited_and_approved_document_round_trips() -> None:
    """An edited, approved document reads back equal to what was written."""
    doc = _doc()
    review.edit(doc, {"st2": "Ny text."}, None)
    review.approve(doc, by="anna", at=datetime(2026, 11, 21, 9, 0, tzinfo=UTC))
    assert NoteDocument.from_json(doc.to_json()) == doc


def test_approved_version_is_typed() -> None:
    """An approved version carries a typed note, not a dict."""
    doc = _doc()
    review.approve(doc, by="anna", at=datetime(2026, 11, 21, 9, 0, tzinfo=UTC))
    version = NoteDocument.from_json(doc.to_json()).approved[0]
    assert isinstance(version, ApprovedVersion)
    assert isinstance(version.note, Note)


def test_edit_marks_the_statement_as_the_caseworkers() -> None:
    """An edited statement gets the new text and source ``caseworker``; the draft stays."""
    doc = _doc()
    assert review.edit(doc, {"st2": " Ny text. "}, None) == ["st2"]
    assert (doc.current.framkom[0].text, doc.current.framkom[0].source) == (
        "Ny text.",
        "caseworker",
    )
    assert doc.draft.framkom[0].source == "extractive"


def test_document_stored_before_the_rename_loads_with_its_meeting_id() -> None:
    """A stored document whose notes say ``note_id`` and ``meta.meeting_id`` loads as today's."""
    stored = json.loads(_doc().to_json())
    for name in ("draft", "current"):
        note = stored[name]
        note["note_id"] = note.pop("meeting_id")
        note["meta"]["meeting_id"] = "m-n-1"
    loaded = NoteDocument.from_json(json.dumps(stored).encode())
    assert (loaded.draft, loaded.current) == (_doc().draft, _doc().current)
