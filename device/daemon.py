"""Wires the real parts into a running daemon; `python -m device run` and the demo use it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from device.app import App, Consumer
from device.capture.keys import FileStorageKey
from device.capture.spool import Spool
from device.control import ControlServer
from device.events import AudioBlock, FinishedRecording
from device.hardware.button import GpioButton
from device.hardware.indicator import Indicator
from device.hardware.mic import PyAudioMic
from device.settings import DeviceSettings
from device.system import Notifier, configure_logging

log = logging.getLogger(__name__)


def keep_on_spool(found: FinishedRecording) -> None:
    """The consumer used until speech is plugged in: the recording waits on the spool."""
    log.info("recording %s waits on the spool for speech", found.recording_id)


def run_daemon(
    settings: DeviceSettings,
    stop: threading.Event,
    *,
    consumer: Consumer = keep_on_spool,
    block_subscribers: Iterable[Callable[[AudioBlock], None]] = (),
    pin_factory: Any = None,
    on_ready: Callable[[App], None] | None = None,
) -> None:
    """Run until `stop` is set: recover the spool, serve the button and control socket."""
    spool = Spool(settings.spool, FileStorageKey.load_or_create(settings.spool.storage_key_path))
    indicator = Indicator(settings.indicator, pin_factory=pin_factory)
    mic = PyAudioMic(settings.mic)
    app = App(
        settings, indicator=indicator, mic=mic, spool=spool, consumer=consumer, notifier=Notifier()
    )
    for subscriber in block_subscribers:
        app.subscribe_blocks(subscriber)
    configure_logging(app.context, journald=settings.system.journald)
    button = GpioButton(settings.button, app.post, pin_factory=pin_factory)
    server = ControlServer(settings.control.socket_path, app)
    try:
        app.start(mic_probe=mic.find_device)
        server.start()
        if on_ready is not None:
            on_ready(app)
        app.run(stop)
    finally:
        server.close()
        button.close()
        indicator.close()
        mic.close()
