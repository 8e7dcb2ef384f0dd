"""The pilot's effect measures per ISO week and organisational unit, never per client.

A note counts in the week of its meeting and in the unit of its caseworker (the note's
owner; a note without one, or a caseworker without a unit, in "Ingen enhet"). Everything is
read from clear metadata and the content-free figures of :mod:`hub.services.figures`:
nothing is decrypted, and shredded notes keep counting as numbers. A unit manager
(``enhetschef``) sees their own unit, the data-protection officer every unit and their
total. Every reading is audited (``list`` of ``uppfoljning``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, sessionmaker

from hub.errors import HubError
from hub.services.access import MEASURES
from hub.services.accounts import ALL_UNITS, NO_UNIT, Account
from hub.services.aggregate import COLUMNS, Mark, NoteFacts, Value, group_values, total_hides
from hub.services.fleet import week_label
from hub.settings import MeasureSettings
from hub.store import audit
from hub.store.db import transaction
from hub.store.notes import utc
from hub.store.tables import FlagFigures, NoteFigures, SectionFigures, StoredNote, User

SEES_EVERY_UNIT = ("dataskyddsombud",)
"""Roles that see every unit and their total; the other viewers see their own unit only."""
VIEWERS = {role: role in SEES_EVERY_UNIT for role in MEASURES}
"""Who may read the measures (the authorization table's roles), and whether they see all units."""


class UnitRefusedError(HubError):
    """The viewer asked for a unit that is not theirs to see."""


@dataclass(frozen=True)
class GroupRow:
    """One week of one unit (or of all units): every measure, or why it is not shown."""

    week: str
    unit: str
    values: dict[str, Value]


@dataclass(frozen=True)
class Report:
    """The weeks shown, and per visible unit (or the total) its row for each week."""

    weeks: tuple[str, ...]
    units: tuple[str, ...]
    """Unit labels, in the order shown; the total last for those who see every unit."""
    rows: dict[str, list[GroupRow]]
    min_group: int
    manual_minutes: float


def week_range(today: dt.date, count: int) -> tuple[tuple[str, ...], dt.datetime]:
    """The last ``count`` ISO week labels up to ``today``'s, and the first week's Monday."""
    monday = today - dt.timedelta(days=today.weekday())
    first = monday - dt.timedelta(weeks=count - 1)
    labels = tuple(week_label(first + dt.timedelta(weeks=i)) for i in range(count))
    return labels, dt.datetime.combine(first, dt.time(), dt.UTC)


def _week_of(meeting_date: str, received_at: dt.datetime) -> str:
    try:
        return week_label(dt.date.fromisoformat(meeting_date))
    except ValueError:
        return week_label(utc(received_at).date())


class MeasureService:
    """The effect page and its CSV: content-free aggregates, small groups suppressed."""

    def __init__(self, sessions: sessionmaker[Session], settings: MeasureSettings) -> None:
        self._sessions = sessions
        self._settings = settings

    @property
    def settings(self) -> MeasureSettings:
        return self._settings

    def report(self, viewer: Account, today: dt.date, *, fmt: str, unit: str = "") -> Report:
        """The viewer's units, week by week; ``unit`` (a label) must be one of them when
        given. The reading is audited with the format and the unit asked for."""
        if viewer.role not in VIEWERS:
            raise UnitRefusedError("Din roll har inte behörighet till uppföljningen.")
        weeks, since = week_range(today, self._settings.weeks)
        with transaction(self._sessions) as session:
            units = self._units(session, viewer)
            if unit and unit not in (*units, *([ALL_UNITS] if VIEWERS[viewer.role] else [])):
                raise UnitRefusedError("Den enheten finns inte bland dem du får se.")
            facts = _load(session, since, None if VIEWERS[viewer.role] else units)
            audit.append(
                session,
                actor=viewer.username,
                action="list",
                target="uppfoljning",
                detail={"format": fmt, "urval": unit or "alla"},
            )
        return self._build(weeks, units, facts, everything=VIEWERS[viewer.role])

    def _units(self, session: Session, viewer: Account) -> list[str]:
        if not VIEWERS[viewer.role]:
            return [viewer.unit] if viewer.unit else []
        named = session.scalars(select(User.unit).where(User.unit.is_not(None)).distinct())
        return [*sorted(u for u in named if u), NO_UNIT]

    def _build(
        self,
        weeks: tuple[str, ...],
        units: list[str],
        facts: dict[tuple[str, str], list[NoteFacts]],
        *,
        everything: bool,
    ) -> Report:
        k, manual = self._settings.min_group, self._settings.manual_note_minutes
        rows = {
            u: [
                GroupRow(w, u, group_values(facts[w, u], min_group=k, manual_minutes=manual))
                for w in weeks
            ]
            for u in units
        }
        if everything and units:
            rows[ALL_UNITS] = [self._total(w, [facts[w, u] for u in units]) for w in weeks]
        return Report(weeks, tuple(rows), rows, k, manual)

    def _total(self, week: str, parts: list[list[NoteFacts]]) -> GroupRow:
        k = self._settings.min_group
        notes = [n for part in parts for n in part]
        hide = total_hides(parts, k)
        values = group_values(
            notes, min_group=k, manual_minutes=self._settings.manual_note_minutes, hide=hide
        )
        return GroupRow(week, ALL_UNITS, values)


FactsRow = Select[int, str, dt.datetime, bool, bool, str | None, str | None]


def _facts_query(since: dt.datetime) -> FactsRow:
    return (
        select(
            StoredNote.id,
            StoredNote.meeting_date,
            StoredNote.received_at,
            StoredNote.approved_at.is_not(None),
            StoredNote.exported_at.is_not(None),
            StoredNote.client_answer,
            User.unit,
        )
        .outerjoin(User, User.id == StoredNote.owner_id)
        .where(StoredNote.received_at >= since)
    )


def _load(
    session: Session, since: dt.datetime, units: Sequence[str] | None
) -> defaultdict[tuple[str, str], list[NoteFacts]]:
    """(week, unit label) → the facts of its notes since ``since`` (``units``: only these)."""
    figures = _figures(session, since)
    grouped: defaultdict[tuple[str, str], list[NoteFacts]] = defaultdict(list)
    for pk, day, received, approved, exported, answer, unit in session.execute(_facts_query(since)):
        label = unit or NO_UNIT
        if units is not None and label not in units:
            continue
        delay, review, sections, flags = figures.get(pk, (None, None, {}, Counter()))
        facts = NoteFacts(bool(approved), bool(exported), answer, delay, review, sections, flags)
        grouped[_week_of(day, received), label].append(facts)
    return grouped


Figures = tuple[float | None, float | None, dict[str, tuple[int, int]], Counter[tuple[str, str]]]


def _figures(session: Session, since: dt.datetime) -> dict[int, Figures]:
    """Note id → its figures, for the notes received since ``since`` that have them."""
    recent = select(StoredNote.id).where(StoredNote.received_at >= since)
    out: dict[int, Figures] = {}
    for figure in session.scalars(select(NoteFigures).where(NoteFigures.note_id.in_(recent))):
        out[figure.note_id] = (figure.approval_delay_s, figure.review_s, {}, Counter())
    for section in session.scalars(
        select(SectionFigures).where(SectionFigures.note_id.in_(recent))
    ):
        if section.note_id in out:
            out[section.note_id][2][section.section] = (section.draft_words, section.kept_words)
    for flag in session.scalars(select(FlagFigures).where(FlagFigures.note_id.in_(recent))):
        if flag.note_id in out:
            out[flag.note_id][3][flag.kind, flag.choice] += flag.count
    return out


def few_text(min_group: int) -> str:
    """What a suppressed cell says, in the page and the CSV."""
    return f"färre än {min_group}"


def cell_text(value: Value, kind: str, min_group: int, *, sign: bool = True) -> str:
    """A value as the page writes it (the CSV without the per cent sign): Swedish decimal
    comma, shares in per cent, "färre än N" where suppressed, "–" where there is nothing."""
    if value is Mark.FEW:
        return few_text(min_group)
    if isinstance(value, Mark):
        return "–" if sign else ""
    if kind == "count":
        return str(round(value))
    if kind == "share":
        return f"{value * 100:.0f}" + (" %" if sign else "")
    digits = 2 if kind == "per_note" else 1
    return f"{value:.{digits}f}".replace(".", ",")


def to_csv(report: Report) -> str:
    """Every visible group as one CSV row (semicolons, decimal comma: Swedish spreadsheets;
    shares in per cent, empty where there is nothing to compute).

    The columns are the week, the unit and the measures; nothing names a client, a case, a
    meeting or a person.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["vecka", "enhet", *(c.key for c in COLUMNS)])
    for unit in report.units:
        for row in report.rows[unit]:
            cells = [
                cell_text(row.values[c.key], c.kind, report.min_group, sign=False) for c in COLUMNS
            ]
            writer.writerow([row.week, unit, *cells])
    return out.getvalue()
