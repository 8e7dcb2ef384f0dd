"""Accessible inline SVG bar charts (no scripts, no inline CSS: they fit the hub's CSP).

Each chart is ``role="img"`` with a ``<title>`` (its name) and a ``<desc>`` listing every
bar's label and value, and each bar carries its own ``<title>``; pages put the same
figures in a data table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD = 720, 200, 28


def bar_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    unit: str,
    *,
    texts: Sequence[str] | None = None,
    chart_id: str = "",
) -> Markup:
    """One bar per label; a None value draws no bar and shows its text (e.g. "färre än 5").

    ``texts`` are the values as the page writes them (default ``{value:g}``); ``chart_id``
    gives the title and description ids the ``svg`` is labelled and described by.
    """
    shown = list(texts) if texts is not None else [_default(v) for v in values]
    top = max((v for v in values if v is not None), default=0) or 1
    step = (WIDTH - 2 * PAD) / max(len(values), 1)
    parts = [_head(title, labels, shown, chart_id)]
    for i, (label, value, text) in enumerate(zip(labels, values, shown, strict=True)):
        bar = (HEIGHT - PAD) * (value or 0) / top
        parts.append(_bar(PAD + i * step, step, bar, f"{label}: {text} {unit}"))
        parts.append(_label(PAD + i * step + step / 2, HEIGHT - bar - 4, text))
        parts.append(_label(PAD + i * step + step / 2, HEIGHT + 16, label[-3:]))
    parts.append(
        f'<line x1="{PAD}" y1="{HEIGHT}" x2="{WIDTH - PAD}" y2="{HEIGHT}" stroke="#333"/></svg>'
    )
    return Markup("".join(parts))  # noqa: S704  (every interpolated text is escaped)


def _default(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


def _head(title: str, labels: Sequence[str], shown: Sequence[str], chart_id: str) -> str:
    desc = "; ".join(f"{label}: {text}" for label, text in zip(labels, shown, strict=True))
    if chart_id:
        names = f' aria-labelledby="{chart_id}-titel" aria-describedby="{chart_id}-beskrivning"'
        title_id, desc_id = f' id="{chart_id}-titel"', f' id="{chart_id}-beskrivning"'
    else:
        names, title_id, desc_id = f' aria-label="{escape(title)}"', "", ""
    return (
        f'<svg role="img"{names} viewBox="0 0 {WIDTH} {HEIGHT + 40}" width="100%"'
        f' xmlns="http://www.w3.org/2000/svg"><title{title_id}>{escape(title)}</title>'
        f"<desc{desc_id}>{escape(desc)}</desc>"
    )


def _bar(x: float, step: float, bar: float, tooltip: str) -> str:
    return (
        f'<rect x="{x + 3:.1f}" y="{HEIGHT - bar:.1f}" width="{step - 6:.1f}" '
        f'height="{bar:.1f}" fill="#2f6f9f"><title>{escape(tooltip)}</title></rect>'
    )


def _label(x: float, y: float, text: str) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="10" text-anchor="middle">{escape(text)}</text>'
    )
