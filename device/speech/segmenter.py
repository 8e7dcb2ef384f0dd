"""Streaming segmentation: turns per-window VAD decisions into speech spans.

Silero (through sherpa-onnx) answers "speech or not" per 32 ms window, already debounced by
its minimum speech and silence durations. This module adds what Whisper needs: padding at
both edges, a minimum length, and a maximum length, splitting long speech at its quietest
window so no word is cut in half. Pure logic; sample indices only.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from device.speech.settings import SAMPLE_RATE, VadSettings


@dataclass(frozen=True)
class Span:
    """A stretch of speech, in samples from the start of the recording."""

    start: int
    end: int

    @property
    def duration_s(self) -> float:
        return (self.end - self.start) / SAMPLE_RATE


class Segmenter:
    """Feed windows in order with :meth:`push`; finished spans come back as they close."""

    def __init__(self, settings: VadSettings) -> None:
        self.settings = settings
        self._rate = SAMPLE_RATE
        self._open: int | None = None
        self._last_speech_end = 0
        self._released = 0
        self._levels: list[tuple[int, int, float]] = []
        """(start, end, rms) of the open span's windows, for choosing a split point."""

    @property
    def open_start(self) -> int | None:
        """First sample of the speech still open, if any (audio before it can be released)."""
        return self._open

    def _s(self, seconds: float) -> int:
        return round(seconds * self._rate)

    def push(self, start: int, end: int, *, speech: bool, rms: float) -> list[Span]:
        """One VAD window [start, end) with its decision and level; returns closed spans."""
        if self._open is None:
            if not speech:
                return []
            lookback = self._s(self.settings.min_speech_s + self.settings.pad_s)
            self._open = max(self._released, start - lookback)
        self._levels.append((start, end, rms))
        if speech:
            self._last_speech_end = end
            return self._maybe_split(end)
        return self._close()

    def flush(self, end: int) -> list[Span]:
        """Close any open speech at the end of the recording."""
        if self._open is None:
            return []
        return self._emit(self._open, max(self._last_speech_end, self._open), end)

    def _close(self) -> list[Span]:
        assert self._open is not None  # noqa: S101 - narrows the type: called only while open
        hang = self._s(self.settings.min_silence_s)
        stop = self._last_speech_end - hang + self._s(self.settings.pad_s)
        return self._emit(self._open, max(stop, self._open), self._levels[-1][1])

    def _emit(self, start: int, stop: int, limit: int) -> list[Span]:
        stop = min(stop, limit)
        self._open = None
        self._levels = []
        self._released = stop
        if stop - start < self._s(self.settings.min_speech_s):
            return []
        return self._split_all(Span(start, stop))

    def _split_all(self, span: Span) -> list[Span]:
        """Cut an over-long closed span evenly (the live path splits at quiet points)."""
        limit = self._s(self.settings.max_segment_s)
        pieces = -(-(span.end - span.start) // limit)
        if pieces <= 1:
            return [span]
        edges = [span.start + (span.end - span.start) * k // pieces for k in range(pieces + 1)]
        return [Span(a, b) for a, b in itertools.pairwise(edges)]

    def _maybe_split(self, now: int) -> list[Span]:
        assert self._open is not None  # noqa: S101 - narrows the type: called only while open
        if now - self._open < self._s(self.settings.max_segment_s):
            return []
        earliest = self._open + self._s(self.settings.min_split_s)
        candidates = [w for w in self._levels if w[0] >= earliest]
        quiet = min(candidates, key=lambda w: w[2]) if candidates else self._levels[-1]
        cut = (quiet[0] + quiet[1]) // 2
        span = Span(self._open, cut)
        self._open = cut
        self._levels = [w for w in self._levels if w[0] >= cut]
        return [span]
