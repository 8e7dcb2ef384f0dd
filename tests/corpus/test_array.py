"""Multichannel files: inter-microphone delays follow the array geometry."""

from __future__ import annotations

import numpy as np
import pytest

from models.corpus import Corpus
from models.corpus.array import RESPEAKER_4, RESPEAKER_6, ArrayGeometry, Placement, render_array
from models.corpus.wavio import read_wav
from tests.corpus.audio_checks import lag_samples

TOLERANCE_SAMPLES = 0.1


def _expected_lags(geometry: ArrayGeometry, angle: float) -> list[float]:
    delays = geometry.delays_s(angle)
    return [(d - delays[0]) * 16000 for d in delays]


@pytest.mark.parametrize("geometry", [RESPEAKER_4, RESPEAKER_6], ids=lambda g: g.name)
def test_measured_lags_match_geometry_for_each_speaker(
    corpus: Corpus, geometry: ArrayGeometry
) -> None:
    """Cross-correlating mic k with mic 0 over a second of one speaker gives the geometric lag."""
    meeting = corpus.by_duration()[1]
    pcm, _ = read_wav(meeting.folder / f"{geometry.name}.wav")
    ref = meeting.reference
    for speaker, angle in ref.speaker_angles_deg.items():
        utt = max(
            (u for u in ref.utterances if u.speaker == speaker), key=lambda u: u.end - u.start
        )
        middle = int((utt.start + utt.end) / 2 * 16000)
        seg = pcm[middle - 8000 : middle + 8000].astype(np.float64)
        measured = [lag_samples(seg[:, 0], seg[:, k]) for k in range(geometry.mics)]
        expected = _expected_lags(geometry, angle)
        assert measured == pytest.approx(expected, abs=TOLERANCE_SAMPLES), (speaker, angle)


def test_nearest_microphone_hears_the_speaker_first() -> None:
    """A source straight at mic 0 reaches mic 0 before the opposite microphone."""
    delays = RESPEAKER_6.delays_s(0.0)
    assert delays[0] == min(delays)
    assert delays[3] == max(delays)


def test_fractional_delay_shifts_a_click_by_the_right_amount() -> None:
    """A band-limited click rendered from 90° lands at the sub-sample delay geometry predicts."""
    click = np.zeros(4096)
    click[2048] = 1.0
    placed = [Placement(100, click, 90.0)]
    out = render_array(placed, 4300, RESPEAKER_6, 0.0, np.random.default_rng(0))
    measured = [lag_samples(out[:, 0].astype(np.float64), out[:, k]) for k in range(6)]
    assert measured == pytest.approx(_expected_lags(RESPEAKER_6, 90.0), abs=0.02)


def test_array_noise_is_seeded() -> None:
    """The same seed gives the same noisy array signal."""
    placed = [Placement(0, np.sin(np.arange(8000) / 7.0), 45.0)]
    runs = [
        render_array(placed, 8000, RESPEAKER_4, 0.002, np.random.default_rng(7)) for _ in range(2)
    ]
    assert np.array_equal(runs[0], runs[1])
