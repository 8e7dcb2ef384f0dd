"""The effect page (``/uppfoljning``) and its CSV, for unit managers and the DPO.

Per ISO week and organisational unit, never per client: the only query parameter is the
unit (``enhet``), and the CSV's columns are the week, the unit and the measures.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from hub.services.accounts import ALL_UNITS
from hub.services.aggregate import COLUMNS, Column, Mark
from hub.services.figures import SECTIONS
from hub.services.flag_decisions import CHOICE_TITLES
from hub.services.measures import (
    VIEWERS,
    GroupRow,
    Report,
    UnitRefusedError,
    cell_text,
    few_text,
    to_csv,
)
from hub.services.review import FLAG_TITLES
from hub.web.charts import bar_chart
from hub.web.context import hub, render, require_role

router = APIRouter(tags=["measures"])
VIEWER_ROLES = tuple(VIEWERS)
RECOMMENDED_MIN_GROUP = 5
"""The threshold below which the page warns that small groups are shown."""

#: The plots: (id, column key, title, unit word).
CHARTS = (
    ("inspelade", "inspelade_moten", "Inspelade möten per vecka", "möten"),
    ("godkanda", "andel_godkanda", "Andel godkända anteckningar per vecka", "procent"),
    (
        "till-godkannande",
        "median_timmar_till_godkannande",
        "Median tid från mötets slut till godkännande per vecka (timmar)",
        "timmar",
    ),
    ("ai-text", "andel_ai_text_kvar", "Andel AI-text kvar oförändrad per vecka", "procent"),
    (
        "sparad-tid",
        "uppskattad_sparad_tid_minuter",
        "Uppskattad sparad tid per vecka (minuter)",
        "minuter",
    ),
)
#: The data tables: (id, caption, column keys).
TABLES = (
    (
        "anvandning",
        "Användning och tid per vecka",
        (
            "inspelade_moten",
            "andel_godkanda",
            "andel_exporterade",
            "median_timmar_till_godkannande",
            "median_granskningstid_minuter",
            "uppskattad_sparad_tid_minuter",
        ),
    ),
    (
        "ai-text",
        "Andel av AI-textens ord som finns kvar oförändrade i den godkända versionen",
        ("andel_ai_text_kvar", *(f"andel_ai_text_kvar_{s}" for s in SECTIONS)),
    ),
    (
        "flaggor",
        "Flaggor per godkänd anteckning, efter typ, och hur de löstes",
        (
            "flaggor_per_anteckning",
            *(f"flaggor_per_anteckning_{k}" for k in FLAG_TITLES),
            *(f"andel_flaggor_{c}" for c in CHOICE_TITLES),
        ),
    ),
    (
        "klientsvar",
        "Klientens svar på frågan Var det okej att samtalet spelades in?",
        ("andel_klientsvar_ja", "andel_klientsvar_nej", "andel_klientsvar_obesvarade"),
    ),
)
_BY_KEY = {column.key: column for column in COLUMNS}


def _today(request: Request) -> dt.date:
    return dt.datetime.fromtimestamp(hub(request).clock(), dt.UTC).date()


def _report(request: Request, fmt: str, unit: str = "") -> Report | Response:
    user = require_role(request, *VIEWER_ROLES)
    try:
        return hub(request).measures.report(user, _today(request), fmt=fmt, unit=unit)
    except UnitRefusedError as exc:
        hub(request).audit.refused(user.username, request.url.path, status=403, reason="enhet")
        return render(request, "error.html", {"message": str(exc)}, status=403)


@router.get("/uppfoljning")
def measures_page(request: Request, enhet: str = "") -> Response:
    """The chosen unit's (or all units') measures, week by week, as plots and tables."""
    report = _report(request, "html", enhet.strip())
    if isinstance(report, Response):
        return report
    chosen = enhet.strip() or (report.units[-1] if report.units else "")
    rows = report.rows.get(chosen, [])
    return render(request, "measures.html", _context(report, chosen, rows))


@router.get("/uppfoljning.csv")
def measures_csv(request: Request) -> Response:
    """Every unit the viewer may see, week by week, as CSV (UTF-8 with BOM, semicolons)."""
    report = _report(request, "csv")
    if isinstance(report, Response):
        return report
    return Response(
        "\ufeff" + to_csv(report),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="uppfoljning.csv"'},
    )


def _context(report: Report, chosen: str, rows: list[GroupRow]) -> dict[str, Any]:
    return {
        "report": report,
        "chosen": chosen,
        "all_units": ALL_UNITS,
        "few": few_text(report.min_group),
        "lowered": report.min_group < RECOMMENDED_MIN_GROUP,
        "recommended": RECOMMENDED_MIN_GROUP,
        "charts": [_chart(chart, rows, report.min_group) for chart in CHARTS] if rows else [],
        "tables": [_table(table, rows, report.min_group) for table in TABLES] if rows else [],
    }


def _chart(spec: tuple[str, str, str, str], rows: list[GroupRow], min_group: int) -> Any:
    chart_id, key, title, unit = spec
    column = _BY_KEY[key]
    values = [_plotted(row.values[key], column) for row in rows]
    texts = [cell_text(row.values[key], column.kind, min_group) for row in rows]
    labels = [row.week for row in rows]
    svg = bar_chart(title, labels, values, unit, texts=texts, chart_id=f"diagram-{chart_id}")
    return title, svg


def _plotted(value: float | Mark, column: Column) -> float | None:
    if isinstance(value, Mark):
        return None
    return value * 100 if column.kind == "share" else value


def _table(
    spec: tuple[str, str, tuple[str, ...]], rows: list[GroupRow], min_group: int
) -> dict[str, Any]:
    """One measure a row, one week a column (the weeks' labels are short, the titles long)."""
    table_id, caption, keys = spec
    columns = [_BY_KEY[key] for key in keys]
    body = [
        (c.title, [cell_text(row.values[c.key], c.kind, min_group) for row in rows])
        for c in columns
    ]
    return {"id": table_id, "caption": caption, "weeks": [r.week for r in rows], "rows": body}
