"""The IT fleet page: device heartbeats, and the pilot's effect measures as plots.

``GET /admin/fleet`` shows a table of devices and inline-SVG bar charts of recordings per
week, notes delivered per week and the estimated caseworker time saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from hub.services.fleet import MINUTES_SAVED_PER_NOTE
from hub.web.context import hub, render, require_role
from provisioning.registry import DeviceRecord

router = APIRouter(tags=["fleet"])


def bar_chart(title: str, labels: Sequence[str], values: Sequence[float], unit: str) -> Markup:
    """An accessible inline SVG bar chart (no scripts, no inline CSS: fits the hub's CSP)."""
    width, height, pad = 640, 200, 28
    top = max(values, default=0) or 1
    step = (width - 2 * pad) / max(len(values), 1)
    parts = [
        (
            f'<svg role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height + 40}"'
            f' width="100%" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        )
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
