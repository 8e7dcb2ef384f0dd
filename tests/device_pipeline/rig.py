"""A whole-system rig: real fleet, Mosquitto, hub ingest worker, and the device daemon process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from device.hardware.alsa_file import write_alsa_config
from provisioning.testing import RunningBroker, TestFleet
from wire.recipient import RecipientPublicKey

REPO = Path(__file__).resolve().parents[2]
DEVICE = "rum-1"
PCM = "samtal_pipeline_mic"


def write_identity(
    root: Path, fleet: TestFleet, broker: RunningBroker, hub_key: RecipientPublicKey
) -> None:
    """Lay out an enrolled identity folder (as `python -m device enroll` leaves it)."""
    device = fleet.devices[DEVICE]
    serial = root / "tls" / f"{device.tls.serial:x}"
    serial.mkdir(parents=True)
    shutil.copy(device.cert, serial / "cert.pem")
    shutil.copy(device.key, serial / "key.pem")
    (root / "tls" / "current").symlink_to(serial.name)
    shutil.copy(device.signing_key, root / "signing.key")
    shutil.copy(fleet.ca_cert, root / "ca.pem")
    (root / "hub-recipient.pub").write_bytes(hub_key.to_bytes())
    info = {
        "device_id": DEVICE,
        "name": DEVICE,
        "room": "Rum 1",
        "hub_url": "https://127.0.0.1:1",
        "broker_host": broker.host,
        "broker_port": broker.port,
    }
    (root / "device.json").write_text(json.dumps(info))


def write_microphone(tmp: Path, mono_raw: Path, tail_s: float = 3.0) -> tuple[Path, int]:
    """A file-backed ALSA mic playing the meeting then silence; returns (config, frames)."""
    audio = np.fromfile(mono_raw, dtype="<i2")
    raw = tmp / "mic.raw"
    np.concatenate([audio, np.zeros(int(tail_s * 16000), "<i2")]).tofile(raw)
    return write_alsa_config(raw, 1, name=PCM), len(audio)


def write_config(tmp: Path, models: Path, pace: float) -> Path:
    """The device TOML: every section the demo uses, extractive notes only."""
    cfg = tmp / "device.toml"
    cfg.write_text(f"""
[mic]
device_name = "{PCM}"
channels = 1
rate = 16000
pace = {pace}
[spool]
root = "{tmp / "state" / "spool"}"
storage_key_path = "{tmp / "state" / "storage.key"}"
min_free_minutes = 0.1
[control]
socket_path = "{tmp / "control.sock"}"
[system]
journald = false
watchdog_interval_s = 1.0
[speech]
models_dir = "{models}"
[speech.asr]
num_threads = 1
[meeting]
transcript_dir = "{tmp / "state" / "transcripts"}"
[identity]
identity_dir = "{tmp / "state" / "identity"}"
[delivery]
heartbeat_s = 2.0
retry_initial_s = 2.0
retry_max_s = 8.0
pump_interval_s = 0.1
""")
    return cfg


@dataclass
class DaemonProcess:
    """The device daemon (tests.device_pipeline.daemon_main) as a child process."""

    config: Path
    alsa_config: Path
    tmp: Path
    process: subprocess.Popen[bytes] | None = None
    log: Path = field(init=False)
    light_log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = self.tmp / "daemon.log"
        self.light_log = self.tmp / "light.json"

    def start(self) -> None:
        env = {
            **os.environ,
            "ALSA_CONFIG_PATH": str(self.alsa_config),
            "GPIOZERO_PIN_FACTORY": "mock",
            "PYTHONUNBUFFERED": "1",
            "PYTHONPATH": str(REPO),
        }
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.device_pipeline.daemon_main",
                    str(self.config),
                    str(self.light_log),
                ],
                cwd=REPO,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
