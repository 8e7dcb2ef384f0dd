"""Text helpers for the pages: Swedish count words, the decimal comma, kept line breaks and
Swedish time."""

from __future__ import annotations

from markupsafe import Markup, escape

from hub.services.stockholm import swedish_time

__all__ = ["antal", "decimal", "line_breaks", "swedish_time"]


def antal(count: int, singular: str, plural: str) -> str:
    """``1 anteckning``, ``3 anteckningar``: the count with the word form it takes."""
    return f"{count} {singular if count == 1 else plural}"


def decimal(value: float, digits: int = 1) -> str:
    """``0,3``: a number with Swedish decimal comma and ``digits`` decimals."""
    return f"{value:.{digits}f}".replace(".", ",").replace("-", "\u2212")


def line_breaks(text: str) -> Markup:
    """The text escaped, with each line break kept as ``<br>`` (statements and klartext)."""
    return Markup("<br>\n").join(escape(line) for line in text.splitlines())
