"""Benchmark: capture + encrypted spool at 6 channels, 16 kHz, in real time.

The daemon core (state machine, recording light on gpiozero mock pins, PyAudio reading an
ALSA file-backed PCM paced to the wall clock, AES-GCM spool with fsync) records for
DURATION_S seconds; CPU is this process's user+system time over that wall time. The
baseline is the same paced PyAudio reads with nothing else, so the ratio shows what the
daemon, encryption and fsync add.
"""

from __future__ import annotations

import os
import resource
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
from gpiozero.pins.mock import MockFactory, MockPWMPin

from device.app import App
from device.capture.keys import FileStorageKey
from device.capture.spool import Spool
from device.events import ButtonPressed, ClaimReceived, Gesture
from device.hardware.alsa_file import write_alsa_config
from device.hardware.indicator import Indicator
from device.hardware.mic import PyAudioMic
from device.settings import DeviceSettings, MicSettings, SpoolSettings
from tests.benchmarks.report import Row, command, emit, row

DURATION_S = 20.0
CHANNELS = 6
RATE = 16000
COMMAND = command("bench_capture")


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _measure(tmp: Path) -> dict[str, float]:
    raw = tmp / "mic.raw"
    rng = np.random.default_rng(1)
    rng.integers(-3000, 3000, size=(int((DURATION_S + 10) * RATE), CHANNELS), dtype="<i2").tofile(
        raw
    )
    os.environ["ALSA_CONFIG_PATH"] = str(write_alsa_config(raw, CHANNELS, "bench_mic"))

    settings = DeviceSettings(
        mic=MicSettings(device_name="bench_mic", channels=CHANNELS, rate=RATE, pace=1.0),
        spool=SpoolSettings(root=tmp / "spool", storage_key_path=tmp / "key", min_free_minutes=1),
    )
    spool = Spool(settings.spool, FileStorageKey.load_or_create(settings.spool.storage_key_path))
    indicator = Indicator(settings.indicator, pin_factory=MockFactory(pin_class=MockPWMPin))
    app = App(
        settings,
        indicator=indicator,
        mic=PyAudioMic(settings.mic),
        spool=spool,
        consumer=lambda _found: None,
    )
    app.start()
    stop = threading.Event()
    loop = threading.Thread(target=app.run, args=(stop,))
    loop.start()
    app.post(ClaimReceived("bench", time.time() + 3600), wait=True)
    app.post(ButtonPressed(Gesture.SHORT, time.monotonic()), wait=True)
    time.sleep(1.0)  # let the stream settle before measuring
    cpu0, wall0, frames0 = _cpu_seconds(), time.monotonic(), app.recorder.frames
    time.sleep(DURATION_S)
    cpu1, wall1, frames1 = _cpu_seconds(), time.monotonic(), app.recorder.frames
    app.post(ButtonPressed(Gesture.LONG, time.monotonic()), wait=True)
    stop.set()
    loop.join()
    return {"cpu": cpu1 - cpu0, "wall": wall1 - wall0, "audio_s": (frames1 - frames0) / RATE}


def _measure_bare_capture() -> float:
    """Baseline: the same paced PyAudio reads with nothing done to the blocks (% of a core)."""
    mic = PyAudioMic(MicSettings(device_name="bench_mic", channels=CHANNELS, rate=RATE, pace=1.0))
    stream = mic.open()
    stream.read()
    cpu0, wall0 = _cpu_seconds(), time.monotonic()
    while time.monotonic() - wall0 < DURATION_S:
        stream.read()
    cpu1, wall1 = _cpu_seconds(), time.monotonic()
    stream.close()
    mic.close()
    return 100.0 * (cpu1 - cpu0) / (wall1 - wall0)


def run() -> list[Row]:
    """Run the benchmark and return its metrics."""
    with tempfile.TemporaryDirectory() as tmp:
        m = _measure(Path(tmp))
        bare = _measure_bare_capture()
    percent = 100.0 * m["cpu"] / m["wall"]
    return [
        row(
            "capture+spool CPU, 6 ch 16 kHz (% of one core)",
            percent,
            "%",
            target="<= 3",
            ok=percent <= 3.0,
            baseline=f"bare paced PyAudio reads, no daemon/spool: {bare:.2f} %",
            ratio=round(percent / bare, 2) if bare > 0 else None,
            command=COMMAND,
        ),
        row(
            "audio captured per wall second",
            m["audio_s"] / m["wall"],
            "s/s",
            target=">= 0.99",
            ok=m["audio_s"] / m["wall"] >= 0.99,
            command=COMMAND,
            digits=3,
        ),
    ]


if __name__ == "__main__":
    emit(run())
