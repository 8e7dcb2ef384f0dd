"""Extractive layer: finds purpose, facts, assessments, agreements, decisions, next steps and
dates from Swedish cue patterns, with no model at all, so every agreement and date reaches the
note whatever the model does."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from device.note.bbic import tags
from device.note.candidate import Candidate
from device.note.speakers import Speakers
from device.note.voice import strip_openers
from grounding.dates import find_dates
from grounding.numbers import numbers
from grounding.text import lower_first, sentences, subordinate, tidy, words
from grounding.verify import NEGATIONS
from wire.transcript import Segment


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")", re.IGNORECASE)


AGREEMENT = _rx(
    r"(?:kommer|kom|är|var|blev) överens", r"överens om", r"överenskommelse",
    r"vi (?:har )?bestäm(?:mer|t|de)", r"bestämmer vi", r"bestämde vi", r"vi enas",
    r"vi gör så", r"det blir så", r"då säger vi", r"vi säger så", r"då kör vi på",
)  # fmt: skip
DECISION = _rx(
    r"beslut\w*", r"beviljas", r"beviljar", r"beviljat", r"avslag\w*", r"avslås", r"avslår",
    r"bifall\w*",
)  # fmt: skip
NEXT_STRONG = _rx(
    r"nästa (?:möte|träff|samtal|besök|gång)", r"återkommer", r"återbesök", r"uppföljning",
    r"följ(?:a|er) upp", r"bokar", r"boka in", r"kallelse", r"inom \w+ (?:dag|vecka|veckor|månad)",
)  # fmt: skip
NEXT_WEAK = re.compile(r"(?<!att )\b(?:jag|vi|du|ni) (?:ska|skall|kommer att) \w+", re.IGNORECASE)
PURPOSE = _rx(
    r"syftet", r"anledningen till (?:att vi|mötet|dagens)", r"vi ska prata om",
    r"vi ses (?:i ?dag )?för att", r"mötet handlar om", r"dagens (?:möte|samtal)",
    r"i ?dag ska vi",
)  # fmt: skip
ASSESSMENT = _rx(
    r"min bedömning", r"jag bedömer", r"bedömningen är", r"jag gör (?:den )?bedömningen",
    r"jag ser en risk", r"jag är orolig", r"min uppfattning",
)  # fmt: skip
_QUESTION_ONLY = re.compile(r"\?\s*$")
_ACTOR = r"(?:jag|vi|du|ni)"
#: The caseworker saying who does what, in any words: a personal subject and a verb in the
#: present (Swedish present tense ends in -r), straight ("du ringer mig …") or after a
#: fronted object ("Trygghetslarmet får du …").
_SAYS_WHO_DOES = re.compile(
    rf"^(?:{_ACTOR} (?:inte |också |alltid )?\w+r\b|\w+(?: \w+)? \w+r {_ACTOR}\b)",
    re.IGNORECASE,
)
_MIN_ACTION_WORDS = 4
_RECURRING = re.compile(
    r"\b(?:på (?:mån|tis|ons|tors|fre|lör|sön)dagar|varje (?:dag|vecka|månad)|i dag|i kväll)\b",
    re.IGNORECASE,
)
_FILLER = re.compile(
    r"^(?:(?:ja|jo|tack|okej|precis|mm|aha|bra|hej|men|och|så)\b[,.!]?\s+)+", re.IGNORECASE
)
_ASSESSMENT_LEAD = re.compile(
    r"^(?:min bedömning är att|jag bedömer att|bedömningen är att|jag gör (?:den )?bedömningen att)"
    r"\s*",
    re.IGNORECASE,
)
_MIN_FACT_WORDS = 5


def _section(sentence: str, *, caseworker: bool, today: date) -> str | None:  # noqa: PLR0911 - one return per cue family reads as a table
    """Which section a sentence belongs to by its cues, or None when it carries no cue."""
    dated = [m for m in find_dates(sentence, today) if m.iso > today.isoformat()]
    if AGREEMENT.search(sentence) or (DECISION.search(sentence) and not dated):
        return "overenskommelser"
    if PURPOSE.search(sentence):
        return "syfte"
    if ASSESSMENT.search(sentence) and caseworker:
        return "bedomning"
    if NEXT_STRONG.search(sentence) or (dated and not _QUESTION_ONLY.search(sentence)):
        return "nasta_steg"
    if NEXT_WEAK.search(sentence) and not _QUESTION_ONLY.search(sentence):
        return "nasta_steg"
    if find_dates(sentence, today):
        return "nasta_steg" if dated else "framkom"
    if caseworker and _says_who_does(sentence):
        return "nasta_steg" if _RECURRING.search(sentence) else "framkom"
    return None


def _says_who_does(sentence: str) -> bool:
    """The caseworker telling who does what (not a question, not a two-word reply)."""
    if _QUESTION_ONLY.search(sentence) or len(words(sentence)) < _MIN_ACTION_WORDS:
        return False
    return bool(_SAYS_WHO_DOES.match(sentence))


_COURTESY = re.compile(
    r"^(?:tack|hej|välkommen|trevligt)\b|\b(?:heter|mitt namn är)\b", re.IGNORECASE
)
"""Thanks, greetings and introductions: who is present is in the note's narvarande."""


