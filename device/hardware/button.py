"""The push button: gpiozero edges in, debounced short/long gestures out.

gpiozero's `bounce_time` filters fast edges in hardware terms; `GestureDetector` adds
the logic side: presses arriving right after a gesture are bounce, and press length
decides short (start/pause/resume) from long (stop).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from gpiozero import Button

from device.errors import DeviceError
from device.events import ButtonPressed, Gesture
from device.hardware.settings import ButtonSettings

log = logging.getLogger(__name__)


class ButtonError(DeviceError):
    """The button's pin cannot be set up; the message names the pin and the cause."""


class GestureDetector:
    """Turns press/release times into gestures; pure, so it is tested without pins."""

    def __init__(self, settings: ButtonSettings) -> None:
        self._settings = settings
        self._down_since: float | None = None
        self._chatter_at: float | None = None
        self._held = False
        self._last_gesture_at = float("-inf")

    def pressed(self, now: float) -> None:
        """The contact closed."""
        if self._down_since is not None:
            chatter = self._chatter_at
            if chatter is None or now - chatter < self._settings.min_gesture_interval_s:
                return
            self._down_since = None  # the earlier "chatter" was a real, very short tap
        if now - self._last_gesture_at < self._settings.min_gesture_interval_s:
            log.info(
                "button bounce ignored (%.0f ms after the last press)",
                1000 * (now - self._last_gesture_at),
            )
            return
        self._down_since = now

    def held(self) -> Gesture | None:
        """The button has been held for the long-press time: stop now, not on release."""
        if self._down_since is None or self._held:
            return None
        self._held = True
        return Gesture.LONG

    def released(self, now: float) -> Gesture | None:
        """The contact opened; returns the gesture it completed, if any."""
        if self._down_since is None:
            return None
        if self._held:
            self._down_since = self._chatter_at = None
            self._held = False
            self._last_gesture_at = now
            return None
        held = now - self._down_since
        if held < self._settings.bounce_time_s:
            log.info("button bounce ignored (contact opened after %.0f ms)", 1000 * held)
            self._chatter_at = now
            return None
        self._down_since = self._chatter_at = None
        self._last_gesture_at = now
        return Gesture.LONG if held >= self._settings.long_press_s else Gesture.SHORT


class GpioButton:
    """A gpiozero Button (pull-up, wired to ground) reporting ButtonPressed events."""

    def __init__(
        self,
        settings: ButtonSettings,
        on_gesture: Callable[[ButtonPressed], None],
        pin_factory: Any = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._detector = GestureDetector(settings)
        self._on_gesture = on_gesture
        self._clock = clock
        try:
            self._button = Button(
                settings.pin,
                pull_up=True,
                bounce_time=settings.bounce_time_s,
                hold_time=settings.long_press_s,
                pin_factory=pin_factory,
            )
        except Exception as exc:  # gpiozero raises many kinds; all mean the pin is unusable
            raise ButtonError(f"cannot set up the button on pin {settings.pin}: {exc}") from exc
        self._button.when_pressed = self._pressed
        self._button.when_held = self._held
        self._button.when_released = self._released

    def _pressed(self) -> None:
        self._detector.pressed(self._clock())

    def _held(self) -> None:
        if self._detector.held() is Gesture.LONG:
            self._on_gesture(ButtonPressed(Gesture.LONG, self._clock()))

    def _released(self) -> None:
        now = self._clock()
        gesture = self._detector.released(now)
        if gesture is not None:
            self._on_gesture(ButtonPressed(gesture, now))

    def close(self) -> None:
        """Release the pin."""
        self._button.close()
