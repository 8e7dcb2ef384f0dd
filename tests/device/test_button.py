"""The button on a gpiozero mock pin: gestures and debounce."""

from __future__ import annotations

import logging

import pytest
from gpiozero.pins.mock import MockFactory

from device.events import ButtonPressed, Gesture
from device.hardware.button import GestureDetector, GpioButton
from device.settings import ButtonSettings
from tests.device.conftest import wait_until

SETTINGS = ButtonSettings(pin=17, bounce_time_s=0.02, long_press_s=2.0, min_gesture_interval_s=0.25)


class Clock:
    """A settable clock so press lengths are exact."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def wire(pins: MockFactory) -> tuple[GpioButton, list[ButtonPressed], Clock, object]:
    got: list[ButtonPressed] = []
    clock = Clock()
    button = GpioButton(SETTINGS, got.append, pin_factory=pins, clock=clock)
    return button, got, clock, pins.pin(17)


def test_short_and_long_press(pins: MockFactory) -> None:
    """A 0.3 s press is short, a 2.5 s press is long."""
    button, got, clock, pin = wire(pins)
    for held in (0.3, 2.5):
        pin.drive_low()  # type: ignore[attr-defined]
        clock.now += held
        pin.drive_high()  # type: ignore[attr-defined]
        clock.now += 1.0
    assert [g.gesture for g in got] == [Gesture.SHORT, Gesture.LONG]
    button.close()


def test_bouncing_contact_gives_one_press(
    pins: MockFactory, caplog: pytest.LogCaptureFixture
) -> None:
    """Contact chatter on press and release yields one short press and a bounce log line."""
    button, got, clock, pin = wire(pins)
    with caplog.at_level(logging.INFO):
        for step, level in (
            (0.0, "low"),
            (0.002, "high"),
            (0.002, "low"),
            (0.3, "high"),
            (0.003, "low"),
            (0.002, "high"),
        ):
            clock.now += step
            getattr(pin, f"drive_{level}")()
    assert [g.gesture for g in got] == [Gesture.SHORT]
    assert "button bounce ignored" in caplog.text
    button.close()


def test_chatter_does_not_turn_a_long_press_short() -> None:
    """A 2 ms contact break at the start of a long press does not end the press."""
    d = GestureDetector(SETTINGS)
    d.pressed(10.0)
    assert d.released(10.002) is None
    d.pressed(10.004)
    assert d.released(12.5) is Gesture.LONG


def test_tap_shorter_than_bounce_then_real_press() -> None:
    """A lone 5 ms tap is ignored and does not stretch the next press into a long one."""
    d = GestureDetector(SETTINGS)
    d.pressed(10.0)
    assert d.released(10.005) is None
    d.pressed(20.0)
    assert d.released(20.3) is Gesture.SHORT


def test_long_press_fires_while_still_held() -> None:
    """At the hold time the long press is reported at once, and the release adds nothing."""
    d = GestureDetector(SETTINGS)
    d.pressed(10.0)
    assert d.held() is Gesture.LONG
    assert d.held() is None
    assert d.released(13.0) is None


def test_held_fires_on_real_pins(pins: MockFactory) -> None:
    """The gpiozero hold timer on a mock pin reports LONG before the button is let go."""
    got: list[ButtonPressed] = []
    quick = ButtonSettings(pin=17, long_press_s=0.2)
    button = GpioButton(quick, got.append, pin_factory=pins)
    pins.pin(17).drive_low()  # type: ignore[attr-defined]
    wait_until(lambda: len(got) == 1, timeout=5)
    pins.pin(17).drive_high()  # type: ignore[attr-defined]
    assert [g.gesture for g in got] == [Gesture.LONG]
    button.close()
