"""Fleet status for IT: device heartbeats, and the pilot's effect measures as plots.

``record_status`` stores a device's retained status message in the registry (ingest
calls it for ``fleet/<device>/status``). ``GET /admin/fleet`` shows a table of devices
and inline-SVG bar charts of recordings per week, notes delivered per week and the
estimated caseworker time saved.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from hub.tables import StoredNote
from provisioning.registry import DeviceRecord, Registry
from wire.heartbeat import Heartbeat, HeartbeatError

log = logging.getLogger(__name__)
router = APIRouter(tags=["fleet"])

MINUTES_SAVED_PER_NOTE = 20.0
"""Assumed documentation time saved per approved note (manual write-up ~25 min, review
~5 min). An assumption of the pilot, shown on the page; replace with measured figures."""
WEEKS = 12


def record_status(registry: Registry, device_id: str, payload: bytes) -> bool:
    """Store a status message from ``fleet/<device_id>/status``; False if refused."""
    try:
        data = json.loads(payload)
        if data.get("device_id", device_id) != device_id:
            raise ValueError("device id in payload differs from the topic")
        online = data.get("state") != "offline"
        beat = data.get("heartbeat")
        stored: dict[str, Any] = {"state": "online" if online else "offline"}
        if beat is not None:
            stored.update(Heartbeat.from_dict(beat).to_dict())
        if "pending" in data:
            stored.setdefault("queue_length", int(data["pending"]))
    except (ValueError, TypeError, AttributeError, HeartbeatError) as exc:
        log.warning("ignored status from %s: %s", device_id, exc)
        return False
    record = registry.get(device_id)
    if record is None or not record.is_active:
        log.warning("ignored status from %s: not an active device", device_id)
        return False
    return registry.update_heartbeat(device_id, stored, online=online)


# --- effect measures ----------------------------------------------------------------------


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


def bar_chart(title: str, labels: Sequence[str], values: Sequence[float], unit: str) -> Markup:
    """An accessible inline SVG bar chart (no scripts, no inline CSS: fits the hub's CSP)."""
    width, height, pad = 640, 200, 28
    top = max(values, default=0) or 1
    step = (width - 2 * pad) / max(len(values), 1)
    parts = [
        f'<svg role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height + 40}"'
        f' width="100%" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        bar = (height - pad) * value / top
        x = pad + i * step
        parts.append(
            f'<rect x="{x + 3:.1f}" y="{height - bar:.1f}" width="{step - 6:.1f}" '
            f'height="{bar:.1f}" fill="#2f6f9f"><title>{escape(label)}: {value:g} '
            f"{escape(unit)}</title></rect>"
            f'<text x="{x + step / 2:.1f}" y="{height - bar - 4:.1f}" font-size="11" '
            f'text-anchor="middle">{value:g}</text>'
            f'<text x="{x + step / 2:.1f}" y="{height + 16}" font-size="10" '
            f'text-anchor="middle">{escape(label[-3:])}</text>'
        )
    parts.append(
        f'<line x1="{pad}" y1="{height}" x2="{width - pad}" y2="{height}" stroke="#333"/></svg>'
    )
    return Markup("".join(parts))  # noqa: S704  (every interpolated text is escaped above)


# --- page ---------------------------------------------------------------------------------


def device_rows(records: Iterable[DeviceRecord]) -> list[dict[str, Any]]:
    """Table rows for the template; heartbeat fields are blank until one arrives."""
    rows = []
    for record in records:
        beat = record.heartbeat or {}
        rows.append(
            {
                "device_id": record.device_id,
                "room": record.room,
                "status": record.status,
                "online": bool(record.online),
                "last_seen": record.last_seen_at,
                "cert_until": record.cert_expires_at,
                "software": beat.get("software_version", ""),
                "models": ", ".join(f"{k} {v}" for k, v in beat.get("model_versions", {}).items()),
                "uptime_h": _hours(beat.get("uptime_s")),
                "free_gb": _gb(beat.get("free_disk_bytes")),
                "temperature": beat.get("temperature_c"),
                "queue": beat.get("queue_length"),
                "last_recording": beat.get("last_recording_at"),
            }
        )
    return rows


def _hours(seconds: Any) -> str:
    return f"{float(seconds) / 3600:.1f}" if isinstance(seconds, int | float) else ""


def _gb(size: Any) -> str:
    return f"{int(size) / 1e9:.1f}" if isinstance(size, int | float) else ""


@router.get("/admin/fleet", response_class=HTMLResponse)
def fleet_page(request: Request) -> HTMLResponse:
    from hub.web.context import hub, render, require_role  # noqa: PLC0415  (hub web is optional)

    require_role(request, "it_admin")
    sessions = hub(request).sessions
    series = load_series(sessions, dt.datetime.now(dt.UTC).date())
    plots = (
        ("Inspelningar per vecka", series.recordings, "inspelningar"),
        ("Levererade anteckningar per vecka", series.delivered, "anteckningar"),
        ("Uppskattad sparad tid per vecka (timmar)", series.hours_saved, "timmar"),
    )
    charts = [(title, bar_chart(title, series.weeks, vals, unit)) for title, vals, unit in plots]
    context = {
        "devices": device_rows(Registry(sessions).list()),
        "charts": charts,
        "minutes_per_note": MINUTES_SAVED_PER_NOTE,
        "total_hours": round(sum(series.hours_saved), 1),
    }
    return render(request, "fleet.html", context)
