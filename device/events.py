"""Typed events that cross thread and task boundaries of the device daemon."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import numpy.typing as npt

from wire.note import Participant

Int16Array = npt.NDArray[np.int16]


class Gesture(enum.Enum):
    """What the person did with the button."""

    SHORT = "short"
    LONG = "long"


@dataclass(frozen=True)
class ButtonPressed:
    """A debounced, classified button gesture."""

    gesture: Gesture
    at: float
    """Monotonic-clock seconds when the gesture was recognised."""


@dataclass(frozen=True)
class ClaimReceived:
    """A caseworker claimed the device until `expires_at` (wall-clock seconds)."""

    caseworker_id: str
    expires_at: float
    participants: tuple[Participant, ...] = ()
    """Who the caseworker said is present (claim v2); empty for local or older claims."""


@dataclass(frozen=True)
class ClaimReleased:
    """The caseworker released the device."""


@dataclass(frozen=True)
class AudioBlock:
    """One captured block: all channels for direction finding plus a mono signal for speech."""

    meeting_id: str
    index: int
    """Block number within the recording, from 0."""
    frame_offset: int
    """Frames captured in this recording before this block."""
    frames: Int16Array
    """Shape (n_frames, channels), interleaved S16 as read."""
    mono: Int16Array
    """Shape (n_frames,): the selected channel or the channel mean."""
    rate: int


@dataclass(frozen=True)
class FinishedRecording:
    """A recording that is closed on the spool and ready for speech and note drafting."""

    meeting_id: str
    spool_dir: Path
    rate: int
    channels: int
    started_at: datetime
    recovered: bool
    """True when the recording was cut by a crash or power loss and recovered at start-up."""
    caseworker_id: str | None
    frames: int
    """Frames readable from the spool."""
    participants: tuple[Participant, ...] = ()
    """Who was present, from the claim (kept encrypted on the spool with the recording)."""


@dataclass(frozen=True)
class CaptureFault:
    """Capture stopped on its own (light, microphone or disk failure)."""

    reason: str


@dataclass(frozen=True)
class RecordingClosed:
    """A stopped recording is closed on the spool and was handed to the consumer."""

    recording: FinishedRecording | None


@dataclass(frozen=True)
class Tick:
    """Time passes; lets the supervisor expire claims."""


@dataclass(frozen=True)
class Delivered:
    """The hub acknowledged a note; the light shows it briefly."""

    meeting_id: str


Input = (
    ButtonPressed
    | ClaimReceived
    | ClaimReleased
    | CaptureFault
    | RecordingClosed
    | Tick
    | Delivered
)
