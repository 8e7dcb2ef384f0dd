"""Scoring transcripts against references: word error rate and speaker accuracy."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence

from models.corpus.wer import normalise, word_error_rate
from wire.transcript import Segment

__all__ = ["normalise", "speaker_accuracy", "true_speaker", "wer"]

wer = word_error_rate
"""Word error rate after normalisation (``models.corpus.wer``, the one the demo prints)."""


def true_speaker(segment: Segment, utterances: Sequence[tuple[float, float, str]]) -> str | None:
    """The reference speaker whose utterance overlaps the segment most."""
    overlap: dict[str, float] = {}
    for start, end, speaker in utterances:
        shared = min(end, segment.end) - max(start, segment.start)
        if shared > 0:
            overlap[speaker] = overlap.get(speaker, 0.0) + shared
    return max(overlap, key=overlap.__getitem__) if overlap else None


def speaker_accuracy(
    segments: Sequence[Segment], utterances: Sequence[tuple[float, float, str]]
) -> float:
    """Share of segments whose label maps to their true speaker under the best one-to-one map."""
    pairs = [(s.speaker, true_speaker(s, utterances)) for s in segments]
    pairs = [(label, truth) for label, truth in pairs if truth is not None]
    if not pairs:
        return 0.0
    counts = Counter(pairs)
    labels = sorted({label for label, _ in pairs})
    truths: list[str | None] = [*sorted({t for _, t in pairs if t is not None})]
    truths += [None] * max(0, len(labels) - len(truths))
    best = max(
        sum(counts[(label, truth)] for label, truth in zip(labels, perm, strict=False))
        for perm in itertools.permutations(truths, len(labels))
    )
    return best / len(pairs)
