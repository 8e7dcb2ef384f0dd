"""Recognition of one segment with the repetition guard and a re-decode fallback."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from device.speech.guard import Guard


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
    """Loads its decoder on first use: the fp32 fallback costs memory only once it is needed."""

    def __init__(self, name: str, load: Callable[[], Decoder]) -> None:
        self.name = name
        self._load = load
        self._inner: Decoder | None = None

    @property
    def loaded(self) -> bool:
        return self._inner is not None

    def decode(self, samples: npt.NDArray[np.float32]) -> Decoded:
        if self._inner is None:
            self._inner = self._load()
        return self._inner.decode(samples)


@dataclass(frozen=True)
class Recognized:
    """Checked text of one segment, with the flags the guard left on it."""

    text: str
    language: str
    flags: tuple[str, ...]


class Recognizer:
    """Decodes with the primary model; a flagged result is re-decoded with the fallback."""

    def __init__(self, primary: Decoder, guard: Guard, fallback: Decoder | None = None) -> None:
        self.primary = primary
        self.fallback = fallback
        self.guard = guard

    def recognize(self, samples: npt.NDArray[np.float32]) -> Recognized:
        first = self.primary.decode(samples)
        verdict = self.guard.check(first.text, samples)
        if verdict.ok:
            return Recognized(first.text, first.language, ())
        if self.fallback is None:
            return Recognized(first.text, first.language, (*verdict.flags, "low_confidence"))
        second = self.fallback.decode(samples)
        again = self.guard.check(second.text, samples)
        flags = (*verdict.flags, "redecoded")
        if not again.ok:
            flags = (*flags, "low_confidence")
        return Recognized(second.text, second.language, flags)
