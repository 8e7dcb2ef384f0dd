"""Extractive layer: finds purpose, facts, assessments, agreements, decisions, next steps and
dates from Swedish cue patterns (``grounding.phrasing``), with no model at all, so every
agreement and date reaches the note whatever the model does."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from device.note.bbic import tags
from device.note.candidate import Candidate
from grounding.dates import find_dates
from grounding.numbers import numbers
from grounding.phrasing import INTERPRETED, QUESTION_ONLY, phrase, section_of
from grounding.speakers import Speakers
from grounding.text import sentences, subordinate, tidy, words
from grounding.verify import NEGATIONS
from grounding.voice import strip_openers
from wire.transcript import Segment

_MIN_FACT_WORDS = 5

_COURTESY = re.compile(
    r"^(?:tack|hej|välkommen|trevligt)\b|\b(?:heter|mitt namn är)\b", re.IGNORECASE
)
"""Thanks, greetings and introductions: who is present is in the note's narvarande."""


def _is_fact(sentence: str, *, caseworker: bool) -> bool:
    """Clients' statements are facts; the caseworker's only when they inform (a negation,
    a number or a BBIC topic), so greetings and questions stay out (thanks and
    introductions never get this far: _from_sentence drops them first)."""
    alpha = [w for w in words(sentence) if w.isalpha()]
    if len(alpha) < _MIN_FACT_WORDS or QUESTION_ONLY.search(sentence):
        return False
    if not caseworker:
        return True
    return bool(NEGATIONS & {w.lower() for w in alpha} or numbers(sentence) or tags(sentence))


def _score(sentence: str) -> float:
    """Higher for sentences a note should keep: negations, BBIC topics, numbers, length."""
    negated = 2.0 if NEGATIONS & {w.lower() for w in words(sentence)} else 0.0
    length = min(len(words(sentence)), 25) / 25
    return negated + len(tags(sentence)) + 0.5 * len(numbers(sentence)) + length


def _from_sentence(
    sentence: str, segment: Segment, speakers: Speakers, today: date, vocabulary: set[str]
) -> Candidate | None:
    caseworker = speakers.is_caseworker(segment.speaker)
    sentence = strip_openers(sentence)
    if _COURTESY.search(INTERPRETED.sub("", sentence, count=1)):
        return None  # thanks, greetings and introductions
    section = section_of(sentence, caseworker=caseworker, today=today)
    if section is None and _is_fact(sentence, caseworker=caseworker):
        section = "framkom"
    if section is None:
        return None
    mentions = find_dates(sentence, today)
    text = phrase(section, sentence, segment.speaker, speakers, vocabulary)
    datum = mentions[0].iso if mentions else None
    return Candidate(section, text, (segment.id,), datum, "extractive", segment.start, _score(text))


def usable(segment: Segment) -> bool:
    """False for segments with no words or that the recogniser marked as silence."""
    return bool(words(segment.text)) and "silence_text" not in segment.flags


_SHORT_ANSWER_WORDS = 10
_CLAUSE_START = re.compile(r"^(?:det|den|jag|vi|hon|han|hen|de|dom|man|där|då)\b", re.IGNORECASE)
_BARE_ANSWER = re.compile(r"^(?:ja|jo|nej|nä|nix)[.!]?$", re.IGNORECASE)


def _answer(
    question: Segment, answer: Segment, speakers: Speakers, today: date
) -> Candidate | None:
    """A short answer joined with the caseworker's question it answers, or None.

    "Hur länge har du bott där?" / "Ungefär tre månader." becomes "På frågan ”Hur länge har
    du bott där?” svarar Linda Ek: ungefär tre månader." The question is quoted as asked.
    """
    asked = sentences(question.text)
    said = " ".join(sentences(answer.text))
    if not asked or not QUESTION_ONLY.search(asked[-1]) or not words(said):
        return None
    if len(words(said)) > _SHORT_ANSWER_WORDS or not speakers.is_caseworker(question.speaker):
        return None
    if speakers.is_caseworker(answer.speaker):
        return None
    who = speakers.subject(answer.speaker) or "den enskilde"
    reply = said.rstrip(".!")
    if _BARE_ANSWER.match(said):
        how = reply.lower()
    elif _CLAUSE_START.match(reply):
        how = f"att {subordinate(reply[0].lower() + reply[1:])}"
    else:
        how = f": {reply[0].lower() + reply[1:]}"
    text = f"På frågan ”{asked[-1]}” svarar {who}{'' if how.startswith(':') else ' '}{how}"
    mentions = find_dates(said, today)
    return Candidate(
        "framkom",
        tidy(text),
        (question.id, answer.id),
        mentions[0].iso if mentions else None,
        "extractive",
        question.start,
        _score(said) + 1.0,
    )


def extract(segments: Sequence[Segment], speakers: Speakers, today: date) -> list[Candidate]:
    """Candidates from every sentence that carries a cue, a date, or an attributable fact;
    a short answer is joined with the question it answers."""
    found = []
    vocabulary = {w for s in segments for w in words(s.text) if w[:1].islower()}
    previous: Segment | None = None
    for segment in segments:
        if not usable(segment):
            continue
        answered = _answer(previous, segment, speakers, today) if previous else None
        previous = segment
        if answered is not None:
            found.append(answered)
            continue
        for sentence in sentences(segment.text):
            candidate = _from_sentence(sentence, segment, speakers, today, vocabulary)
            if candidate is not None:
                found.append(candidate)
    return found
