"""Real parts for device tests: an ALSA file-backed microphone and gpiozero mock pins."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from gpiozero.pins.mock import MockFactory, MockPWMPin

from device.app import App
from device.capture.keys import FileStorageKey
from device.capture.spool import Spool
from device.events import (
    AudioBlock,
    ButtonPressed,
    ClaimReceived,
    FinishedRecording,
    Gesture,
    Input,
)
from device.hardware.alsa_file import write_alsa_config
from device.hardware.indicator import Indicator
from device.hardware.mic import PyAudioMic
from device.settings import (
    ClientQuestionSettings,
    ControlSettings,
    DeviceSettings,
    IndicatorSettings,
    MicSettings,
    SpoolSettings,
)

CHANNELS = 6
RATE = 16000
SECONDS = 40
PCM_NAME = "samtal_test_mic"


def make_test_audio(seconds: float, channels: int = CHANNELS, seed: int = 7) -> np.ndarray:
    """A different tone per channel plus seeded noise, so any offset or channel swap shows."""
    n = int(seconds * RATE)
    t = np.arange(n) / RATE
    rng = np.random.default_rng(seed)
    tones = [3000 * np.sin(2 * np.pi * (220 + 110 * c) * t) for c in range(channels)]
    noise = rng.integers(-500, 500, size=(n, channels))
    return (np.stack(tones, axis=1) + noise).astype("<i2")


class FaultyPin(MockPWMPin):  # type: ignore[misc]
    """A mock pin that can be told to fail writes ("raise") or ignore them ("stuck")."""

    fault: str | None = None

    def _set_state(self, value: float) -> None:
        if type(self).fault == "raise":
            raise OSError("GPIO write failed (injected)")
        if type(self).fault == "stuck":
            return
        super()._set_state(value)


@pytest.fixture(scope="session")
def test_audio() -> np.ndarray:
    """The samples the file-backed microphone delivers, from its first frame."""
    return make_test_audio(SECONDS)


@pytest.fixture(scope="session")
def alsa_mic(tmp_path_factory: pytest.TempPathFactory, test_audio: np.ndarray) -> Iterator[str]:
    """Point ALSA at a config whose PCM `samtal_test_mic` reads the test audio; yields its name."""
    raw = tmp_path_factory.mktemp("alsa") / "mic.raw"
    test_audio.tofile(raw)
    conf = write_alsa_config(raw, CHANNELS, PCM_NAME)
    old = os.environ.get("ALSA_CONFIG_PATH")
    os.environ["ALSA_CONFIG_PATH"] = str(conf)
    yield PCM_NAME
    if old is None:
        os.environ.pop("ALSA_CONFIG_PATH", None)
    else:
        os.environ["ALSA_CONFIG_PATH"] = old


@pytest.fixture
def pins() -> Iterator[MockFactory]:
    """A gpiozero mock pin factory whose pins can be made to fail."""
    FaultyPin.fault = None
    factory = MockFactory(pin_class=FaultyPin)
    yield factory
    FaultyPin.fault = None
    factory.reset()


LED_PIN = 27


@dataclass
class Rig:
    """A running App on real parts, recording what reaches its consumer and subscribers."""

    app: App
    spool: Spool
    pins: MockFactory
    finished: list[FinishedRecording] = field(default_factory=list)
    blocks: list[AudioBlock] = field(default_factory=list)
    lit_at_block: list[bool] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None

    def led_on(self) -> bool:
        """The LED pin's state as the hardware shows it."""
        return bool(self.pins.pin(LED_PIN).state == 1)

    def send(self, event: Input) -> None:
        """Post an input and wait until the daemon handled it."""
        self.app.post(event, wait=True)

    def claim(self, minutes: float = 10.0) -> None:
        """Claim the device for caseworker hl01."""
        self.send(ClaimReceived("hl01", time.time() + 60 * minutes))

    def press(self, gesture: Gesture = Gesture.SHORT) -> None:
        """A debounced button gesture."""
        self.send(ButtonPressed(gesture, time.monotonic()))

    def wait_blocks(self, n: int, timeout: float = 10.0) -> None:
        """Wait until at least n blocks were captured in total."""
        wait_until(lambda: len(self.blocks) >= n, timeout)

    def wait_state(self, state: str, timeout: float = 10.0) -> None:
        """Wait until the machine is in `state`."""
        wait_until(lambda: self.app.machine.state.value == state, timeout)


