"""The systemd watchdog: a frozen main loop stops the WATCHDOG=1 pings, a live one sends them.

The real App main loop runs with the real Notifier (libsystemd's sd_notify) against a Unix
datagram socket the test binds as NOTIFY_SOCKET. The freeze is a GPIO write that hangs (a
mock pin that blocks until released): the main loop, switching the light off, waits for
the blinking thread stuck in that write.
"""

from __future__ import annotations

import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from gpiozero.pins.mock import MockFactory, MockPin

from device.app import App
from device.capture.keys import FileStorageKey
from device.capture.spool import Spool
from device.events import ClaimReceived, ClaimReleased, FinishedRecording
from device.hardware.indicator import Indicator
from device.hardware.mic import PyAudioMic
from device.settings import DeviceSettings, SpoolSettings, SystemSettings
from device.system import Notifier

PING_S = 0.2


class HangingPin(MockPin):  # type: ignore[misc]
    """A mock pin whose writes block while ``released`` is clear (a stuck GPIO driver)."""

    released = threading.Event()

    def _set_state(self, value: float) -> None:
        type(self).released.wait()
        super()._set_state(value)


@dataclass
class NotifyListener:
    """Collects sd_notify datagrams with their arrival time."""

    sock: socket.socket
    messages: list[tuple[float, str]] = field(default_factory=list)

    def listen(self) -> None:
        while True:
            try:
                data = self.sock.recv(4096)
            except OSError:
                return
            self.messages.append((time.monotonic(), data.decode()))

    def pings(self, since: float, until: float | None = None) -> int:
        end = until if until is not None else float("inf")
        return sum(1 for at, m in self.messages if m == "WATCHDOG=1" and since <= at < end)


@pytest.fixture
def listener(monkeypatch: pytest.MonkeyPatch) -> Iterator[NotifyListener]:
    folder = Path(tempfile.mkdtemp(prefix="notify-", dir="/tmp"))
    path = folder / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    monkeypatch.setenv("NOTIFY_SOCKET", str(path))
    found = NotifyListener(sock)
    thread = threading.Thread(target=found.listen, daemon=True)
    thread.start()
    yield found
    sock.close()
    path.unlink(missing_ok=True)
    folder.rmdir()


@pytest.fixture
def app(tmp_path: Path) -> Iterator[App]:
    HangingPin.released.set()
    spool_settings = SpoolSettings(root=tmp_path / "spool", storage_key_path=tmp_path / "k")
    settings = DeviceSettings(
        spool=spool_settings, system=SystemSettings(watchdog_interval_s=PING_S, journald=False)
    )
    indicator = Indicator(settings.indicator, pin_factory=MockFactory(pin_class=HangingPin))
    mic = PyAudioMic(settings.mic)
    keys = FileStorageKey.load_or_create(spool_settings.storage_key_path)

    def consumer(_: FinishedRecording) -> None:
        return None

    yield App(
        settings,
        indicator=indicator,
        mic=mic,
        spool=Spool(spool_settings, keys),
        consumer=consumer,
        notifier=Notifier(),
    )
    HangingPin.released.set()
    indicator.close()
    mic.close()


def _wait(condition: Any, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_frozen_main_loop_stops_watchdog_pings_until_it_runs_again(
    app: App, listener: NotifyListener
) -> None:
    """While the main loop hangs in a GPIO write no WATCHDOG=1 is sent; after it, pings resume."""
    stop = threading.Event()
    app.start()
    loop = threading.Thread(target=app.run, args=(stop,), daemon=True)
    loop.start()
    try:
        start = time.monotonic()
        _wait(lambda: listener.pings(start) >= 3, 5)

        HangingPin.released.clear()
        app.post(ClaimReceived("hl01", time.time() + 600))  # blinking: its thread hangs
        time.sleep(0.3)
        app.post(ClaimReleased())  # light off: the main loop waits for the hung blink thread
        time.sleep(2 * PING_S)
        frozen_at = time.monotonic()
        time.sleep(8 * PING_S)
        assert listener.pings(frozen_at) == 0

        HangingPin.released.set()
        thawed_at = time.monotonic()
        _wait(lambda: listener.pings(thawed_at) >= 2, 5)
    finally:
        HangingPin.released.set()
        stop.set()
        loop.join(10)
    assert any(m == "READY=1" for _, m in listener.messages)
