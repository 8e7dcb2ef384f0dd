"""systemd notifications against a real datagram socket bound as NOTIFY_SOCKET."""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from device.capture.recorder import Stream
from device.events import Gesture
from device.hardware.mic import PyAudioMic
from device.settings import MicSettings, SystemSettings
from device.system import LogContext, Notifier, configure_logging
from tests.device.conftest import Rig, device_settings


@pytest.fixture
def notify_socket(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[socket.socket]:
    """A bound Unix datagram socket that NOTIFY_SOCKET points at."""
    path = tmp_path / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(5)
    monkeypatch.setenv("NOTIFY_SOCKET", str(path))
    yield sock
    sock.close()


def messages(sock: socket.socket, until: Callable[[list[str]], bool]) -> list[str]:
    got: list[str] = []
    deadline = time.monotonic() + 10
    while not until(got) and time.monotonic() < deadline:
        try:
            got.append(sock.recv(4096).decode())
        except TimeoutError:
            break
    return got


def test_notifier_sends_ready_status_watchdog(notify_socket: socket.socket) -> None:
    """Each call is one datagram with the sd_notify assignment."""
    n = Notifier()
    n.ready()
    n.status("armed")
    n.watchdog()
    assert messages(notify_socket, lambda g: len(g) == 3) == [
        "READY=1",
        "STATUS=armed",
        "WATCHDOG=1",
    ]


def test_daemon_reports_ready_and_state_changes(
    notify_socket: socket.socket, make_rig: Callable[..., Rig]
) -> None:
    """The running core says READY, pets the watchdog and puts its state into STATUS."""
    rig = make_rig()
    rig.claim()
    rig.press()
    rig.wait_blocks(2)
    rig.press(Gesture.LONG)
    rig.wait_state("armed")
    got = messages(notify_socket, lambda g: "STATUS=armed" in g[-1:] and "WATCHDOG=1" in g)
    assert got[0] == "READY=1"
    assert "WATCHDOG=1" in got
    assert any(m.startswith("STATUS=recording, meeting ") for m in got)


class StallingMic:
    """The real file-backed mic whose stream hangs after two blocks until released."""

    def __init__(self, settings: MicSettings) -> None:
        self._mic = PyAudioMic(settings)
        self.release = threading.Event()
        self.find_device = self._mic.find_device

    def open(self) -> Stream:
        stream, reads, release = self._mic.open(), [0], self.release

        class Hanging:
            def read(self) -> Any:
                reads[0] += 1
                if reads[0] > 2:
                    release.wait(30)
                return stream.read()

            def close(self) -> None:
                stream.close()

        return Hanging()


def test_no_watchdog_while_capture_is_stalled(
    notify_socket: socket.socket, tmp_path: Path, alsa_mic: str, make_rig: Callable[..., Rig]
) -> None:
    """When blocks stop arriving mid-recording the daemon stops petting the watchdog."""
    base = device_settings(tmp_path, alsa_mic)
    settings = replace(base, system=SystemSettings(watchdog_interval_s=0.05, stall_timeout_s=0.3))
    mic = StallingMic(settings.mic)
    rig = make_rig(settings, mic=mic)
    rig.claim()
    rig.press()
    rig.wait_blocks(2)
    time.sleep(0.5)
    notify_socket.settimeout(0.05)
    messages(notify_socket, lambda _: False)  # drain what was sent before the stall showed
    notify_socket.settimeout(0.5)
    later = messages(notify_socket, lambda g: len(g) > 5)
    healthy = rig.app.healthy()
    mic.release.set()
    assert not healthy
    assert "WATCHDOG=1" not in later


def test_log_records_carry_journald_fields(caplog: pytest.LogCaptureFixture) -> None:
    """The log filter adds MEETING_ID and DEVICE_STATE to every record."""
    ctx = LogContext()
    ctx.update("20261122T090000Z-abcd", "recording")
    logger = logging.getLogger("test.journal")
    logger.addFilter(ctx)
    with caplog.at_level(logging.INFO):
        logger.info("hello")
    record = caplog.records[-1]
    assert (record.__dict__["MEETING_ID"], record.__dict__["DEVICE_STATE"]) == (
        "20261122T090000Z-abcd",
        "recording",
    )


def test_journald_handler_gets_the_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under systemd the journal handler is used and each entry carries MEETING_ID and state."""
    monkeypatch.setenv("JOURNAL_STREAM", "8:12345")
    ctx = LogContext()
    configure_logging(ctx, journald=True)
    root = logging.getLogger()
    [handler] = [h for h in root.handlers if h.get_name() == "samtal-device"]
    sent: list[dict[str, Any]] = []
    handler.send = lambda *_msg, **fields: sent.append(fields)  # type: ignore[attr-defined]
    try:
        ctx.update("20261122T090000Z-abcd", "paused")
        logging.getLogger("device.test").warning("state recording -> paused")
    finally:
        root.removeHandler(handler)
    entry = sent[-1]
    assert type(handler).__name__ == "JournalHandler"
    assert (entry["MEETING_ID"], entry["DEVICE_STATE"]) == ("20261122T090000Z-abcd", "paused")
    assert entry["SYSLOG_IDENTIFIER"] == "samtal-device"
