"""Text helpers for the pages: Swedish count words, the decimal comma, kept line breaks and
Swedish time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

STOCKHOLM = ZoneInfo("Europe/Stockholm")
"""Every time on the pages is Swedish time; the database keeps UTC."""


def antal(count: int, singular: str, plural: str) -> str:
    """``1 anteckning``, ``3 anteckningar``: the count with the word form it takes."""
    return f"{count} {singular if count == 1 else plural}"


def decimal(value: float, digits: int = 1) -> str:
    """``0,3``: a number with Swedish decimal comma and ``digits`` decimals."""
    return f"{value:.{digits}f}".replace(".", ",").replace("-", "\u2212")


def line_breaks(text: str) -> Markup:
    """The text escaped, with each line break kept as ``<br>`` (statements and klartext)."""
    return Markup("<br>\n").join(escape(line) for line in text.splitlines())


def swedish_time(value: dt.datetime | str, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored time (UTC; naive values from SQLite are UTC too) in Europe/Stockholm."""
    when = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(STOCKHOLM).strftime(fmt)
