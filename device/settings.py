"""Frozen settings, one dataclass per subsystem; only the command line builds them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from device.delivery.settings import DeliverySettings
from device.enrolment import EnrolmentSettings
from device.note.settings import NoteSettings
from device.speech.settings import SpeechSettings


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


@dataclass(frozen=True)
class SpoolSettings:
    """The encrypted on-disk audio spool."""

    root: Path = Path("/var/lib/samtal/spool")
    """Directory holding one sub-directory per recording."""
    storage_key_path: Path = Path("/var/lib/samtal/storage.key")
    """Device storage key (32 bytes, mode 0600) wrapping the per-recording keys."""
    chunk_seconds: float = 1.0
    """Audio per encrypted chunk; at most this much is lost on power loss."""
    min_free_minutes: float = 30.0
    """Refuse to start a recording unless the disk holds this many minutes of audio."""


@dataclass(frozen=True)
class ControlSettings:
    """The local control socket (claims and button presses until hub claims arrive)."""

    socket_path: Path = Path("/run/samtal/control.sock")
    """Unix stream socket the daemon listens on."""
    default_claim_minutes: float = 90.0
    """Claim length when a claim names none."""


@dataclass(frozen=True)
class SystemSettings:
    """systemd integration."""

    watchdog_interval_s: float = 5.0
    """How often the main loop pets the watchdog while healthy."""
    stall_timeout_s: float = 5.0
    """A recording that delivered no audio block for this long counts as unhealthy."""
    journald: bool = True
    """Send logs to journald when running under systemd."""


@dataclass(frozen=True)
class ModelSettings:
    """Model files the appliance needs; only checked for presence here."""

    paths: tuple[Path, ...] = ()
    """Files or directories that must exist for the self-test to pass."""


@dataclass(frozen=True)
class MeetingSettings:
    """The path of a finished recording: transcript store, retention and live speech."""

    transcript_dir: Path = Path("/var/lib/samtal/transcripts")
    """Encrypted transcripts (sealed with the spool's storage key) until the hub's ack."""
    retention_hours: float = 72.0
    """`retention` deletes undelivered recordings and transcripts older than this."""
    live_speech: bool = True
    """Transcribe while recording (a worker process per recording); off: only after stop."""
    poll_s: float = 1.0
    """How often finished speech segments are handed to the note drafter while recording."""


@dataclass(frozen=True)
class DeviceSettings:
    """Everything the device daemon core needs."""

    device_id: str = "rum-1"
    """Device identity (certificate CN)."""
    button: ButtonSettings = field(default_factory=ButtonSettings)
    """Push button."""
    indicator: IndicatorSettings = field(default_factory=IndicatorSettings)
    """Recording light."""
    mic: MicSettings = field(default_factory=MicSettings)
    """Microphone array."""
    spool: SpoolSettings = field(default_factory=SpoolSettings)
    """Audio spool."""
    control: ControlSettings = field(default_factory=ControlSettings)
    """Local control socket."""
    system: SystemSettings = field(default_factory=SystemSettings)
    """systemd integration."""
    models: ModelSettings = field(default_factory=ModelSettings)
    """Model files."""
    speech: SpeechSettings = field(default_factory=SpeechSettings)
    """Speech worker (VAD, Whisper, speaker directions)."""
    note: NoteSettings = field(default_factory=NoteSettings)
    """Journal-note drafting."""
    identity: EnrolmentSettings = field(default_factory=EnrolmentSettings)
    """Where the enrolled identity (keys, certificates, hub key) lives."""
    meeting: MeetingSettings = field(default_factory=MeetingSettings)
    """Transcript store and retention."""
    delivery: DeliverySettings | None = None
    """MQTT delivery to the hub; None runs with the local control socket only."""
