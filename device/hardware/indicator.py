"""The recording light, driven through gpiozero (LED, PWMLED or RGBLED).

`light_for_recording` turns the light solid on and reads the pin back; the recorder
opens the microphone only after it returns. Every gpiozero failure becomes
IndicatorError here.
"""

from __future__ import annotations

import enum
import logging
import threading
from typing import Any

from gpiozero import LED, PWMLED, RGBLED

from device.errors import DeviceError
from device.hardware.settings import IndicatorSettings

log = logging.getLogger(__name__)


class IndicatorError(DeviceError):
    """The light could not be driven or did not show what it was told."""


class Pattern(enum.Enum):
    """What the light shows."""

    OFF = "off"
    ARMED = "armed"
    RECORDING = "recording"
    PAUSED = "paused"
    FINISHING = "finishing"
    DELIVERED = "delivered"
    ERROR = "error"
    NOT_ARMED = "not_armed"
    ASKING = "asking"
    ANSWERED_JA = "answered_ja"
    ANSWERED_NEJ = "answered_nej"


# (on seconds, off seconds, repeats or None for forever, RGB colour). Red, solid, is
# recording; the client question's patterns never use the red channel, so a client can trust
# that red means recording: asking flashes cyan, ja glows green twice, nej flashes blue.
_BLINKS: dict[Pattern, tuple[float, float, int | None, tuple[float, float, float]]] = {
    Pattern.ARMED: (0.1, 1.9, None, (0.0, 1.0, 0.0)),
    Pattern.PAUSED: (0.5, 0.5, None, (1.0, 0.0, 0.0)),
    Pattern.FINISHING: (0.1, 0.1, None, (1.0, 0.6, 0.0)),
    Pattern.DELIVERED: (0.8, 0.2, 3, (0.0, 1.0, 0.0)),
    Pattern.ERROR: (0.05, 0.3, None, (1.0, 0.0, 1.0)),
    Pattern.NOT_ARMED: (0.1, 0.1, 3, (0.0, 0.0, 1.0)),
    Pattern.ASKING: (0.2, 0.8, None, (0.0, 1.0, 1.0)),
    Pattern.ANSWERED_JA: (1.2, 0.3, 2, (0.0, 1.0, 0.0)),
    Pattern.ANSWERED_NEJ: (0.3, 0.2, 6, (0.0, 0.0, 1.0)),
}
_TRANSIENT = (Pattern.DELIVERED, Pattern.NOT_ARMED)


class Indicator:
    """One light, one pattern at a time; transient patterns fall back to the current one."""

    def __init__(self, settings: IndicatorSettings, pin_factory: Any = None) -> None:
        self._settings = settings
        self._lock = threading.RLock()
        self._base = Pattern.OFF
        self._timer: threading.Timer | None = None
        try:
            self._device = _make_device(settings, pin_factory)
        except Exception as exc:
            raise IndicatorError(f"cannot set up the {settings.kind} light: {exc}") from exc

    @property
    def pattern(self) -> Pattern:
        """The steady pattern being shown."""
        return self._base

    def light_for_recording(self) -> None:
        """Light solid and confirm the pin reads back lit, or raise IndicatorError."""
        with self._lock:
            self._cancel_timer()
            self._drive(Pattern.RECORDING)
            self._base = Pattern.RECORDING
            if not self.recording_lit():
                msg = "recording light did not come on (pin reads back off); not recording"
                raise IndicatorError(msg)

    def recording_lit(self) -> bool:
        """Whether the pin that shows recording reads back fully on."""
        try:
            return bool(_recording_pin(self._device).state == 1)
        except Exception:
            log.exception("cannot read the recording light's pin")
            return False

    def show(self, pattern: Pattern) -> None:
        """Show a pattern; a transient one returns to the steady pattern afterwards."""
        if pattern is Pattern.RECORDING:
            self.light_for_recording()
            return
        with self._lock:
            if pattern in _TRANSIENT and self._base is Pattern.RECORDING:
                return
            self._cancel_timer()
            self._drive(pattern)
            if pattern in _TRANSIENT:
                on, off, n, _ = _BLINKS[pattern]
                self._timer = threading.Timer((on + off) * (n or 1), self._restore)
                self._timer.daemon = True
                self._timer.start()
            else:
                self._base = pattern

    def close(self) -> None:
        """Turn off and release the pins."""
        with self._lock:
            self._cancel_timer()
            self._device.close()

    def _restore(self) -> None:
        with self._lock:
            if self._base is not Pattern.RECORDING:
                self._drive(self._base)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _drive(self, pattern: Pattern) -> None:
        try:
            _drive(self._device, self._settings.kind, pattern)
        except Exception as exc:
            raise IndicatorError(f"cannot drive the light to {pattern.value}: {exc}") from exc


def _make_device(settings: IndicatorSettings, pin_factory: Any) -> Any:
    if settings.kind == "rgbled":
        r, g, b = settings.rgb_pins
        return RGBLED(r, g, b, pin_factory=pin_factory)
    cls = PWMLED if settings.kind == "pwmled" else LED
    return cls(settings.pin, pin_factory=pin_factory)


def _recording_pin(device: Any) -> Any:
    if isinstance(device, RGBLED):
        return device._leds[0].pin  # noqa: SLF001 - gpiozero exposes no public per-colour pin
    return device.pin


def _drive(device: Any, kind: str, pattern: Pattern) -> None:
    rgb = kind == "rgbled"
    if pattern is Pattern.OFF:
        device.off()
    elif pattern is Pattern.RECORDING:
        if rgb:
            device.color = (1.0, 0.0, 0.0)
        else:
            device.on()
    else:
        on, off, n, colour = _BLINKS[pattern]
        if rgb:
            device.blink(on, off, 0.0, 0.0, on_color=colour, n=n, background=True)
        else:
            device.blink(on, off, n=n, background=True)
