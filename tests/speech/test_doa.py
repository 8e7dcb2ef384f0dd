"""Direction of arrival by GCC-PHAT on synthetic array recordings."""

from __future__ import annotations

import numpy as np
import pytest

from device.speech.doa import DoaEstimator, angle_distance
from device.speech.errors import GeometryError
from device.speech.geometry import PRESETS
from device.speech.settings import DoaSettings
from tests.speech.synth import RATE, babble, record


@pytest.mark.parametrize("preset", ["respeaker-4mic", "respeaker-6mic"])
@pytest.mark.parametrize("azimuth", [0.0, 45.0, 130.0, 200.0, 275.0, 340.0])
def test_circular_array_finds_the_source_azimuth(preset: str, azimuth: float) -> None:
    """A source at a known azimuth is located within 10 degrees by a circular array."""
    geometry = PRESETS[preset]
    frames = record(babble(2.0, seed=1), geometry, azimuth)
    found = DoaEstimator(geometry, DoaSettings()).estimate(frames)
    assert found is not None
    assert angle_distance(found, azimuth) <= 10


@pytest.mark.parametrize("azimuth", [20.0, 90.0, 150.0])
def test_linear_array_finds_the_angle_to_its_axis(azimuth: float) -> None:
    """A linear array reports the angle between its axis and the source (0..180 degrees)."""
    geometry = PRESETS["respeaker-linear-4mic"]
    frames = record(babble(2.0, seed=2), geometry, azimuth)
    found = DoaEstimator(geometry, DoaSettings()).estimate(frames)
    assert found is not None
    assert abs(found - azimuth) <= 10


def test_linear_array_cannot_tell_front_from_back() -> None:
    """A source behind a linear array is reported at its mirror angle in front."""
    geometry = PRESETS["respeaker-linear-4mic"]
    frames = record(babble(2.0, seed=3), geometry, 300.0)
    found = DoaEstimator(geometry, DoaSettings()).estimate(frames)
    assert found is not None
    assert abs(found - 60.0) <= 10


def test_too_short_audio_has_no_direction() -> None:
    """Audio shorter than one analysis frame yields no direction instead of a guess."""
    geometry = PRESETS["respeaker-4mic"]
    frames = record(babble(0.05, seed=4), geometry, 90.0)
    assert DoaEstimator(geometry, DoaSettings()).estimate(frames) is None


def test_channel_count_must_match_the_geometry() -> None:
    """Audio with a different channel count than the geometry is refused with a clear error."""
    estimator = DoaEstimator(PRESETS["respeaker-6mic"], DoaSettings())
    with pytest.raises(GeometryError, match="4 channels"):
        estimator.estimate(np.zeros((16000, 4)))


def test_angle_distance_wraps_around_the_circle() -> None:
    """350 and 10 degrees are 20 degrees apart on a circle."""
    assert angle_distance(350.0, 10.0) == pytest.approx(20.0)


def test_onset_frames_point_at_the_talker_not_at_an_equally_loud_echo() -> None:
    """Bursts from 60° with a 50 ms echo as loud from 170°: the onset frames find 60°, while
    averaging every loud frame (onset_share = 1) is pulled to the echo."""
    geometry = PRESETS["respeaker-4mic"]
    dry = babble(4.0, seed=3) * ((np.arange(4 * RATE) // (RATE * 3 // 10)) % 2 == 0)
    lag = RATE // 20
    echo = np.concatenate([np.zeros(lag), dry[:-lag]])
    audio = record(dry, geometry, 60.0, snr_db=40) + record(echo, geometry, 170.0, seed=1)
    onsets = DoaEstimator(geometry, DoaSettings()).estimate(audio)
    every = DoaEstimator(geometry, DoaSettings(onset_share=1.0)).estimate(audio)
    assert onsets is not None
    assert every is not None
    assert angle_distance(onsets, 60.0) <= 5
    assert angle_distance(every, 60.0) > 45
