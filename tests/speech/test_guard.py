"""The repetition and hallucination guard on decoded text."""

from __future__ import annotations

import numpy as np

from device.speech.guard import Guard, compression_ratio, longest_run, words
from device.speech.settings import GuardSettings

SPEECH = (0.1 * np.sin(np.linspace(0, 2000, 32000))).astype(np.float32)
SILENCE = np.zeros(32000, dtype=np.float32)


def test_ordinary_sentence_passes() -> None:
    """A normal Swedish sentence on audible audio raises no flag."""
    verdict = Guard(GuardSettings()).check("Vi ses igen på tisdag klockan tio.", SPEECH)
    assert verdict.ok


def test_looping_phrase_is_flagged_as_repetition() -> None:
    """The loop the int8 model once produced is caught."""
    text = "Jag tycker att det är bra eller en råd eller en råd eller en råd eller en råd"
    verdict = Guard(GuardSettings()).check(text, SPEECH)
    assert verdict.flags == ("repetition",)


def test_word_said_three_times_is_not_a_loop() -> None:
    """People do say "nej nej nej"; three times is not flagged."""
    assert Guard(GuardSettings()).check("Nej nej nej, det stämmer inte.", SPEECH).ok


def test_text_on_silence_is_flagged() -> None:
    """Text decoded from digital silence is taken as hallucinated."""
    verdict = Guard(GuardSettings()).check("Tack för att du tittade.", SILENCE)
    assert verdict.flags == ("silence_text",)


def test_empty_text_is_never_flagged() -> None:
    """No text means nothing to distrust, even on silence."""
    assert Guard(GuardSettings()).check("", SILENCE).ok


def test_highly_compressible_text_is_flagged() -> None:
    """Text with an implausible compression ratio is flagged even without word repeats."""
    text = "abcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabc"
    assert compression_ratio(text) > 2.4
    assert Guard(GuardSettings()).check(text, SPEECH).flags == ("repetition",)


def test_longest_run_counts_back_to_back_ngrams() -> None:
    """A bigram repeated three times back to back has a run of three."""
    assert longest_run(words("a b a b a b c"), 2) == 3
