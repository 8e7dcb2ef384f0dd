"""Device health carried in the retained status message (``fleet/<device>/status``).

The delivery client's :class:`wire.status.Status` message carries it under the key
``"heartbeat"``; the broker's last will (``state: offline``) marks a device offline.
The device measures the values in ``device.health``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


class HeartbeatError(ValueError):
    """A heartbeat is malformed."""


@dataclass(frozen=True)
class Heartbeat:
    """What IT sees per device on the hub's fleet page."""

    software_version: str
    """Version of the device software (image or package)."""
    uptime_s: float
    """Seconds since boot."""
    free_disk_bytes: int
    """Free space on the data partition."""
    queue_length: int
    """Sealed notes waiting in the outbox for the hub's ack."""
    model_versions: dict[str, str] = field(default_factory=dict)
    """Model id → version or sha256 prefix (ASR, VAD, LLM)."""
    temperature_c: float | None = None
    """SoC temperature, when the board reports one."""
    last_recording_at: str | None = None
    """UTC ISO 8601 end of the last recording, if any."""
    recordings_total: int = 0
    """Recordings made since enrolment (for the pilot's effect measures)."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Heartbeat:
        try:
            temperature = data.get("temperature_c")
            return cls(
                software_version=str(data["software_version"]),
                uptime_s=float(data["uptime_s"]),
                free_disk_bytes=int(data["free_disk_bytes"]),
                queue_length=int(data["queue_length"]),
                model_versions={
                    str(k): str(v) for k, v in dict(data.get("model_versions", {})).items()
                },
                temperature_c=None if temperature is None else float(temperature),
                last_recording_at=data.get("last_recording_at"),
                recordings_total=int(data.get("recordings_total", 0)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise HeartbeatError(f"malformed heartbeat: {exc}") from exc
