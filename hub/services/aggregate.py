"""The effect measures of one group of notes (a unit's ISO week), with small groups suppressed.

Pure functions over content-free facts (:class:`NoteFacts`); :mod:`hub.services.measures`
loads them. A group has no client, case, meeting or person in it, only counts, shares,
medians and sums, and every figure rests on at least ``min_group`` notes or is shown as
:attr:`Mark.FEW` ("färre än N").
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from hub.services.figures import SECTIONS
from hub.services.flag_decisions import CHOICE_TITLES
from hub.services.review import FLAG_TITLES, KLARTEXT_TITLE, SECTION_TITLES
from wire.note import ClientAnswer


class Mark(Enum):
    """A cell that holds no number."""

    FEW = "few"
    """Suppressed: it would rest on fewer notes than the threshold."""
    NONE = "none"
    """Nothing to compute (e.g. no flags at all, so no share of them)."""


Value = float | Mark


@dataclass(frozen=True)
class NoteFacts:
    """What the measures know of one note: numbers and categories, never its content."""

    approved: bool
    exported: bool
    answer: str | None
    """``ja``, ``nej`` or None (unanswered)."""
    delay_s: float | None = None
    """Seconds from the meeting's end to the first approval (None: no figures taken)."""
    review_s: float | None = None
    sections: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Section → (AI draft words, of them kept)."""
    flags: Counter[tuple[str, str]] = field(default_factory=Counter)
    """(flag kind, choice) → count."""

    @property
    def has_figures(self) -> bool:
        return self.delay_s is not None


@dataclass(frozen=True)
class Column:
    """One measure: its CSV name, its Swedish title, what kind of number, how it is got."""

    key: str
    title: str
    kind: str
    """``count``, ``share`` (0–1), ``hours``, ``minutes`` or ``per_note``."""
    base: str
    """``recorded``: over every note of the group; ``figures``: over approved notes with
    figures (their own threshold)."""
    compute: Callable[[Sequence[NoteFacts], float], float | None]
    """(the base's notes, minutes a hand-written note takes) → value, None for nothing."""


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def _kept(section: str | None) -> Callable[[Sequence[NoteFacts], float], float | None]:
    def kept(notes: Sequence[NoteFacts], _manual: float) -> float | None:
        pairs = [c for n in notes for s, c in n.sections.items() if section in (None, s)]
        return _share(sum(k for _, k in pairs), sum(w for w, _ in pairs))

    return kept


def _flags(notes: Sequence[NoteFacts]) -> Counter[tuple[str, str]]:
    total: Counter[tuple[str, str]] = Counter()
    for note in notes:
        total.update(note.flags)
    return total


def _per_note(kind: str | None) -> Callable[[Sequence[NoteFacts], float], float | None]:
    def per_note(notes: Sequence[NoteFacts], _manual: float) -> float | None:
        count = sum(c for (k, _), c in _flags(notes).items() if kind in (None, k))
        return count / len(notes) if notes else None

    return per_note


def _resolved(choice: str) -> Callable[[Sequence[NoteFacts], float], float | None]:
    def resolved(notes: Sequence[NoteFacts], _manual: float) -> float | None:
        flags = _flags(notes)
        return _share(sum(c for (_, ch), c in flags.items() if ch == choice), sum(flags.values()))

    return resolved


def _answered(answer: str | None) -> Callable[[Sequence[NoteFacts], float], float | None]:
    def answered(notes: Sequence[NoteFacts], _manual: float) -> float | None:
        return _share(sum(1 for n in notes if n.answer == answer), len(notes))

    return answered


def minutes_saved(notes: Sequence[NoteFacts], manual_minutes: float) -> float | None:
    """The estimate: per approved note, a hand-written note's minutes minus its review time."""
    return sum(max(manual_minutes - (n.review_s or 0.0) / 60, 0.0) for n in notes)


def _section_title(section: str) -> str:
    return KLARTEXT_TITLE if section == "klartext" else SECTION_TITLES[section]


COLUMNS: tuple[Column, ...] = (
    Column("inspelade_moten", "Inspelade möten", "count", "recorded", lambda n, _: len(n)),
    Column(
        "andel_godkanda",
        "Andel godkända",
        "share",
        "recorded",
        lambda n, _: _share(sum(x.approved for x in n), len(n)),
    ),
    Column(
        "andel_exporterade",
        "Andel exporterade",
        "share",
        "recorded",
        lambda n, _: _share(sum(x.exported for x in n), len(n)),
    ),
    Column(
        "median_timmar_till_godkannande",
        "Median tid från mötets slut till godkännande (timmar)",
        "hours",
        "figures",
        lambda n, _: _median([(x.delay_s or 0.0) / 3600 for x in n]),
    ),
    Column(
        "median_granskningstid_minuter",
        "Median uppmätt granskningstid (minuter)",
        "minutes",
        "figures",
        lambda n, _: _median([(x.review_s or 0.0) / 60 for x in n]),
    ),
    Column(
        "uppskattad_sparad_tid_minuter",
        "Uppskattad sparad tid (minuter, uppskattning)",
        "minutes",
        "figures",
        minutes_saved,
    ),
    Column(
        "andel_ai_text_kvar",
        "AI-text kvar oförändrad, alla avsnitt",
        "share",
        "figures",
        _kept(None),
    ),
    *(
        Column(
            f"andel_ai_text_kvar_{s}",
            f"AI-text kvar oförändrad: {_section_title(s)}",
            "share",
            "figures",
            _kept(s),
        )
        for s in SECTIONS
    ),
    Column(
        "flaggor_per_anteckning", "Flaggor per anteckning", "per_note", "figures", _per_note(None)
    ),
    *(
        Column(
            f"flaggor_per_anteckning_{kind.value}",
            f"Flaggor per anteckning: {title}",
            "per_note",
            "figures",
            _per_note(kind.value),
        )
        for kind, title in FLAG_TITLES.items()
    ),
    *(
        Column(
            f"andel_flaggor_{choice.value}",
            f"Andel flaggor lösta med {title}",
            "share",
            "figures",
            _resolved(choice.value),
        )
        for choice, title in CHOICE_TITLES.items()
    ),
    *(
        Column(
            f"andel_klientsvar_{answer.value}",
            f"Andel klientsvar {answer.value}",
            "share",
            "recorded",
            _answered(answer.value),
        )
        for answer in ClientAnswer
    ),
    Column("andel_klientsvar_obesvarade", "Andel obesvarade", "share", "recorded", _answered(None)),
)


def hidden(count: int, min_group: int) -> bool:
    """Whether a group of ``count`` notes is too small to show; an empty one is shown (as 0
    and "–"): it has no one in it to reveal."""
    return 0 < count < min_group


def group_values(
    notes: Sequence[NoteFacts],
    *,
    min_group: int,
    manual_minutes: float,
    hide: frozenset[str] = frozenset(),
) -> dict[str, Value]:
    """Every column's value for one group; ``hide`` names bases suppressed from outside
    (a total whose small parts could otherwise be worked out by subtraction)."""
    bases = {"recorded": list(notes), "figures": [n for n in notes if n.has_figures]}
    if hidden(len(bases["recorded"]), min_group):
        hide |= {"recorded", "figures"}
    if hidden(len(bases["figures"]), min_group):
        hide |= {"figures"}
    values: dict[str, Value] = {}
    for column in COLUMNS:
        if column.base in hide:
            values[column.key] = Mark.FEW
            continue
        value = column.compute(bases[column.base], manual_minutes)
        values[column.key] = Mark.NONE if value is None else value
    return values


def total_hides(parts: Sequence[Sequence[NoteFacts]], min_group: int) -> frozenset[str]:
    """Bases a total over ``parts`` must suppress: those where the parts hidden on their own
    add up to between 1 and ``min_group - 1`` notes, which subtraction would reveal."""
    small_recorded = [p for p in parts if hidden(len(p), min_group)]
    small_figures = [
        p for p in parts if hidden(len(p), min_group) or hidden(_figured(p), min_group)
    ]
    hide = set()
    if 0 < sum(len(p) for p in small_recorded) < min_group:
        hide |= {"recorded", "figures"}
    if 0 < sum(_figured(p) for p in small_figures) < min_group:
        hide.add("figures")
    return frozenset(hide)


def _figured(notes: Sequence[NoteFacts]) -> int:
    return sum(1 for n in notes if n.has_figures)
