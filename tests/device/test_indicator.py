"""The recording light on gpiozero mock pins."""

from __future__ import annotations

import time

import pytest
from gpiozero.pins.mock import MockFactory

from device.hardware.indicator import Indicator, IndicatorError, Pattern
from device.settings import IndicatorSettings
from tests.device.conftest import FaultyPin


@pytest.mark.parametrize("kind", ["led", "pwmled", "rgbled"])
def test_recording_lights_the_pin(pins: MockFactory, kind: str) -> None:
    """Each light kind reads back lit after light_for_recording and unlit after OFF."""
    light = Indicator(IndicatorSettings(kind=kind, pin=5, rgb_pins=(5, 6, 7)), pins)  # type: ignore[arg-type]
    light.light_for_recording()
    assert pins.pin(5).state == 1
    light.show(Pattern.OFF)
    assert not light.recording_lit()
    light.close()


def test_stuck_pin_refuses_recording(pins: MockFactory) -> None:
    """A pin that ignores writes is caught by the read-back."""
    light = Indicator(IndicatorSettings(kind="led", pin=5), pins)
    FaultyPin.fault = "stuck"
    with pytest.raises(IndicatorError, match="did not come on"):
        light.light_for_recording()
    FaultyPin.fault = None
    light.close()


def test_failing_pin_write_becomes_indicator_error(pins: MockFactory) -> None:
    """A GPIO write error surfaces as IndicatorError naming the pattern."""
    light = Indicator(IndicatorSettings(kind="rgbled", rgb_pins=(5, 6, 7)), pins)
    FaultyPin.fault = "raise"
    with pytest.raises(IndicatorError, match="cannot drive the light to recording"):
        light.light_for_recording()
    FaultyPin.fault = None
    light.close()


def test_not_armed_blinks_three_times_then_returns(pins: MockFactory) -> None:
    """The not-armed pattern flashes three times and the light returns to off."""
    light = Indicator(IndicatorSettings(kind="led", pin=5), pins)
    light.show(Pattern.OFF)
    pins.pin(5).clear_states()  # type: ignore[attr-defined]
    light.show(Pattern.NOT_ARMED)
    time.sleep(0.9)
    flashes = [st for st in pins.pin(5).states if st.state]  # type: ignore[attr-defined]
    assert len(flashes) == 3
    assert not light.recording_lit()
    light.close()


def test_transient_pattern_never_interrupts_recording(pins: MockFactory) -> None:
    """A delivered blink while recording is dropped: the light stays solid."""
    light = Indicator(IndicatorSettings(kind="led", pin=5), pins)
    light.light_for_recording()
    light.show(Pattern.DELIVERED)
    assert light.recording_lit()
    light.close()
