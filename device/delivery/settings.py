"""Settings of the delivery subsystem (read once at the edge by ``__main__``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DeliverySettings:
    """How the device reaches the broker and whom it seals notes for."""

    device_id: str
    """This device's id: certificate CN, MQTT username and client id."""
    broker_host: str
    """Broker host name as in its certificate."""
    broker_port: int
    """Broker TLS port."""
    ca_file: Path
    """Fleet CA bundle that signed the broker certificate."""
    cert_file: Path
    """Device client certificate (PEM)."""
    key_file: Path
    """Device TLS private key (PEM)."""
    outbox_path: Path
    """SQLite file of the outbox and deletion receipts."""
    session_expiry_s: int = 7 * 24 * 3600
    """How long the broker keeps this device's session (and queued acks) while offline."""
    keepalive_s: int = 30
    """MQTT keepalive; the broker publishes the last will after 1.5x this."""
    heartbeat_s: float = 60.0
    """Interval of the retained online status that also carries deletion receipts."""
    retry_initial_s: float = 5.0
    """First wait before re-publishing a note that has not been acked."""
    retry_max_s: float = 300.0
    """Longest wait between re-publishes (exponential backoff is capped here)."""
    window: int = 1
    """Unacked notes in flight at once; 1 keeps hub-side order per device strict."""
    pump_interval_s: float = 0.5
    """How often the outbox is checked for notes due to (re)publish."""
