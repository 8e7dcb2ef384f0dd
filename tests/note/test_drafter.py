"""The drafter always yields a schema-valid note, whatever the model or the transcript."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from device.note import LlmSettings, NoteDrafter, NoteModelError, NoteSettings, draft_note, windows
from device.note.fake_model import FakeNoteModel
from tests.note.builders import MEETING, PRESENT, transcript
from wire.note import Note
from wire.schemas import validate


def _valid(note: Note) -> Note:
    validate("note", note.to_dict())
    return Note.from_dict(note.to_dict())


EXTRA = transcript(*[f"{s.speaker}: {s.text}" for s in MEETING.segments], "S2: Leo ritar gärna.")
"""The test meeting plus a segment no cue picks up, for the model to write about."""


def _point(typ: str, kalla: str, text: str) -> dict[str, str]:
    return {"typ": typ, "kalla": kalla, "text": text}


def test_model_statement_is_merged_and_verified() -> None:
    """A grounded model statement reaches its section, marked as written by the model."""
    out = json.dumps(
        {"punkter": [_point("framkom", "s0006", "Mamman berättar att Leo ritar gärna.")]}
    )
    note = _valid(draft_note(EXTRA, participants=PRESENT, model=FakeNoteModel([out])))
    llm = [s for s in note.framkom if s.source == "llm"]
    assert [s.citations for s in llm] == [("s0006",)]
    assert not [f for f in note.flaggor if f.statement_id == llm[0].id]


def test_ungrounded_model_statement_is_flagged_when_kept() -> None:
    """Kept for inspection, a model statement its citation does not support carries a flag."""
    out = json.dumps({"punkter": [_point("framkom", "s0006", "Leo ritar aldrig.")]})
    settings = NoteSettings(drop_unverified_llm=False)
    note = _valid(draft_note(EXTRA, settings, PRESENT, FakeNoteModel([out])))
    llm = next(s for s in note.framkom if s.source == "llm")
    kinds = {f.kind for f in note.flaggor if f.statement_id == llm.id}
    assert kinds == {"ej_verifierad"}


def test_unverified_model_statement_never_reaches_the_note() -> None:
    """By default an unsupported model statement leaves the note, and so do its flags."""
    out = json.dumps({"punkter": [_point("framkom", "s0006", "Leo ritar aldrig.")]})
    note = _valid(draft_note(EXTRA, participants=PRESENT, model=FakeNoteModel([out])))
    assert [s for s in note.statements() if s.source == "llm"] == []
    assert not [f for f in note.flaggor if f.kind == "ej_verifierad"]


def test_model_duplicate_of_cue_statement_is_dropped() -> None:
    """A model agreement citing the same segment as an extractive one is not repeated."""
    out = json.dumps({"punkter": [_point("overenskommelse", "s0004", "Mamman ringer skolan.")]})
    note = _valid(draft_note(MEETING, participants=PRESENT, model=FakeNoteModel([out])))
    assert [s.source for s in note.overenskommelser] == ["extractive"]


@pytest.mark.parametrize(
    "output",
    ["", "inte json", '{"punkter": [{"typ": "annat", "kalla": "s0001", "text": "x"}]}', "[1, 2]"],
)
def test_malformed_model_output_falls_back_to_extractive(output: str) -> None:
    """Malformed model output gives the extractive note plus a modellfel flag."""
    note = _valid(draft_note(MEETING, participants=PRESENT, model=FakeNoteModel([output])))
    assert [f.kind for f in note.flaggor if f.kind == "modellfel"] == ["modellfel"]
    assert note.overenskommelser
    assert note.nasta_steg
    assert all(s.source == "extractive" for s in note.statements())


def test_model_failure_falls_back_to_extractive() -> None:
    """A model that raises gives the extractive note plus a modellfel flag."""
    model = FakeNoteModel([NoteModelError("out of memory")])
    note = _valid(draft_note(MEETING, participants=PRESENT, model=model))
    assert any(f.kind == "modellfel" for f in note.flaggor)
    assert note.overenskommelser


def test_truncated_model_output_keeps_complete_points() -> None:
    """Output cut by the token limit keeps the points that were complete."""
    whole = json.dumps({"punkter": [_point("framkom", "s0006", "Leo ritar gärna.")]})
    cut = whole[:-2] + ', {"typ": "framkom", "kalla": "s00'
    note = _valid(draft_note(EXTRA, participants=PRESENT, model=FakeNoteModel([cut])))
    assert [s.text for s in note.framkom if s.source == "llm"] == ["Leo ritar gärna."]


def test_model_can_only_cite_window_segments() -> None:
    """The output schema restricts citations to the segments of the window drafted."""
    model = FakeNoteModel(['{"punkter": []}'])
    draft_note(MEETING, NoteSettings(window_s=25.0), PRESENT, model)
    cited = [
        r.schema["properties"]["punkter"]["items"]["properties"]["kalla"] for r in model.requests
    ]
    assert cited[0] == {"enum": ["s0001", "s0002", "s0003"]}


def test_empty_transcript_gives_valid_empty_note() -> None:
    """A transcript with no segments gives a schema-valid note with no statements."""
    note = _valid(draft_note(transcript(), participants=PRESENT, model=FakeNoteModel(["x"])))
    assert note.statements() == ()
    assert "Inget samtal" in note.klartext


def test_silence_only_transcript_gives_valid_empty_note() -> None:
    """Segments that are silence or empty text give a note with no statements."""
    silent = transcript(("S1", "", ()), ("S1", "Tack.", ("silence_text",)), ("S2", " ... ", ()))
    model = FakeNoteModel(["never used"])
    note = _valid(draft_note(silent, participants=PRESENT, model=model))
    assert note.statements() == ()
    assert model.requests == []


def test_two_hour_transcript_gives_valid_note() -> None:
    """A two-hour meeting gives a valid note whose agreements are all kept."""
    lines = [line for _ in range(144) for line in (f"S2: Jag har sökt {_ + 1} jobb i dag.",)]
    long = transcript(
        *[f"{line}" for line in lines] * 5, "S1: Vi kommer överens om att du ringer på torsdag."
    )
    segments = tuple(
        replace(s, start=i * 10.0, end=i * 10.0 + 9) for i, s in enumerate(long.segments)
    )
    long = replace(long, segments=segments)
    note = _valid(draft_note(long, participants=PRESENT))
    assert long.segments[-1].end >= 7200
    assert len(note.overenskommelser) == 1
    assert len(note.framkom) <= NoteSettings().max_per_section


def test_windows_split_by_start_time() -> None:
    """Segments fall into consecutive windows by their start time."""
    parts = windows(MEETING.segments, 25.0)
    assert [[s.id for s in w] for w in parts] == [["s0001", "s0002", "s0003"], ["s0004", "s0005"]]


def test_incremental_drafter_drafts_full_windows_and_reads_ahead() -> None:
    """add_segments drafts a window once full and prefills the growing one in between."""
    model = FakeNoteModel(['{"punkter": []}'])
    settings = NoteSettings(window_s=30.0)
    drafter = NoteDrafter(MEETING.meta, PRESENT, settings, model)
    for segment in MEETING.segments:
        drafter.add_segments([segment])
    assert len(model.requests) == 1
    assert model.prefilled
    note = _valid(drafter.finish())
    assert len(model.requests) == 2
    assert [s.id for s in drafter.segments] == [s.id for s in MEETING.segments]
    assert note.overenskommelser


def test_finish_keeps_every_segment_in_the_transcript() -> None:
    """After a failing model the drafter's transcript still holds every segment."""
    model = FakeNoteModel([NoteModelError("crashed")])
    drafter = NoteDrafter(MEETING.meta, PRESENT, NoteSettings(window_s=25.0), model)
    drafter.add_segments(MEETING.segments)
    drafter.finish()
    assert drafter.transcript().segments == MEETING.segments


