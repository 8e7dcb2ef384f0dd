"""Swedish time: every time a caseworker reads is Europe/Stockholm; the database keeps UTC."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hub.store.notes import utc

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def swedish_time(value: dt.datetime | str, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored time (UTC; naive values from SQLite are UTC too) in Europe/Stockholm."""
    when = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    return utc(when).astimezone(STOCKHOLM).strftime(fmt)
