"""Settings of the hardware adapters: the button, the recording light and the microphone."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class ButtonSettings:
    """The physical push button."""

    pin: int = 17
    """BCM pin number of the button (wired to ground, internal pull-up)."""
    bounce_time_s: float = 0.02
    """Hardware debounce window handed to gpiozero."""
    long_press_s: float = 2.0
    """A press held at least this long is a long press (stop)."""
    min_gesture_interval_s: float = 0.25
    """Presses closer than this to the previous press are treated as bounce and ignored."""


@dataclass(frozen=True)
class IndicatorSettings:
    """The recording indicator light."""

    kind: Literal["led", "pwmled", "rgbled"] = "led"
    """Which gpiozero output class drives the light."""
    pin: int = 27
    """BCM pin of a single LED (kinds "led" and "pwmled")."""
    rgb_pins: tuple[int, int, int] = (22, 23, 24)
    """BCM pins (red, green, blue) for kind "rgbled"; red is the recording colour."""
    blink_s: float = 0.5
    """Half-period of the slow blink used for paused and armed."""


@dataclass(frozen=True)
class MicSettings:
    """The microphone array read through PyAudio."""

    device_name: str = "default"
    """Substring of the PyAudio input device name to open."""
    channels: int = 6
    """Number of capture channels (4–8 for the array)."""
    rate: int = 16000
    """Sample rate in Hz."""
    block_frames: int = 1600
    """Frames per read (1600 = 100 ms at 16 kHz)."""
    speech_channel: int | None = None
    """Channel handed to speech as mono; None means the mean of all channels."""
    pace: float = 0.0
    """Reads follow the wall clock at this speed (1.0 = real time); 0 disables pacing.
    Real sound cards pace themselves; file-backed PCMs deliver instantly and need this."""
