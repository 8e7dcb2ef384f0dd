"""A whole-system rig: real fleet, Mosquitto, hub ingest worker, and the device daemon process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import select

from device import control
from device.hardware.alsa_file import write_alsa_config
from hub.commands import CommandPublisher, HubMqttSettings
from hub.ingest.receipts import ReceiptStore
from hub.store.tables import StoredNote
from models.corpus import ensure_corpus
from tests.delivery import support
from tests.hub.harness import hub_in
from tests.provisioning.harness import RunningBroker, TestFleet, make_test_fleet, running_mosquitto
from wire.commands import Claim
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


def write_config(
    tmp: Path, models: Path, pace: float, extra: str = "", *, question: bool = False
) -> Path:
    """The device TOML: every section the demo uses; extractive notes unless ``extra``
    adds a ``[note]`` section with a model; the client question only with ``question``."""
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
[client_question]
enabled = {str(question).lower()}
[delivery]
heartbeat_s = 2.0
retry_initial_s = 2.0
retry_max_s = 8.0
pump_interval_s = 0.1
{extra}""")
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

    def children(self, library: str) -> list[int]:
        """Pids of the daemon's child processes that have ``library`` mapped (e.g.
        "libllama" for the note model, "_sherpa_onnx" for the speech worker)."""
        if not self.alive() or self.process is None:
            return []
        found = []
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            try:
                pids = (task / "children").read_text().split()
            except OSError:
                continue
            for pid in pids:
                try:
                    if library in Path(f"/proc/{pid}/maps").read_text():
                        found.append(int(pid))
                except OSError:
                    continue
        return found

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


@dataclass
class System:
    """The running parts of one end-to-end test."""

    daemon: DaemonProcess
    publisher: CommandPublisher
    hub_dir: Path
    state: Path
    frames: int
    """Frames of meeting audio the microphone plays before its silent tail."""

    def wait(self, condition: Callable[[], bool], timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            log = self.daemon.log_text()[-4000:]
            assert self.daemon.alive(), f"daemon exited while waiting for {what}:\n{log}"
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}:\n{self.daemon.log_text()[-4000:]}")

    def status(self) -> dict[str, Any]:
        return control.send(self.state.parent / "control.sock", {"cmd": "status"})

    def send(self, cmd: str) -> dict[str, Any]:
        return control.send(self.state.parent / "control.sock", {"cmd": cmd})

    def record(
        self, during: Callable[[System], None] | None = None, answer: str | None = None
    ) -> None:
        """Claim the room from the hub, press, play the whole meeting, long-press;
        ``during`` runs while the meeting is being recorded; ``answer`` ("press" or
        "long-press") is the client's, given on the button right after the stop."""
        system = self
        sock = system.state.parent / "control.sock"
        system.wait(sock.exists, 60, "the control socket")
        # A claim published before the device subscribed is lost (first session): wait until
        # the daemon is connected; its subscription precedes all it sends on that connection.
        system.wait(lambda: "connected to broker" in system.daemon.log_text(), 60, "the broker")
        expires = (datetime.now(UTC) + timedelta(minutes=10)).isoformat()
        claim = Claim("sess-1", "hl01", expires)
        system.publisher.send(DEVICE, claim)

        def armed() -> bool:
            if system.status()["state"] == "armed":
                return True
            system.publisher.send(DEVICE, claim)  # the same claim again is harmless
            time.sleep(1.0)
            return False

        system.wait(armed, 30, "the hub claim to arm")
        assert system.send("press")["state"] == "recording"
        if during is not None:
            during(system)
        system.wait(lambda: system.status()["captured_frames"] >= system.frames, 120, "the meeting")
        system.send("long-press")
        if answer is not None:
            assert system.send(answer)["state"] == "answered"

    def stored_note(self, timeout: float = 240) -> dict[str, Any]:
        """The note as the hub stored it, once it is there."""
        system = self
        note: dict[str, Any] | None = None

        def stored() -> bool:
            nonlocal note
            note = stored_note_at(system.hub_dir)
            return note is not None

        system.wait(stored, timeout, "the note at the hub")
        assert note is not None
        return note


@contextmanager
def running_system(
    tmp_path: Path,
    models: Path,
    meeting: str,
    pace: float,
    extra: str = "",
    *,
    question: bool = False,
) -> Iterator[System]:
    """Fleet, broker, hub ingest worker, a hub command publisher and the device daemon."""
    fleet = make_test_fleet(tmp_path / "fleet", devices=(DEVICE,), hubs=("hub-1", "hub-2"))
    hub_dir = tmp_path / "hub"
    hub_dir.mkdir()
    support.prepare_hub(hub_dir, fleet)
    recipient_file, recipient = support.write_recipient(tmp_path)
    alsa, frames = write_microphone(tmp_path, ensure_corpus()[meeting].raw)
    with running_mosquitto(fleet) as broker:
        write_identity(tmp_path / "state" / "identity", fleet, broker, recipient.public_key())
        worker = support.start_worker(fleet, broker, hub_dir, recipient_file)
        hub = fleet.hubs["hub-2"]
        publisher = CommandPublisher.open(
            HubMqttSettings("hub-2", broker.host, broker.port, fleet.ca_cert, hub.cert, hub.key)
        )
        config = write_config(tmp_path, models, pace, extra, question=question)
        daemon = DaemonProcess(config, alsa, tmp_path)
        try:
            daemon.start()
            yield System(daemon, publisher, hub_dir, tmp_path / "state", frames)
        finally:
            daemon.stop()
            publisher.close()
            worker.stop()


def stored_note_at(hub_dir: Path, part: str = "draft") -> dict[str, Any] | None:
    """The device's note at the hub (``part``: "draft" or "transcript"), if stored yet."""
    files = hub_in(hub_dir)
    try:
        with files.sessions() as session:
            row = session.scalars(select(StoredNote).where(StoredNote.device_id == DEVICE)).first()
            if row is None:
                return None
            stored: dict[str, Any] = getattr(files.store.load(row), part).to_dict()
            return stored
    finally:
        files.engine.dispose()


def client_answer_at(hub_dir: Path) -> str | None:
    """The client's answer the hub stored beside the device's note (the note itself drops it)."""
    files = hub_in(hub_dir)
    try:
        with files.sessions() as session:
            query = select(StoredNote.client_answer).where(StoredNote.device_id == DEVICE)
            return session.scalars(query).first()
    finally:
        files.engine.dispose()


def receipt_at(hub_dir: Path, meeting_id: str) -> bool:
    files = hub_in(hub_dir)
    try:
        return ReceiptStore(files.sessions).get(DEVICE, meeting_id) is not None
    finally:
        files.engine.dispose()
