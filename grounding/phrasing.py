"""How a spoken sentence becomes a statement: the section its cues put it in, and its words.

The Swedish cue patterns (agreement, decision, next step, purpose, assessment) choose a
section; :func:`phrase` attributes facts and assessments to the speaker ("Mamman berättar
att …") and leaves the pronouns to the journal voice (``grounding.voice``). The device's
extractive layer drafts with them; the hub phrases a segment the caseworker adds with them.
"""

from __future__ import annotations

import re
from datetime import date

from grounding.dates import find_dates
from grounding.speakers import Speakers
from grounding.text import lower_first, sentences, subordinate, tidy, words
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
QUESTION_ONLY = re.compile(r"\?\s*$")
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


def section_of(sentence: str, *, caseworker: bool, today: date) -> str | None:  # noqa: PLR0911 - one return per cue family reads as a table
    """Which section a sentence belongs to by its cues, or None when it carries no cue."""
    dated = [m for m in find_dates(sentence, today) if m.iso > today.isoformat()]
    if AGREEMENT.search(sentence) or (DECISION.search(sentence) and not dated):
        return "overenskommelser"
    if PURPOSE.search(sentence):
        return "syfte"
    if ASSESSMENT.search(sentence) and caseworker:
        return "bedomning"
    if NEXT_STRONG.search(sentence) or (dated and not QUESTION_ONLY.search(sentence)):
        return "nasta_steg"
    if NEXT_WEAK.search(sentence) and not QUESTION_ONLY.search(sentence):
        return "nasta_steg"
    if find_dates(sentence, today):
        return "nasta_steg" if dated else "framkom"
    if caseworker and _says_who_does(sentence):
        return "nasta_steg" if _RECURRING.search(sentence) else "framkom"
    return None


def _says_who_does(sentence: str) -> bool:
    """The caseworker telling who does what (not a question, not a two-word reply)."""
    if QUESTION_ONLY.search(sentence) or len(words(sentence)) < _MIN_ACTION_WORDS:
        return False
    return bool(_SAYS_WHO_DOES.match(sentence))


INTERPRETED = re.compile(
    r"^(?:hon|han|hen|de) (säger|berättar|menar|tycker|undrar|frågar|svarar)(?: att)?\s+",
    re.IGNORECASE,
)
_ASKS = ("frågar", "undrar")


def relayed(sentence: str) -> tuple[str, str]:
    """An interpreter's "Hon frågar var …" as ("frågar", "var …"); others "berättar att"."""
    match = INTERPRETED.match(sentence)
    if match is None:
        return "berättar att", sentence
    verb = match[1].lower()
    rest = sentence[match.end() :]
    return (verb if verb in _ASKS else "berättar att"), rest


def _through_interpreter(how: str) -> str:
    return how.replace(" att", " genom tolken att") if " att" in how else f"{how} genom tolken"


def phrase(
    section: str, sentence: str, label: str, speakers: Speakers, vocabulary: set[str]
) -> str:
    """The statement's text, attributed for facts and assessments; pronouns are left for
    the journal-voice pass (grounding.voice), which knows who each one refers to."""
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
            how, sentence = relayed(sentence)
            verb = (
                how.replace(" att", " genom tolken att") if " att" in how else f"{how} genom tolken"
            )
        body = subordinate(lower_first(sentence, vocabulary))
        return tidy(f"{subject} {verb} {body}" if subject else f"Det framkom att {body}")
    if speakers.is_interpreter(label) and subject and INTERPRETED.match(sentence):
        how, rest = relayed(sentence)
        body = subordinate(lower_first(rest, vocabulary))
        return tidy(f"{subject} {_through_interpreter(how)} {body}")
    return tidy(sentence)


def phrase_segment(section: str, segment: Segment, speakers: Speakers, vocabulary: set[str]) -> str:
    """A whole segment phrased as a statement of ``section`` (for classified segments)."""
    return phrase(section, " ".join(sentences(segment.text)), segment.speaker, speakers, vocabulary)
