"""The device's health for the hub's fleet page, measured on the board.

:class:`Heartbeats` builds the :class:`wire.heartbeat.Heartbeat` the MQTT client sends
with its retained online status; it reads uptime and temperature from the kernel and
counts the recordings the daemon finished.
"""

from __future__ import annotations

import importlib.metadata
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from device.events import FinishedRecording
from device.preflight import model_files
from device.settings import DeviceSettings
from wire.heartbeat import Heartbeat


class Queue(Protocol):
    """What the heartbeat reads from the outbox (device.delivery.outbox.Outbox fits)."""

    def pending(self) -> int:
        """Sealed notes waiting for the hub's ack."""
        ...


def uptime_s(proc_uptime: Path = Path("/proc/uptime")) -> float:
    """Seconds since boot, or 0 where the kernel does not say."""
    try:
        return float(proc_uptime.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0.0


def temperature_c(zone: Path = Path("/sys/class/thermal/thermal_zone0/temp")) -> float | None:
    """The SoC temperature, or None on a board without a thermal zone."""
    try:
        return int(zone.read_text().strip()) / 1000.0
    except (OSError, ValueError):
        return None


def free_disk_bytes(path: Path) -> int:
    """Free space on the file system holding ``path``."""
    return shutil.disk_usage(path).free


def software_version() -> str:
    """The installed package's version, or "dev" in a checkout."""
    try:
        return importlib.metadata.version("samtal")
    except importlib.metadata.PackageNotFoundError:
        return "dev"


@dataclass
class Heartbeats:
    """Builds the heartbeat the MQTT client sends with its retained status."""

    settings: DeviceSettings
    outbox: Queue
    recordings: int = 0
    last_recording_at: str | None = None

    def recorded(self, _found: FinishedRecording) -> None:
        """Count a finished (or recovered) recording: an App consumer."""
        self.recordings += 1
        self.last_recording_at = datetime.now(UTC).isoformat(timespec="seconds")

    def __call__(self) -> dict[str, Any]:
        """The heartbeat now, as the status message carries it."""
        beat = Heartbeat(
            software_version=software_version(),
            uptime_s=uptime_s(),
            free_disk_bytes=free_disk_bytes(self.settings.spool.root),
            queue_length=self.outbox.pending(),
            model_versions={what: path.name for path, what in model_files(self.settings)[1:2]},
            temperature_c=temperature_c(),
            last_recording_at=self.last_recording_at,
            recordings_total=self.recordings,
        )
        return beat.to_dict()
