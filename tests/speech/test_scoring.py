"""The scoring helpers the speech tests and benchmark rely on."""

from __future__ import annotations

from tests.speech.scoring import speaker_accuracy, wer
from wire.transcript import Segment


def seg(start: float, end: float, speaker: str) -> Segment:
    return Segment(id="s0001", start=start, end=end, speaker=speaker, text="")


TURNS = [(0.0, 2.0, "S1"), (2.5, 4.0, "S2"), (4.5, 6.0, "S1")]


def test_swapped_label_names_still_score_full_accuracy() -> None:
    """Cluster names need not match reference names; the best one-to-one map is used."""
    segments = [seg(0, 2, "S2"), seg(2.5, 4, "S1"), seg(4.5, 6, "S2")]
    assert speaker_accuracy(segments, TURNS) == 1.0


def test_one_wrong_label_in_three_scores_two_thirds() -> None:
    """A segment labelled as the other speaker counts as wrong."""
    segments = [seg(0, 2, "S1"), seg(2.5, 4, "S2"), seg(4.5, 6, "S2")]
    assert abs(speaker_accuracy(segments, TURNS) - 2 / 3) < 1e-9


def test_wer_ignores_case_and_punctuation() -> None:
    """Capitals and punctuation do not count as errors."""
    assert wer("Vi ses på tisdag.", "vi ses på tisdag") == 0.0
