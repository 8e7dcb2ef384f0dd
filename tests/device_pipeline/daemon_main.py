"""Runs the whole device daemon as `python -m device run` does, on gpiozero mock pins.

At every captured block it reads the light's pin and counts the blocks captured while the
light was off, so a test can check the indicator invariant of the real daemon process.
Usage: ``python -m tests.device_pipeline.daemon_main CONFIG LIGHT_LOG``.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from pathlib import Path

from gpiozero.pins.mock import MockFactory

from device import config
from device.app import App
from device.daemon import run_daemon
from device.events import AudioBlock


def main(config_path: Path, light_log: Path) -> None:
    settings = config.load(config_path)
    factory = MockFactory()
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    counts = {"blocks": 0, "lit": 0}

    def ready(app: App) -> None:
        pin = factory.pin(settings.indicator.pin)

        def on_block(_: AudioBlock) -> None:
            counts["blocks"] += 1
            counts["lit"] += int(bool(pin.state))

        app.subscribe_blocks(on_block)

    try:
        run_daemon(settings, stop, pin_factory=factory, on_ready=ready)
    finally:
        light_log.write_text(json.dumps(counts))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
