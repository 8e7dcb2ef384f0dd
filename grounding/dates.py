"""Swedish date expressions resolved to ISO dates against the meeting date.

Handles ``2026-11-12``, ``12/11``, ``den 12 november``, ``tolfte november``, ``om två veckor``,
``inom en månad``, ``på torsdag``, ``nästa torsdag``, ``nästa vecka``, ``vecka 47``,
``i morgon`` and ``i övermorgon``. ``nästa vecka`` and ``vecka N`` resolve to that week's Monday;
a day-month without a year is taken in the meeting's year unless that is more than a month past.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from grounding.numbers import ARTICLES, parse_count, word_value

MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip
WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")

_MONTH = "|".join(MONTHS)
_WEEKDAY = "|".join(WEEKDAYS)
_DAYWORD = r"\d{1,2}(?::e|:a|e)?|[a-zåäö]+"
_COUNT = r"\d+|[a-zåäö]+"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(rx, re.IGNORECASE))
    for name, rx in (
        ("iso", r"\b(\d{4})-(\d{2})-(\d{2})\b"),
        ("slash", r"\b(\d{1,2})/(\d{1,2})(?:[/-](\d{2,4}))?\b"),
        ("daymonth", rf"\b(?:den\s+)?({_DAYWORD})\s+({_MONTH})(?:\s+(\d{{4}}))?\b"),
        ("offset", rf"\b(om|inom|efter)\s+({_COUNT})\s+(dag|dagar|vecka|veckor|månad|månader)\b"),
        ("nextweekday", rf"\bnästa\s+({_WEEKDAY})\b"),
        ("weekdaynextweek", rf"\b(?:på\s+)?({_WEEKDAY})(?:en)?\s+nästa\s+vecka\b"),
        ("weekday", rf"\b(?:nu\s+)?på\s+({_WEEKDAY})(?:en)?\b"),
        ("nextweek", r"\bnästa\s+vecka\b"),
        ("weeknumber", r"\bvecka\s+(\d{1,2})\b"),
        ("tomorrow", r"\b(i\s*morgon|i\s*övermorgon)\b"),
    )
)


@dataclass(frozen=True)
class DateMention:
    """A span of text that names a day, and the day it resolves to."""

    start: int
    end: int
    surface: str
    iso: str


def _day_number(token: str) -> int | None:
    digits = re.match(r"\d{1,2}", token)
    if digits:
        return int(digits.group())
    return None if token.lower() in ARTICLES else word_value(token)


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day_month(day: int, month: int, year: int | None, today: date) -> date | None:
    if year is not None:
        return _safe(year, month, day)
    found = _safe(today.year, month, day)
    if found is not None and found < today - timedelta(days=31):
        found = _safe(today.year + 1, month, day)
    return found


def _add_months(today: date, months: int) -> date:
    month_index = today.month - 1 + months
    year, month = today.year + month_index // 12, month_index % 12 + 1
    for day in (today.day, 30, 29, 28):
        found = _safe(year, month, day)
        if found is not None:
            return found
    return today


def _monday(today: date) -> date:
    return today - timedelta(days=today.weekday())


def _resolve_offset(groups: tuple[str, ...], today: date) -> date | None:
    count = parse_count(groups[1].lower())
    if count is None or count > 400:
        return None
    unit = groups[2].lower()
    if unit.startswith("dag"):
        return today + timedelta(days=count)
    if unit.startswith("veck"):
        return today + timedelta(weeks=count)
    return _add_months(today, count)


def _resolve_weekday(name: str, today: date, *, next_week: bool) -> date:
    target = WEEKDAYS.index(name.lower())
    if next_week:
        return _monday(today) + timedelta(days=7 + target)
    ahead = (target - today.weekday()) % 7 or 7
    return today + timedelta(days=ahead)


def _resolve(kind: str, groups: tuple[str, ...], today: date) -> date | None:  # noqa: C901, PLR0911 - one branch per date pattern reads as a table
    if kind == "iso":
        return _safe(int(groups[0]), int(groups[1]), int(groups[2]))
    if kind == "slash":
        year = int(groups[2]) if groups[2] else None
        if year is not None and year < 100:
            year += 2000
        return _day_month(int(groups[0]), int(groups[1]), year, today)
    if kind == "daymonth":
        day = _day_number(groups[0])
        if day is None:
            return None
        month = MONTHS.index(groups[1].lower()) + 1
        return _day_month(day, month, int(groups[2]) if groups[2] else None, today)
    if kind == "offset":
        return _resolve_offset(groups, today)
    if kind in ("nextweekday", "weekdaynextweek"):
        return _resolve_weekday(groups[0], today, next_week=True)
    if kind == "weekday":
        return _resolve_weekday(groups[0], today, next_week=False)
    if kind == "nextweek":
        return _monday(today) + timedelta(days=7)
    if kind == "weeknumber":
        return _iso_week_monday(today.year, int(groups[0]), today)
    if kind == "tomorrow":
        return today + timedelta(days=2 if "över" in groups[0].lower() else 1)
    return None


def _iso_week_monday(year: int, week: int, today: date) -> date | None:
    try:
        found = date.fromisocalendar(year, week, 1)
    except ValueError:
        return None
    if found < today - timedelta(days=31):
        return _iso_week_monday(year + 1, week, date(year + 1, 1, 1)) if year < 9999 else None
    return found


def find_dates(text: str, meeting_date: date) -> list[DateMention]:
    """Date mentions in ``text``, longest first on overlap, in text order."""
    candidates: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            groups = tuple(g or "" for g in match.groups())
            resolved = _resolve(kind, groups, meeting_date)
            if resolved is not None:
                candidates.append(
                    DateMention(match.start(), match.end(), match.group(), resolved.isoformat())
                )
    chosen: list[DateMention] = []
    for mention in sorted(candidates, key=lambda m: (m.start - m.end, m.start)):
        if all(mention.end <= c.start or mention.start >= c.end for c in chosen):
            chosen.append(mention)
    return sorted(chosen, key=lambda m: m.start)


def resolved_dates(text: str, meeting_date: date) -> set[str]:
    """ISO dates named in ``text``."""
    return {m.iso for m in find_dates(text, meeting_date)}
