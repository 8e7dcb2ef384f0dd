"""Deterministic verifier: every statement must be supported by the segments it cites.

Checks, in order: the citations exist; every date (resolved against the meeting date) and the
statement's ``datum`` are named in the cited segments; every number is said there; negations
agree with the closest cited sentence; every name is said there (or is the cited speaker);
and enough of the statement's content words occur in the cited text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from grounding.dates import find_dates, resolved_dates
from grounding.names import NOT_NAMES
from grounding.numbers import numbers
from grounding.text import STOPWORDS, content_stems, lower_words, sentences, words, wordset
from wire.note import Flag, Statement
from wire.transcript import Segment

NEGATIONS = frozenset(
    {"inte", "icke", "aldrig", "ingen", "inget", "inga", "ej", "varken", "utan", "ingenting"}
)

#: Words a statement may add around what was said: attribution verbs and pronouns.
FRAMING = wordset(
    """
    berättar säger uppger framför menar beskriver tycker anser rapporterar meddelar föreslår
    bekräftar frågar svarar framkom framkommer beslut beslutas överenskommelse kommer överens
    genom frågan på informerar bedömer bedömning sin sitt sina sig
    hon han hen de vi dom jag du det den henne honom hens hennes hans dem deras
    socialsekreteraren socialsekreterarens handläggaren
    """
)

#: Role nouns: a statement may use one only for a participant, or when the source says it.
ROLES = wordset(
    """
    mamman pappan mamma pappa modern fadern föräldern föräldrarna vårdnadshavaren tolken
    barnet ungdomen sökande sökanden klienten läraren kuratorn kontaktpersonen
    mammans pappans föräldrarnas barnets ungdomens klientens tolkens
    """
)

UNSUPPORTED_KINDS = frozenset({"ej_verifierad", "saknar_kalla"})


@dataclass(frozen=True)
class VerifierSettings:
    """How strict the verifier is."""

    min_support: float = 0.5
    """Share of a statement's content words that must occur in the cited segments."""
    min_content_words: int = 2
    """Statements with fewer content words must have every one of them in the source; a
    statement with none of its own fails."""


@dataclass(frozen=True)
class Evidence:
    """What the cited segments of one statement say."""

    text: str
    speakers: frozenset[str] = field(default_factory=frozenset)
    """Names (lower case) of the people who spoke the cited segments."""
    present: frozenset[str] = field(default_factory=frozenset)
    """Name and role words (lower case) of everyone present, whom a statement may name."""


def _date_problems(statement: Statement, source: str, today: date) -> list[str]:
    known = resolved_dates(source, today)
    problems = [
        f"Datumet ”{m.surface}” ({m.iso}) nämns inte i källan."
        for m in find_dates(statement.text, today)
        if m.iso not in known
    ]
    if statement.datum is not None and statement.datum not in known:
        problems.append(f"Datumet {statement.datum} nämns inte i källan.")
    return problems


def _without_dates(text: str, today: date) -> str:
    for mention in reversed(find_dates(text, today)):
        text = text[: mention.start] + " " + text[mention.end :]
    return text


def _number_problems(statement: Statement, source: str, today: date) -> list[str]:
    said = numbers(source, articles=True)
    wanted = numbers(_without_dates(statement.text, today))
    return [f"Talet {n} sägs inte i källan." for n in sorted(wanted - said)]


def _closest_sentence(text: str, source: str) -> str:
    mine = content_stems(text)
    candidates = sentences(source) or [source]
    return max(candidates, key=lambda s: len(mine & content_stems(s)))


def _negation_problems(statement: Statement, source: str) -> list[str]:
    mine = [w for w in lower_words(statement.text) if w in NEGATIONS]
    said = {w for w in lower_words(source) if w in NEGATIONS}
    problems = [f"Negationen ”{w}” sägs inte i källan." for w in mine if w not in said]
    closest = [w for w in lower_words(_closest_sentence(statement.text, source)) if w in NEGATIONS]
    if closest and not mine:
        problems.append(f"Källan säger ”{closest[0]}” men påståendet saknar nekande.")
    elif mine and not closest and not problems:
        problems.append(f"Påståendet säger ”{mine[0]}” men källans mening är inte nekande.")
    return problems


