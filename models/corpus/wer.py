"""Word error rate of a transcript against a corpus reference, with jiwer.

One normalisation for every WER figure (tests, benchmarks, the demo): lower case,
punctuation dropped, digits kept, whitespace collapsed.
"""

from __future__ import annotations

import re

import jiwer


def normalise(text: str) -> str:
    """Lower case, punctuation dropped, digits kept, whitespace collapsed."""
    text = re.sub(r"[^\w\s]", " ", text.lower())
    return " ".join(text.split())


def word_error_rate(reference: str, hypothesis: str) -> float:
    """Word error rate after normalisation; an empty hypothesis counts every word deleted."""
    ref = normalise(reference)
    if not ref:
        msg = "the reference has no words to score against"
        raise ValueError(msg)
    return float(jiwer.wer(ref, normalise(hypothesis) or "<empty>"))
