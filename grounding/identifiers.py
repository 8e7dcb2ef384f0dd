"""Identifiers in Swedish speech: personnummer, samordningsnummer, phone numbers, e-mail.

The device flags them in the transcript (``device.note.flags``) and the journal voice takes
them out of a statement's body (``grounding.voice.redact``), on the device and at the hub.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIGIT_RUN = re.compile(r"(?<![\d+])\+?\d+(?:[ \-+]?\d+)*")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_SPOKEN_EMAIL = re.compile(
    r"\b([a-zåäö0-9.]+(?:\s+punkt\s+[a-zåäö0-9]+)*)\s+snabel-?a\s+"
    r"([a-zåäö0-9-]+(?:\s+punkt\s+[a-zåäö0-9-]+)+)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class IdNumber:
    """A Luhn-valid Swedish identity number found in text."""

    kind: str
    """``personnummer`` or ``samordningsnummer``."""
    match: str


def luhn_ok(digits: str) -> bool:
    """Luhn check over the ten-digit form ``YYMMDDNNNC``."""
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def id_kind(digits: str) -> str | None:
    """``personnummer``/``samordningsnummer`` if ``digits`` (10 or 12) is a valid one."""
    if len(digits) == 12:
        if digits[:2] not in ("18", "19", "20"):
            return None
        digits = digits[2:]
    if len(digits) != 10 or not luhn_ok(digits):
        return None
    month, day = int(digits[2:4]), int(digits[4:6])
    if not 1 <= month <= 12:
        return None
    if 1 <= day <= 31:
        return "personnummer"
    if 61 <= day <= 91:
        return "samordningsnummer"
    return None


def _group_spans(run: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\d+", run)]


def find_id_numbers(text: str) -> list[IdNumber]:
    """Valid personnummer and samordningsnummer, with or without separators or digit pairs."""
    found: list[IdNumber] = []
    for run in _DIGIT_RUN.finditer(text):
        groups = _group_spans(run.group())
        for first in range(len(groups)):
            for last in range(first, len(groups)):
                span = run.group()[groups[first][0] : groups[last][1]]
                digits = re.sub(r"\D", "", span)
                kind = id_kind(digits) if len(digits) in (10, 12) else None
                if kind is not None and not any(span in f.match for f in found):
                    found.append(IdNumber(kind, span))
    return found


def find_phone_numbers(text: str) -> list[str]:
    """Swedish phone numbers: ``07x-xxx xx xx``, ``08-123 45 67``, ``+46 70 …``."""
    ids = [n.match for n in find_id_numbers(text)]
    found = []
    for run in _DIGIT_RUN.finditer(text):
        span = run.group().strip()
        digits = re.sub(r"\D", "", span)
        national = span.startswith("0") and not span.startswith("00") and 8 <= len(digits) <= 10
        international = span.startswith("+46") and 10 <= len(digits) <= 12
        if (national or international) and not any(span in i or i in span for i in ids):
            found.append(span)
    return found


def find_emails(text: str) -> list[str]:
    """E-mail addresses, written (``a@b.se``) or spoken (``anna punkt berg snabel-a …``)."""
    return [m.group() for m in _EMAIL.finditer(text)] + [
        m.group() for m in _SPOKEN_EMAIL.finditer(text)
    ]
