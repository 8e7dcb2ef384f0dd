"""A short recap in plain Swedish (klartext) that the client can read."""

from __future__ import annotations

from datetime import date

from grounding.dates import MONTHS
from wire.note import Statement

_MAX_LINES = 6


def swedish_date(iso: str) -> str:
    """``2026-11-12`` → ``12 november 2026``."""
    day = date.fromisoformat(iso)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _bullets(statements: tuple[Statement, ...]) -> list[str]:
    lines = []
    for statement in statements[:_MAX_LINES]:
        when = f" ({swedish_date(statement.datum)})" if statement.datum else ""
        lines.append(f"- {statement.text.rstrip('.')}{when}.")
    if len(statements) > _MAX_LINES:
        lines.append(f"- Och {len(statements) - _MAX_LINES} saker till i anteckningen.")
    return lines


def recap(
    meeting_date: str,
    agreements: tuple[Statement, ...],
    next_steps: tuple[Statement, ...],
    *,
    spoken: bool,
) -> str:
    """Plain-Swedish recap built only from the note's own agreements and next steps."""
    opening = f"Vi träffades den {swedish_date(meeting_date)}."
    if not spoken:
        return f"{opening} Inget samtal spelades in, så det finns inget att sammanfatta."
    parts = [opening]
    if agreements:
        parts += ["Det här kom vi överens om:", *_bullets(agreements)]
    if next_steps:
        parts += ["Det här händer sedan:", *_bullets(next_steps)]
    if not agreements and not next_steps:
        parts.append("Vi bestämde inget nytt på mötet.")
    parts.append("Du har rätt att läsa det som skrivs om dig. Fråga om något är fel.")
    return "\n".join(parts)
