"""Personnummer normalisation and Luhn validation used by the reference facts."""

from __future__ import annotations

import pytest

from models.corpus import personnummer


def test_known_valid_number_passes() -> None:
    """Skatteverket's example number 811218-9876 is valid."""
    assert personnummer.is_valid("811218-9876")


def test_wrong_check_digit_fails() -> None:
    """Changing the check digit makes a number invalid."""
    assert not personnummer.is_valid("811218-9875")


def test_impossible_date_fails() -> None:
    """A number whose month is 13 is invalid even with a correct Luhn digit."""
    digits = next(f"811318-987{c}" for c in range(10) if personnummer.luhn_ok(f"811318987{c}"))
    assert not personnummer.is_valid(digits)


def test_spoken_pairs_normalise_to_standard_form() -> None:
    """Digit pairs as spoken become YYMMDD-NNNN."""
    assert personnummer.normalise("12 04 15-23 81") == "120415-2381"


def test_too_few_digits_is_rejected() -> None:
    """A string with the wrong number of digits raises ValueError."""
    with pytest.raises(ValueError, match="digits"):
        personnummer.digits_of("12 04 15")