def wait_until(cond: Callable[[], bool], timeout: float = 10.0) -> None:
    """Poll `cond` until true; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            pytest.fail(f"condition not met within {timeout} s")
        time.sleep(0.01)


NO_QUESTION = ClientQuestionSettings(enabled=False)


def device_settings(
    tmp: Path, mic_name: str, *, question: ClientQuestionSettings = NO_QUESTION, **spool: Any
) -> DeviceSettings:
    """Settings for a test daemon: spool in `tmp`, 10× real-time file mic, LED on pin 27; the
    client question off unless `question` says otherwise."""
    return DeviceSettings(
        mic=MicSettings(device_name=mic_name, channels=CHANNELS, rate=RATE, pace=10.0),
        indicator=IndicatorSettings(kind="led", pin=LED_PIN),
        spool=replace(
            SpoolSettings(tmp / "spool", tmp / "storage.key", min_free_minutes=0.05), **spool
        ),
        control=ControlSettings(socket_path=tmp / "control.sock"),
        client_question=question,
    )


@contextmanager
def running_rig(
    settings: DeviceSettings,
    pins: MockFactory,
    consumer: Callable[[FinishedRecording], None] | None = None,
    mic: Any = None,
) -> Iterator[Rig]:
    """A started daemon core on real parts; stopped (recordings finished) on exit."""
    spool = Spool(settings.spool, FileStorageKey.load_or_create(settings.spool.storage_key_path))
    indicator = Indicator(settings.indicator, pin_factory=pins)
    real_mic = mic or PyAudioMic(settings.mic)
    rig = Rig(app=None, spool=spool, pins=pins)  # type: ignore[arg-type]

    def consume(found: FinishedRecording) -> None:
        if consumer is not None:
            consumer(found)
        rig.finished.append(found)

    rig.app = App(settings, indicator=indicator, mic=real_mic, spool=spool, consumer=consume)

    def on_block(block: AudioBlock) -> None:
        rig.lit_at_block.append(rig.led_on())
        rig.blocks.append(block)

    rig.app.subscribe_blocks(on_block)
    rig.app.start(mic_probe=getattr(real_mic, "find_device", None))
    rig.thread = threading.Thread(target=rig.app.run, args=(rig.stop,), daemon=True)
    rig.thread.start()
    try:
        yield rig
    finally:
        rig.stop.set()
        rig.thread.join(timeout=20)
        indicator.close()
        pins.reset()


@pytest.fixture
def make_rig(tmp_path: Path, alsa_mic: str, pins: MockFactory) -> Iterator[Callable[..., Rig]]:
    """Build and start daemon cores; stops them and releases the pins afterwards."""
    with ExitStack() as stack:

        def build(
            settings: DeviceSettings | None = None,
            consumer: Callable[[FinishedRecording], None] | None = None,
            mic: Any = None,
        ) -> Rig:
            s = settings or device_settings(tmp_path, alsa_mic)
            return stack.enter_context(running_rig(s, pins, consumer, mic))

        yield build


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Callable[[int], Path]]:
    """Mount size-limited tmpfs file systems (a real full disk); skips where mount is denied."""
    mounts: list[Path] = []

    def mount(kib: int) -> Path:
        point = tmp_path / f"disk{len(mounts)}"
        point.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={kib}k", "tmpfs", str(point)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip()}")
        mounts.append(point)
        return point

    yield mount
    for point in mounts:
        subprocess.run(["umount", "-l", str(point)], check=False)
