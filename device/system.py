"""systemd integration: sd_notify (READY, WATCHDOG, STATUS, STOPPING) and journald fields.

The only module that imports systemd-python. Log records carry MEETING_ID and
DEVICE_STATE as journald fields; messages never contain keys or transcript text.
"""

from __future__ import annotations

import logging
import os
import threading

from systemd import daemon, journal

log = logging.getLogger(__name__)


class Notifier:
    """Sends sd_notify messages to $NOTIFY_SOCKET; silent when not started by systemd."""

    def ready(self) -> None:
        """Start-up finished."""
        self._send("READY=1")

    def watchdog(self) -> None:
        """The main loop is alive and healthy."""
        self._send("WATCHDOG=1")

    def status(self, text: str) -> None:
        """A one-line human-readable state for `systemctl status`."""
        self._send(f"STATUS={text}")

    def stopping(self) -> None:
        """Shutdown has begun."""
        self._send("STOPPING=1")

    @staticmethod
    def _send(message: str) -> None:
        if os.environ.get("NOTIFY_SOCKET"):
            daemon.notify(message)


class LogContext(logging.Filter):
    """Adds the current meeting id and state to every record as journald fields."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._meeting_id = ""
        self._state = "idle"

    def update(self, meeting_id: str | None, state: str) -> None:
        """Set the fields for subsequent records."""
        with self._lock:
            self._meeting_id = meeting_id or ""
            self._state = state

    def filter(self, record: logging.LogRecord) -> bool:
        """Attach MEETING_ID (unless the record names one) and DEVICE_STATE."""
        with self._lock:
            if not getattr(record, "MEETING_ID", ""):
                record.MEETING_ID = self._meeting_id
            record.DEVICE_STATE = self._state
        return True


def configure_logging(context: LogContext, *, journald: bool, level: int = logging.INFO) -> None:
    """Log to journald when systemd gave us a journal stream, else to stderr."""
    handler: logging.Handler
    if journald and os.environ.get("JOURNAL_STREAM"):
        handler = journal.JournalHandler(SYSLOG_IDENTIFIER="samtal-device")
    else:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(context)
    handler.set_name("samtal-device")
    root = logging.getLogger()
    for previous in [h for h in root.handlers if h.get_name() == "samtal-device"]:
        root.removeHandler(previous)  # a second daemon in one process (demo) replaces the first
    root.addHandler(handler)
    root.setLevel(level)
