"""Recognition of one segment with the repetition guard and a re-decode fallback."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from device.speech.guard import Guard
from device.speech.memory import return_freed_memory


@dataclass(frozen=True)
class Decoded:
    """Raw output of one decoder for one segment."""

    text: str
    language: str


class Decoder(Protocol):
    """Anything that turns 16 kHz float samples into text (the real one is WhisperDecoder)."""

    name: str

    def decode(self, samples: npt.NDArray[np.float32]) -> Decoded: ...


class LazyDecoder:
    """A decoder loaded on first use that can be dropped again to free its memory.

    The worker never holds two Whisper models at once: the default one is released while
    the fallback re-decodes a flagged segment, and the fallback is released afterwards.
    """

    def __init__(self, name: str, load: Callable[[], Decoder]) -> None:
        self.name = name
        self._load = load
        self._inner: Decoder | None = None

    @property
    def loaded(self) -> bool:
        return self._inner is not None

    def load(self) -> None:
        """Load now (to fail early on a bad model file)."""
        if self._inner is None:
            self._inner = self._load()

    def release(self) -> None:
        """Drop the model; the next decode loads it again."""
        if self._inner is not None:
            self._inner = None
            return_freed_memory()

    def decode(self, samples: npt.NDArray[np.float32]) -> Decoded:
        self.load()
        assert self._inner is not None  # noqa: S101 - narrows the type: load() has just set it
        return self._inner.decode(samples)


@dataclass(frozen=True)
class Recognized:
    """Checked text of one segment, with the flags the guard left on it."""

    text: str
    language: str
    flags: tuple[str, ...]


class Recognizer:
    """Decodes with the primary model; a flagged result is re-decoded with the fallback."""

    def __init__(
        self,
        primary: Decoder,
        guard: Guard,
        fallback: Decoder | None = None,
        redecode_max_samples: int = 16000 * 10,
    ) -> None:
        self.primary = primary
        self.fallback = fallback
        self.guard = guard
        self.redecode_max_samples = redecode_max_samples
        """Flagged segments longer than this are re-decoded in two halves."""

    def recognize(self, samples: npt.NDArray[np.float32]) -> Recognized:
        first = self.primary.decode(samples)
        verdict = self.guard.check(first.text, samples)
        if verdict.ok:
            return Recognized(first.text, first.language, ())
        if self.fallback is None:
            return Recognized(first.text, first.language, (*verdict.flags, "low_confidence"))
        second = self._redecode(self.fallback, samples)
        again = self.guard.check(second.text, samples)
        flags = (*verdict.flags, "redecoded")
        if not again.ok:
            flags = (*flags, "low_confidence")
        return Recognized(second.text, second.language, flags)

    def _redecode(self, fallback: Decoder, samples: npt.NDArray[np.float32]) -> Decoded:
        _release(self.primary)
        try:
            pieces = [fallback.decode(p) for p in halves(samples, self.redecode_max_samples)]
        finally:
            _release(fallback)
        text = " ".join(p.text for p in pieces if p.text)
        return Decoded(text, pieces[0].language)


def halves(samples: npt.NDArray[np.float32], limit: int) -> list[npt.NDArray[np.float32]]:
    """Cut audio longer than ``limit`` samples at its quietest 32 ms in the middle half,
    again and again until every piece fits.

    The fallback model's memory grows with segment length; shorter pieces keep the re-decode
    of a 25 s segment within the worker's memory budget.
    """
    if len(samples) <= limit:
        return [samples]
    window = 512
    lo, hi = len(samples) // 4, 3 * len(samples) // 4
    starts = range(lo, hi - window, window)
    cut = (
        min(starts, key=lambda s: float(np.mean(np.square(samples[s : s + window])))) + window // 2
    )
    return [*halves(samples[:cut], limit), *halves(samples[cut:], limit)]


def _release(decoder: Decoder) -> None:
    release = getattr(decoder, "release", None)
    if callable(release):
        release()
