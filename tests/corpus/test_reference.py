"""Reference documents: facts cite real utterances and the transcript view is valid."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from models.corpus import Corpus
from wire.schemas import validate

CITED_TEXT = {
    "agreements": "text",
    "decisions": "text",
    "dates": "expression",
    "next_steps": "text",
    "negations": "text",
    "personnummer": "spoken",
    "phone_numbers": "value",
    "emails": "value",
    "third_parties": "name",
}


def _cited(facts: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f["utterance_id"], f[key]) for kind, key in CITED_TEXT.items() for f in facts[kind]]


def test_every_fact_cites_an_utterance_that_contains_it(corpus: Corpus) -> None:
    """Each fact's text is found in the utterance its utterance_id names."""
    for meeting in corpus.all_meetings():
        ref = meeting.reference
        for uid, text in _cited(ref.facts):
            assert text in ref.utterance(uid).text, (meeting.id, uid, text)


def test_utterances_are_ordered_and_do_not_overlap(corpus: Corpus) -> None:
    """Utterance ids run u001, u002, … and each ends before the next starts."""
    for meeting in corpus.all_meetings():
        utts = meeting.reference.utterances
        assert [u.id for u in utts] == [f"u{i + 1:03d}" for i in range(len(utts))]
        assert all(a.start < a.end < b.start for a, b in itertools.pairwise(utts))


def test_present_lists_every_speaker_with_role(corpus: Corpus) -> None:
    """facts.present names each speaker once, with the role the utterances carry."""
    for meeting in corpus.all_meetings():
        ref = meeting.reference
        present = {(p["speaker"], p["namn"], p["roll"]) for p in ref.facts["present"]}
        spoken = {(u.speaker, u.name, u.role) for u in ref.utterances}
        assert present == spoken, meeting.id


def test_dated_facts_are_on_or_after_the_meeting(corpus: Corpus) -> None:
    """Every resolved date in dates and next_steps falls on or after the meeting date."""
    for meeting in corpus.all_meetings():
        ref = meeting.reference
        day = dt.date.fromisoformat(ref.meeting_date)
        for fact in [*ref.facts["dates"], *ref.facts["next_steps"]]:
            if fact["iso_date"] is not None:
                assert dt.date.fromisoformat(fact["iso_date"]) >= day, (meeting.id, fact)


def test_reference_as_transcript_matches_the_wire_schema(corpus: Corpus) -> None:
    """Reference.to_transcript() produces a schema-valid v1 transcript."""
    for meeting in corpus.all_meetings():
        validate("transcript", meeting.reference.to_transcript().to_dict())


def test_every_speaker_has_an_angle(corpus: Corpus) -> None:
    """speaker_angles_deg gives a seat for every speaker who talks."""
    for meeting in corpus.all_meetings():
        ref = meeting.reference
        assert set(ref.speaker_angles_deg) == {u.speaker for u in ref.utterances}
