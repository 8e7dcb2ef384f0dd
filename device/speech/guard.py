"""Repetition and hallucination checks on one decoded segment.

Whisper can loop ("… eller en råd eller en råd …"), write text onto silence, or answer a
long stretch of speech with a word or two (24 s of a Swedish meeting once came back as
"*Råd*"). Four cheap checks catch that: back-to-back repeated word n-grams, a zlib
compression ratio no real sentence reaches, text decoded from audio too quiet to hold
speech, and far fewer words than seconds of audible speech.
"""

from __future__ import annotations

import math
import re
import zlib
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from device.speech.settings import SAMPLE_RATE, GuardSettings

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class GuardVerdict:
    """What the guard found; an empty ``flags`` means the segment looks sound."""

    flags: tuple[str, ...]
    reason: str = ""

    @property
    def ok(self) -> bool:
        return not self.flags


def words(text: str) -> list[str]:
    """Lower-cased words of ``text``, punctuation dropped."""
    return [w.lower() for w in _WORD.findall(text)]


def longest_run(tokens: list[str], n: int) -> int:
    """Most back-to-back repetitions of any ``n``-word sequence in ``tokens``."""
    best = 1 if tokens else 0
    for start in range(len(tokens) - n + 1):
        gram = tokens[start : start + n]
        run, pos = 1, start + n
        while tokens[pos : pos + n] == gram:
            run, pos = run + 1, pos + n
        best = max(best, run)
    return best


def compression_ratio(text: str) -> float:
    """Bytes of the text over bytes of its zlib compression (Whisper's own loop heuristic)."""
    raw = text.encode("utf-8")
    return len(raw) / len(zlib.compress(raw)) if raw else 0.0


def rms_dbfs(samples: npt.NDArray[np.float32]) -> float:
    """RMS level of float samples in [-1, 1], in dB relative to full scale."""
    if samples.size == 0:
        return -math.inf
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))
    return 20 * math.log10(rms) if rms > 0 else -math.inf


class Guard:
    """Checks decoded text against its audio."""

    def __init__(self, settings: GuardSettings) -> None:
        self.settings = settings

    def check(self, text: str, samples: npt.NDArray[np.float32]) -> GuardVerdict:
        """Flag loops, hallucinations and dropped speech in ``text`` decoded from ``samples``."""
        level = rms_dbfs(samples)
        if level < self.settings.silence_dbfs:
            if not text.strip():
                return GuardVerdict(())
            return GuardVerdict(("silence_text",), f"text on audio at {level:.0f} dBFS")
        tokens = words(text)
        reason = self._repetition(text, tokens)
        if reason:
            return GuardVerdict(("repetition",), reason)
        reason = self._sparse(len(tokens), samples)
        return GuardVerdict(("sparse_text",), reason) if reason else GuardVerdict(())

    def _sparse(self, count: int, samples: npt.NDArray[np.float32]) -> str:
        seconds = samples.size / SAMPLE_RATE
        if seconds < self.settings.sparse_min_s:
            return ""
        if count / seconds >= self.settings.min_words_per_s:
            return ""
        return f"{count} words in {seconds:.1f} s of audible speech"

    def _repetition(self, text: str, tokens: list[str]) -> str:
        for n in range(1, self.settings.max_ngram + 1):
            limit = self.settings.max_word_repeats if n == 1 else self.settings.max_ngram_repeats
            run = longest_run(tokens, n)
            if run >= limit:
                return f"a {n}-word sequence repeats {run} times"
        ratio = compression_ratio(text)
        if ratio > self.settings.max_compression_ratio:
            return f"compression ratio {ratio:.2f}"
        return ""
