"""The word error rate every WER figure uses: the benchmarks, the speech tests, the demo."""

from __future__ import annotations

import pytest

from models.corpus.wer import normalise, word_error_rate


def test_case_and_punctuation_are_not_errors() -> None:
    """Capitals, commas and full stops do not count as errors."""
    assert word_error_rate("Vi ses på tisdag, Anna.", "vi ses på tisdag anna") == 0.0


def test_digits_and_swedish_letters_survive_normalisation() -> None:
    """Normalisation keeps digits and å, ä, ö; a hyphen splits like a space."""
    assert normalise("Ja, det är 12 04 15-23 81. Åh!") == "ja det är 12 04 15 23 81 åh"


def test_one_wrong_word_in_four_scores_a_quarter() -> None:
    """A substituted word counts as one error over the reference's word count."""
    assert word_error_rate("han går inte dit", "han går också dit") == 0.25


def test_a_dropped_negation_counts_as_an_error() -> None:
    """A deleted word ("inte") is an error, not ignored."""
    assert word_error_rate("han går inte dit", "han går dit") == 0.25


def test_an_empty_transcript_scores_one() -> None:
    """A hypothesis with no words has every reference word deleted."""
    assert word_error_rate("Tack för i dag.", " . ") == 1.0


def test_an_empty_reference_is_refused() -> None:
    """A reference with no words raises a clear error instead of dividing by zero."""
    with pytest.raises(ValueError, match="reference has no words"):
        word_error_rate(" ,. ", "något")


def test_english_numbers_and_spellings_are_not_errors() -> None:
    """In English, Whisper's normaliser makes "7,400"/"7400" and "one"/"1" the same words."""
    reference = "The rent is 7,400 kronor, and we meet at one o'clock."
    hypothesis = "the rent is 7400 kronor and we meet at 1 o'clock"
    assert word_error_rate(reference, hypothesis, "en") == 0.0


def test_english_normalisation_still_counts_a_wrong_word() -> None:
    """The English normaliser leaves real misrecognitions as errors."""
    assert word_error_rate("I have no debts", "I have no nets", "en") == 0.25


def test_an_unknown_language_is_refused() -> None:
    """A language without a normalisation raises instead of scoring with the wrong rules."""
    with pytest.raises(ValueError, match="no WER normalisation"):
        word_error_rate("hej", "hej", "de")