def _is_fact(sentence: str, *, caseworker: bool) -> bool:
    """Clients' statements are facts; the caseworker's only when they inform (a negation,
    a number or a BBIC topic), so greetings and questions stay out (thanks and
    introductions never get this far: _from_sentence drops them first)."""
    alpha = [w for w in words(sentence) if w.isalpha()]
    if len(alpha) < _MIN_FACT_WORDS or _QUESTION_ONLY.search(sentence):
        return False
    if not caseworker:
        return True
    return bool(NEGATIONS & {w.lower() for w in alpha} or numbers(sentence) or tags(sentence))


_INTERPRETED = re.compile(
    r"^(?:hon|han|hen|de) (säger|berättar|menar|tycker|undrar|frågar|svarar)(?: att)?\s+",
    re.IGNORECASE,
)
_ASKS = ("frågar", "undrar")


def _relayed(sentence: str) -> tuple[str, str]:
    """An interpreter's "Hon frågar var …" as ("frågar", "var …"); others "berättar att"."""
    match = _INTERPRETED.match(sentence)
    if match is None:
        return "berättar att", sentence
    verb = match[1].lower()
    rest = sentence[match.end() :]
    return (verb if verb in _ASKS else "berättar att"), rest


def _through_interpreter(how: str) -> str:
    return how.replace(" att", " genom tolken att") if " att" in how else f"{how} genom tolken"


def _phrase(
    section: str, sentence: str, label: str, speakers: Speakers, vocabulary: set[str]
) -> str:
    """The statement's text, attributed for facts and assessments; pronouns are left for
    the journal-voice pass (device.note.voice), which knows who each one refers to."""
    subject = speakers.subject(label)
    sentence = _FILLER.sub("", sentence) or sentence
    if section == "bedomning":
        lead = _ASSESSMENT_LEAD.match(sentence)
        verb = "bedömer att" if lead else "säger i sin bedömning att"
        body = sentence[lead.end() :] if lead else lower_first(sentence, vocabulary)
        return tidy(f"{subject or 'Socialsekreteraren'} {verb} {body}")
    if section == "framkom":
        verb = "informerar om att" if speakers.is_caseworker(label) else "berättar att"
        if speakers.is_interpreter(label):
            how, sentence = _relayed(sentence)
            verb = (
                how.replace(" att", " genom tolken att") if " att" in how else f"{how} genom tolken"
            )
        body = subordinate(lower_first(sentence, vocabulary))
        return tidy(f"{subject} {verb} {body}" if subject else f"Det framkom att {body}")
    if speakers.is_interpreter(label) and subject and _INTERPRETED.match(sentence):
        how, rest = _relayed(sentence)
        body = subordinate(lower_first(rest, vocabulary))
        return tidy(f"{subject} {_through_interpreter(how)} {body}")
    return tidy(sentence)


def phrase_segment(section: str, segment: Segment, speakers: Speakers, vocabulary: set[str]) -> str:
    """A whole segment phrased as a statement of ``section`` (for classified segments)."""
    return _phrase(
        section, " ".join(sentences(segment.text)), segment.speaker, speakers, vocabulary
    )


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
    if _COURTESY.search(_INTERPRETED.sub("", sentence, count=1)):
        return None  # thanks, greetings and introductions
    section = _section(sentence, caseworker=caseworker, today=today)
    if section is None and _is_fact(sentence, caseworker=caseworker):
        section = "framkom"
    if section is None:
        return None
    mentions = find_dates(sentence, today)
    text = _phrase(section, sentence, segment.speaker, speakers, vocabulary)
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
    if not asked or not _QUESTION_ONLY.search(asked[-1]) or not words(said):
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
