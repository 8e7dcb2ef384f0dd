"""Swedish number words for the pages: singular or plural by count, and the decimal comma."""

from __future__ import annotations


def antal(count: int, singular: str, plural: str) -> str:
    """``1 anteckning``, ``3 anteckningar``: the count with the word form it takes."""
    return f"{count} {singular if count == 1 else plural}"


def decimal(value: float, digits: int = 1) -> str:
    """``0,3``: a number with Swedish decimal comma and ``digits`` decimals."""
    return f"{value:.{digits}f}".replace(".", ",").replace("-", "\u2212")
