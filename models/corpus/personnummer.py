"""Swedish personnummer: normalising the spoken form and checking the Luhn digit."""

from __future__ import annotations

import datetime as dt
import re


def digits_of(spoken: str) -> str:
    """The digits of a personnummer as written in a transcript, e.g. ``85 03 12-48 21``."""
    digits = re.sub(r"\D", "", spoken)
    if len(digits) not in (10, 12):
        raise ValueError(f"personnummer {spoken!r} has {len(digits)} digits, expected 10 or 12")
    return digits[-10:]


def normalise(spoken: str) -> str:
    """``YYMMDD-NNNC`` form of a spoken personnummer."""
    digits = digits_of(spoken)
    return f"{digits[:6]}-{digits[6:]}"


def luhn_ok(ten_digits: str) -> bool:
    """True when the tenth digit is the Luhn check digit of the first nine."""
    total = 0
    for index, char in enumerate(ten_digits[:9]):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10 == int(ten_digits[9])


def is_valid(spoken: str) -> bool:
    """True when the birth date exists (samordningsnummer day+60 allowed) and Luhn holds."""
    digits = digits_of(spoken)
    year, month, day = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    if day > 60:
        day -= 60
    try:
        dt.date(2000 + year, month, day)
    except ValueError:
        return False
    return luhn_ok(digits)
