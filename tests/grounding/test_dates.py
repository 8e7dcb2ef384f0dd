"""Swedish date expressions resolve to ISO dates against the meeting date."""

from __future__ import annotations

from datetime import date

import pytest

from grounding.dates import find_dates

THURSDAY = date(2026, 11, 12)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("den 12 november", "2026-11-12"),
        ("den tolfte november", "2026-11-12"),
        ("den 3:e december", "2026-12-03"),
        ("12/11", "2026-11-12"),
        ("2026-11-12", "2026-11-12"),
        ("om två veckor", "2026-11-26"),
        ("inom 14 dagar", "2026-11-26"),
        ("inom en månad", "2026-12-12"),
        ("på torsdag", "2026-11-19"),
        ("på fredag", "2026-11-13"),
        ("nästa torsdag", "2026-11-19"),
        ("på måndag nästa vecka", "2026-11-16"),
        ("nästa vecka", "2026-11-16"),
        ("vecka 50", "2026-12-07"),
        ("i morgon", "2026-11-13"),
        ("imorgon", "2026-11-13"),
        ("i övermorgon", "2026-11-14"),
        ("den 10 januari", "2027-01-10"),
        ("den 2 mars 2025", "2025-03-02"),
    ],
)
def test_expression_resolves(text: str, iso: str) -> None:
    """Each supported expression resolves to the expected day."""
    assert [m.iso for m in find_dates(f"Vi ses {text} igen.", THURSDAY)] == [iso]


@pytest.mark.parametrize("text", ["på måndagar", "sex år", "en november", "den 31 februari"])
def test_non_dates_are_ignored(text: str) -> None:
    """Habits, ages and impossible days are not dates."""
    assert find_dates(f"Han {text} ibland.", THURSDAY) == []


def test_longest_expression_wins() -> None:
    """An explicit date inside a longer phrase is found once."""
    mentions = find_dates("Mötet är torsdagen den 3 december.", THURSDAY)
    assert [(m.surface, m.iso) for m in mentions] == [("den 3 december", "2026-12-03")]
