"""Fleet status for IT: the registered devices and the pilot's effect measures per week."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from hub.store.tables import StoredNote
from provisioning.registry import DeviceRecord, Registry

MINUTES_SAVED_PER_NOTE = 20.0
"""Assumed documentation time saved per approved note (manual write-up ~25 min, review
~5 min). An assumption of the pilot, shown on the page; replace with measured figures."""
WEEKS = 12


@dataclass(frozen=True)
class WeeklySeries:
    """One value per ISO week, oldest first."""

    weeks: tuple[str, ...]
    recordings: tuple[int, ...]
    delivered: tuple[int, ...]
    hours_saved: tuple[float, ...]


def week_label(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-v{week:02d}"


def _weeks(today: dt.date, count: int) -> list[str]:
    monday = today - dt.timedelta(days=today.weekday())
    return [week_label(monday - dt.timedelta(weeks=i)) for i in reversed(range(count))]


def weekly_series(
    notes: Iterable[tuple[str, dt.datetime, dt.datetime | None]],
    today: dt.date,
    weeks: int = WEEKS,
) -> WeeklySeries:
    """Bucket ``(meeting_date, received_at, approved_at)`` rows into the last ``weeks``."""
    labels = _weeks(today, weeks)
    recorded: Counter[str] = Counter()
    delivered: Counter[str] = Counter()
    approved: Counter[str] = Counter()
    for meeting_date, received_at, approved_at in notes:
        try:
            recorded[week_label(dt.date.fromisoformat(meeting_date))] += 1
        except ValueError:
            recorded[week_label(received_at.date())] += 1
        delivered[week_label(received_at.date())] += 1
        if approved_at is not None:
            approved[week_label(approved_at.date())] += 1
    return WeeklySeries(
        weeks=tuple(labels),
        recordings=tuple(recorded[w] for w in labels),
        delivered=tuple(delivered[w] for w in labels),
        hours_saved=tuple(round(approved[w] * MINUTES_SAVED_PER_NOTE / 60, 1) for w in labels),
    )


def load_series(sessions: sessionmaker[Session], today: dt.date) -> WeeklySeries:
    since = dt.datetime.combine(today, dt.time(), dt.UTC) - dt.timedelta(weeks=WEEKS)
    query = select(StoredNote.meeting_date, StoredNote.received_at, StoredNote.approved_at)
    with sessions() as session:
        rows = session.execute(query.where(StoredNote.received_at >= since)).all()
    return weekly_series(((r[0], r[1], r[2]) for r in rows), today)


class FleetService:
    """What the IT fleet page shows: devices (metadata only) and the weekly effect measures."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def devices(self) -> list[DeviceRecord]:
        return Registry(self._sessions).list()

    def series(self, today: dt.date) -> WeeklySeries:
        return load_series(self._sessions, today)
