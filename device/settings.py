"""Frozen settings, one dataclass per subsystem; only the command line builds them.

Each subpackage keeps its own settings (``device.hardware.settings``,
``device.capture.settings``, ``device.speech.settings``, ...); this module adds the
daemon's own and gathers them all in :class:`DeviceSettings`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from device.capture.settings import SpoolSettings
from device.delivery.settings import DeliverySettings
from device.enrolment import EnrolmentSettings
from device.hardware.settings import ButtonSettings, IndicatorSettings, MicSettings
from device.note.settings import NoteSettings
from device.speech.settings import SpeechSettings

__all__ = [
    "ButtonSettings",
    "ClientQuestionSettings",
    "ControlSettings",
    "DeviceSettings",
    "IndicatorSettings",
    "MeetingSettings",
    "MicSettings",
    "ModelSettings",
    "SpoolSettings",
    "SystemSettings",
]


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
class ClientQuestionSettings:
    """The client's yes/no question after stop ("Var det okej att samtalet spelades in?",
    shown on the claim page); the answer travels in the note (``klientsvar``)."""

    enabled: bool = True
    """Ask after every stop; off: a stop goes straight to finishing and the button is free."""
    window_s: float = 30.0
    """How long after the stop the button answers (short = ja, long = nej) and never starts a
    recording; the note is sealed when the window closes or the client answers."""
    confirm_s: float = 3.0
    """After an answer the light shows it, and the button is ignored, for this long, so a
    second press does not start a recording."""

    def __post_init__(self) -> None:
        if self.window_s <= 0 or self.confirm_s < 0:
            msg = f"window_s must be > 0 and confirm_s >= 0, not {self.window_s}, {self.confirm_s}"
            raise ValueError(msg)


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
    client_question: ClientQuestionSettings = field(default_factory=ClientQuestionSettings)
    """The client's yes/no answer on the button after stop."""
    delivery: DeliverySettings | None = None
    """MQTT delivery to the hub; None runs with the local control socket only."""