def test_classified_segment_becomes_attributed_statement() -> None:
    """In classify mode a picked segment becomes an attributed, verified statement."""
    out = json.dumps({"punkter": [{"typ": "framkom", "kalla": "s0006"}]})
    settings = NoteSettings(llm=LlmSettings(mode="classify"))
    note = _valid(draft_note(EXTRA, settings, PRESENT, FakeNoteModel([out])))
    llm = [s for s in note.framkom if s.source == "llm"]
    assert [s.text for s in llm] == ["Maria Johansson berättar att Leo gärna ritar."]
    assert not [f for f in note.flaggor if f.statement_id == llm[0].id]


def test_classify_schema_asks_for_no_text() -> None:
    """The classify schema lets the model choose only a segment and a section."""
    model = FakeNoteModel(['{"punkter": []}'])
    draft_note(EXTRA, NoteSettings(llm=LlmSettings(mode="classify")), PRESENT, model)
    items = model.requests[0].schema["properties"]["punkter"]["items"]
    assert items["required"] == ["typ", "kalla"]


def test_classified_segment_already_used_by_cues_adds_nothing() -> None:
    """A classified segment the extractive layer already cites is not repeated."""
    out = json.dumps({"punkter": [{"typ": "syfte", "kalla": "s0003"}]})
    settings = NoteSettings(llm=LlmSettings(mode="classify"))
    note = _valid(draft_note(EXTRA, settings, PRESENT, FakeNoteModel([out])))
    assert [s for s in note.statements() if s.source == "llm"] == []
