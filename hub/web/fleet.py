"""The IT fleet page: device heartbeats, and the pilot's effect measures as plots.

``GET /admin/fleet`` shows a table of devices and inline-SVG bar charts of recordings per
week, notes delivered per week and the estimated caseworker time saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from hub.services.fleet import MINUTES_SAVED_PER_NOTE
from hub.web.charts import bar_chart
from hub.web.context import hub, render, require_role
from provisioning.registry import DeviceRecord

router = APIRouter(tags=["fleet"])


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
    require_role(request, "it_admin")
    fleet = hub(request).fleet
    series = fleet.series(dt.datetime.now(dt.UTC).date())
    plots = (
        ("Inspelningar per vecka", series.recordings, "inspelningar"),
        ("Levererade anteckningar per vecka", series.delivered, "anteckningar"),
        ("Uppskattad sparad tid per vecka (timmar)", series.hours_saved, "timmar"),
    )
    charts = [(title, bar_chart(title, series.weeks, vals, unit)) for title, vals, unit in plots]
    context = {
        "broker": hub(request).claims.connection(),
        "devices": device_rows(fleet.devices()),
        "charts": charts,
        "minutes_per_note": MINUTES_SAVED_PER_NOTE,
        "total_hours": round(sum(series.hours_saved), 1),
    }
    return render(request, "fleet.html", context)
