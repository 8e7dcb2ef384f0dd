"""Swedish time: every time a caseworker reads is Europe/Stockholm; the database keeps UTC."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def swedish_time(value: dt.datetime | str, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored time (UTC; naive values from SQLite are UTC too) in Europe/Stockholm."""
    when = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(STOCKHOLM).strftime(fmt)
