"""Power loss: the real daemon process is SIGKILLed mid-recording and started again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from device import control
from device.capture.keys import FileStorageKey
from device.capture.spool import Spool
from device.settings import SpoolSettings
from tests.device.conftest import CHANNELS, RATE, wait_until

REPO = Path(__file__).resolve().parents[2]


def write_config(tmp: Path, mic: str) -> Path:
    cfg = tmp / "device.toml"
    cfg.write_text(f"""
device_id = "rum-test"
[mic]
device_name = "{mic}"
channels = {CHANNELS}
rate = {RATE}
pace = 1.0
[spool]
root = "{tmp / "spool"}"
storage_key_path = "{tmp / "storage.key"}"
min_free_minutes = 0.1
[control]
socket_path = "{tmp / "control.sock"}"
[system]
journald = false
""")
    return cfg


@pytest.fixture
def daemon(tmp_path: Path, alsa_mic: str) -> Iterator[tuple[Path, list[subprocess.Popen[str]]]]:
    """Config for a daemon process plus the list of processes started, all killed afterwards."""
    procs: list[subprocess.Popen[str]] = []
    yield write_config(tmp_path, alsa_mic), procs
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def start(cfg: Path, procs: list[subprocess.Popen[str]], sock: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "GPIOZERO_PIN_FACTORY": "mock", "PYTHONUNBUFFERED": "1"}
    sock.unlink(missing_ok=True)
    proc = subprocess.Popen(
        [sys.executable, "-m", "device", "run", "--config", str(cfg)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    procs.append(proc)
    wait_until(lambda: sock.exists() or proc.poll() is not None, timeout=30)
    assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
    return proc


@pytest.mark.slow
def test_sigkill_mid_recording_recovers_all_but_the_last_second(
    daemon: tuple[Path, list[subprocess.Popen[str]]], tmp_path: Path, test_audio: np.ndarray
) -> None:
    """After SIGKILL and restart the recording is recovered with every sample up to ≤ 1 s."""
    cfg, procs = daemon
    sock = tmp_path / "control.sock"
    proc = start(cfg, procs, sock)
    control.send(sock, {"cmd": "claim", "caseworker": "hl01", "minutes": 5})
    assert control.send(sock, {"cmd": "press"})["state"] == "recording"
    wait_until(lambda: control.send(sock, {"cmd": "status"})["captured_frames"] >= 3.5 * RATE)
    captured = control.send(sock, {"cmd": "status"})["captured_frames"]
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    proc = start(cfg, procs, sock)
    assert control.send(sock, {"cmd": "status"})["state"] == "idle"
    proc.send_signal(signal.SIGTERM)
    log = proc.communicate(timeout=30)[0]

    settings = SpoolSettings(root=tmp_path / "spool", storage_key_path=tmp_path / "storage.key")
    spool = Spool(settings, FileStorageKey.load_or_create(settings.storage_key_path))
    [meeting_id] = spool.meeting_ids()
    found = spool.describe(meeting_id)
    pcm = spool.read_pcm(meeting_id)
    assert found.recovered
    assert len(pcm) >= captured - RATE
    np.testing.assert_array_equal(pcm, test_audio[: len(pcm)])
    assert f"recovered the interrupted recording of meeting {meeting_id}" in log
