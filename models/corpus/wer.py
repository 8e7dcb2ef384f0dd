"""Word error rate of a transcript against a corpus reference, with jiwer.

One normalisation for every WER figure (tests, benchmarks, the demo): lower case,
punctuation dropped, digits kept, whitespace collapsed. English is first put through
Whisper's own English normaliser (whisper-normalizer on PyPI, the one Whisper's English
figures are reported with): "7,400" and "7400", "one o'clock" and "1 o'clock" are the
same words, not errors.
"""

from __future__ import annotations

import re
from functools import cache

import jiwer
from whisper_normalizer.english import EnglishTextNormalizer

LANGUAGES = ("sv", "en")


@cache
def _english() -> EnglishTextNormalizer:
    return EnglishTextNormalizer()


def normalise(text: str, language: str = "sv") -> str:
    """Lower case, punctuation dropped, digits kept, whitespace collapsed; English also
    through Whisper's English normaliser (numbers, spellings, contractions)."""
    if language not in LANGUAGES:
        msg = f"no WER normalisation for language {language!r}; known: {', '.join(LANGUAGES)}"
        raise ValueError(msg)
    if language == "en":
        text = _english()(text)
    text = re.sub(r"[^\w\s]", " ", text.lower())
    return " ".join(text.split())


def word_error_rate(reference: str, hypothesis: str, language: str = "sv") -> float:
    """Word error rate after normalisation; an empty hypothesis counts every word deleted."""
    ref = normalise(reference, language)
    if not ref:
        msg = "the reference has no words to score against"
        raise ValueError(msg)
    return float(jiwer.wer(ref, normalise(hypothesis, language) or "<empty>"))