def _genitive_base(low: str) -> str:
    return low.removesuffix("s")


def _name_problems(statement: Statement, evidence: Evidence) -> list[str]:
    said = set(lower_words(evidence.text)) | evidence.speakers | evidence.present
    problems = []
    for word in words(statement.text):
        low = word.lower()
        if low in ROLES and low not in said and _genitive_base(low) not in said:
            problems.append(f"”{word}” är ingen av de närvarande och nämns inte i källan.")
            continue
        if not word[:1].isupper() or low in said or _genitive_base(low) in said:
            continue
        if low in FRAMING or low in STOPWORDS or low in NOT_NAMES:
            continue
        problems.append(f"Namnet ”{word}” nämns inte i källan.")
    return problems


def _own_content(statement: Statement, evidence: Evidence) -> set[str]:
    """Content stems of the statement, less framing, roles and the people present."""
    skip = FRAMING | ROLES | evidence.present | evidence.speakers
    own = " ".join(w for w in lower_words(statement.text) if _genitive_base(w) not in skip)
    return content_stems(" ".join(w for w in own.split() if w not in skip))


def _support_problems(
    statement: Statement, evidence: Evidence, settings: VerifierSettings
) -> list[str]:
    mine = _own_content(statement, evidence)
    if not mine:
        return ["Påståendet säger inget eget utöver vem som talar: inget att kontrollera."]
    share = len(mine & content_stems(evidence.text)) / len(mine)
    # Below min_content_words every content word must be in the source: a short statement
    # has too few words for a share to mean anything.
    needed = settings.min_support if len(mine) >= settings.min_content_words else 1.0
    if share >= needed:
        return []
    return [f"Källan stöder inte påståendet (bara {share:.0%} av innehållsorden finns där)."]


def statement_problems(
    statement: Statement,
    evidence: Evidence,
    meeting_date: date,
    settings: VerifierSettings = VerifierSettings(),
) -> list[str]:
    """Swedish reasons why ``statement`` is not supported by ``evidence`` (empty when it is)."""
    return [
        *_date_problems(statement, evidence.text, meeting_date),
        *_number_problems(statement, evidence.text, meeting_date),
        *_negation_problems(statement, evidence.text),
        *_name_problems(statement, evidence),
        *_support_problems(statement, evidence, settings),
    ]


def evidence_for(
    statement: Statement,
    segments: Mapping[str, Segment],
    speaker_names: Mapping[str, str] | None = None,
    present: frozenset[str] = frozenset(),
) -> Evidence | None:
    """The cited segments' text and speakers, or None when no citation names a segment."""
    cited = [segments[c] for c in statement.citations if c in segments]
    if not cited or len(cited) != len(statement.citations):
        return None
    names = speaker_names or {}
    speakers = {w.lower() for s in cited for w in words(names.get(s.speaker, s.speaker))}
    return Evidence(" ".join(s.text for s in cited), frozenset(speakers), present)


def verify_statements(
    statements: Sequence[Statement],
    segments: Mapping[str, Segment],
    meeting_date: date,
    speaker_names: Mapping[str, str] | None = None,
    settings: VerifierSettings = VerifierSettings(),
    *,
    present: frozenset[str] = frozenset(),
) -> list[Flag]:
    """Flags for every statement that lacks a valid citation or is not supported by it;
    ``present`` holds the name and role words of the participants a statement may name."""
    flags: list[Flag] = []
    for statement in statements:
        evidence = evidence_for(statement, segments, speaker_names, present)
        if evidence is None:
            detail = "Ingen giltig hänvisning till utskriften; visas inte som fakta."
            flags.append(Flag("saknar_kalla", detail, statement_id=statement.id))
            continue
        for problem in statement_problems(statement, evidence, meeting_date, settings):
            first = statement.citations[0]
            flags.append(Flag("ej_verifierad", problem, statement.id, first, None))
    return flags
