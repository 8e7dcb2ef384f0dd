"""On every generated corpus meeting the extractive note carries the reference facts."""

from __future__ import annotations

from datetime import date

from device.note import draft_note
from grounding.dates import resolved_dates
from grounding.text import content_stems, lower_words
from models.corpus import Meeting
from tests.note.conftest import reference_present, reference_transcript
from wire.note import Note, Statement
from wire.schemas import validate


def _note(meeting: Meeting) -> Note:
    return draft_note(reference_transcript(meeting), participants=reference_present(meeting))


def _citing(note: Note, utterance_id: str) -> list[Statement]:
    return [s for s in note.statements() if utterance_id in s.citations]


def _says(statement: str, fact: str) -> bool:
    """Every content word of the reference fact is in the statement (which names people
    in the third person where the fact, as spoken, says "du" or "jag")."""
    return content_stems(fact) <= content_stems(statement)


def test_every_agreement_is_in_the_note_with_its_citation(corpus_meetings: list[Meeting]) -> None:
    """Each reference agreement is an agreement statement citing the utterance it was said in."""
    for meeting in corpus_meetings:
        note = _note(meeting)
        for fact in meeting.reference.facts["agreements"]:
            cited = [s for s in note.overenskommelser if fact["utterance_id"] in s.citations]
            texts = [s.text for s in cited]
            assert any(_says(t, fact["text"]) for t in texts), (meeting.id, fact, texts)


def test_every_decision_is_in_the_note_with_its_citation(corpus_meetings: list[Meeting]) -> None:
    """Each reference decision appears in a statement citing its utterance."""
    for meeting in corpus_meetings:
        note = _note(meeting)
        for fact in meeting.reference.facts["decisions"]:
            texts = [s.text for s in _citing(note, fact["utterance_id"])]
            assert any(_says(t, fact["text"]) for t in texts), (meeting.id, fact, texts)


def test_every_date_is_in_the_note_resolved_and_cited(corpus_meetings: list[Meeting]) -> None:
    """Each reference date is named, and resolves correctly, in a statement citing it."""
    for meeting in corpus_meetings:
        note = _note(meeting)
        today = date.fromisoformat(meeting.reference.meeting_date)
        for fact in meeting.reference.facts["dates"]:
            found = [
                s
                for s in _citing(note, fact["utterance_id"])
                if fact["expression"].lower() in s.text.lower()
                and fact["iso_date"] in resolved_dates(s.text, today) | {s.datum}
            ]
            assert found, (meeting.id, fact)


def test_every_next_step_date_is_a_statement_datum(corpus_meetings: list[Meeting]) -> None:
    """Each reference next step with a day is a statement whose datum is that day."""
    for meeting in corpus_meetings:
        note = _note(meeting)
        for fact in meeting.reference.facts["next_steps"]:
            datums = {s.datum for s in _citing(note, fact["utterance_id"])}
            assert fact["iso_date"] is None or fact["iso_date"] in datums, (meeting.id, fact)


def test_every_negation_survives_into_the_note(corpus_meetings: list[Meeting]) -> None:
    """Each annotated negated statement is in the note, still negated."""
    negations = {"inte", "aldrig", "ingen", "inga", "inget"}
    for meeting in corpus_meetings:
        note = _note(meeting)
        for fact in meeting.reference.facts["negations"]:
            wanted = content_stems(fact["text"])
            matching = [
                s
                for s in _citing(note, fact["utterance_id"])
                if len(wanted & content_stems(s.text)) >= 0.6 * len(wanted)
            ]
            assert matching, (meeting.id, fact)
            for statement in matching:
                assert set(lower_words(statement.text)) & negations, statement.text


def test_valid_personnummer_flagged_invalid_not(corpus_meetings: list[Meeting]) -> None:
    """Exactly the Luhn-valid reference personnummer are flagged."""
    for meeting in corpus_meetings:
        flagged = {
            f.match
            for f in _note(meeting).flaggor
            if f.kind in ("personnummer", "samordningsnummer")
        }
        for fact in meeting.reference.facts["personnummer"]:
            assert (fact["spoken"] in flagged) == fact["valid"], (meeting.id, fact)


def test_phone_numbers_and_third_parties_flagged(corpus_meetings: list[Meeting]) -> None:
    """Reference phone numbers and absent named people are flagged."""
    for meeting in corpus_meetings:
        flags = _note(meeting).flaggor
        phones = {f.match for f in flags if f.kind == "telefonnummer"}
        third = {f.match for f in flags if f.kind == "tredje_part"}
        facts = meeting.reference.facts
        assert {p["value"] for p in facts["phone_numbers"]} <= phones, meeting.id
        assert {p["name"] for p in facts["third_parties"]} <= third, meeting.id


def test_corpus_notes_are_schema_valid_and_verified(corpus_meetings: list[Meeting]) -> None:
    """Every corpus note is schema-valid and none of its statements fails the verifier."""
    for meeting in corpus_meetings:
        note = _note(meeting)
        validate("note", note.to_dict())
        unverified = [f for f in note.flaggor if f.kind in ("ej_verifierad", "saknar_kalla")]
        assert unverified == [], (meeting.id, unverified)
