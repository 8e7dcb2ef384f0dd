"""The verifier catches statements the cited segments do not support."""

from __future__ import annotations

from dataclasses import replace

import pytest

from device.note import draft_note, verify_note
from tests.note.builders import MEETING, PRESENT
from wire.note import Flag, Note, Statement


@pytest.fixture(scope="module")
def note() -> Note:
    return draft_note(MEETING, participants=PRESENT)


def _find(note: Note, needle: str) -> Statement:
    return next(s for s in note.statements() if needle in s.text)


def _with(note: Note, old: Statement, new: Statement) -> Note:
    data = note.to_dict()
    for name in ("syfte", "framkom", "bedomning", "overenskommelser", "nasta_steg"):
        data[name] = [new.to_dict() if s["id"] == old.id else s for s in data[name]]
    return Note.from_dict(data)


def _problems(note: Note, statement_id: str) -> list[Flag]:
    return [f for f in verify_note(note, MEETING) if f.statement_id == statement_id]


def test_untouched_draft_verifies(note: Note) -> None:
    """The drafted note itself passes the verifier."""
    assert verify_note(note, MEETING) == []


def test_changed_date_in_text_is_caught(note: Note) -> None:
    """Changing the weekday of an agreement makes it unverified."""
    old = _find(note, "på måndag.")
    bad = replace(old, text=old.text.replace("måndag", "tisdag"))
    flags = _problems(_with(note, old, bad), old.id)
    assert [f.kind for f in flags] == ["ej_verifierad"]
    assert "tisdag" in flags[0].detail


def test_changed_datum_field_is_caught(note: Note) -> None:
    """A resolved date that no cited segment names is flagged."""
    old = _find(note, "Nästa möte")
    bad = replace(old, datum="2026-12-04")
    flags = _problems(_with(note, old, bad), old.id)
    assert any("2026-12-04" in f.detail for f in flags)


def test_dropped_negation_is_caught(note: Note) -> None:
    """Dropping "inte" from an attributed fact makes it unverified."""
    old = _find(note, "inte går")
    bad = replace(old, text=old.text.replace(" inte", ""))
    flags = _problems(_with(note, old, bad), old.id)
    assert flags
    assert "inte" in flags[0].detail


def test_added_number_is_caught(note: Note) -> None:
    """A number the cited segment never says is flagged."""
    old = _find(note, "fotboll")
    bad = replace(old, text=old.text.rstrip(".") + " i 2 timmar.")
    flags = _problems(_with(note, old, bad), old.id)
    assert [f.detail for f in flags] == ["Talet 2 sägs inte i källan."]


def test_name_nobody_said_is_caught(note: Note) -> None:
    """A person's name that no cited segment says is flagged."""
    old = _find(note, "ringer skolan")
    bad = replace(old, text=old.text.replace("Maria Johansson ringer", "Karin ringer"))
    flags = _problems(_with(note, old, bad), old.id)
    assert any("Karin" in f.detail for f in flags)


def test_citation_to_wrong_segment_is_caught(note: Note) -> None:
    """A statement citing a segment about something else is flagged."""
    old = _find(note, "fotboll")
    bad = replace(old, citations=("s0005",))
    flags = _problems(_with(note, old, bad), old.id)
    assert any("stöder inte" in f.detail for f in flags)


def test_unknown_citation_is_saknar_kalla(note: Note) -> None:
    """A statement citing a segment that does not exist has no valid source."""
    old = _find(note, "fotboll")
    bad = replace(old, citations=("s9999",))
    assert [f.kind for f in _problems(_with(note, old, bad), old.id)] == ["saknar_kalla"]


def test_statement_without_citation_is_saknar_kalla(note: Note) -> None:
    """A statement citing nothing has no valid source."""
    old = _find(note, "fotboll")
    bad = replace(old, citations=())
    assert [f.kind for f in _problems(_with(note, old, bad), old.id)] == ["saknar_kalla"]


def test_number_said_as_word_supports_digits(note: Note) -> None:
    """A digit in a statement is supported by the same number said as a word."""
    old = _find(note, "fotboll")
    good = replace(old, text=old.text.replace("tre gånger", "3 gånger"))
    assert _problems(_with(note, old, good), old.id) == []


def test_iso_date_supported_by_spoken_date(note: Note) -> None:
    """An ISO date in a statement is supported by the spoken date it resolves from."""
    old = _find(note, "Nästa möte")
    good = replace(old, text="Nästa möte blir 2026-12-03 klockan 10.")
    assert _problems(_with(note, old, good), old.id) == []
