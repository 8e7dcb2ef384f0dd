"""One meeting end to end: hub claim, recording, speech, note, seal, hub, ack, deletion."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from device import control
from hub.commands import CommandPublisher, HubMqttSettings
from hub.receipts import ReceiptStore
from hub.tables import StoredNote
from hub.testing import hub_in
from provisioning.testing import make_test_fleet, running_mosquitto
from tests.conftest import require_model
from tests.corpus import ensure_corpus
from tests.delivery import support
from tests.device_pipeline.rig import (
    DEVICE,
    DaemonProcess,
    write_config,
    write_identity,
    write_microphone,
)
from wire.commands import Claim

MEETING = "m01_bistand_kort"
PACE = 3.0
"""The file microphone plays the 53 s meeting three times faster than real time."""


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


@pytest.fixture
def models(model_store: Path) -> Path:
    require_model(
        model_store,
        "silero_vad.onnx",
        "whisper-base-sherpa/encoder.int8.onnx",
        "whisper-base-sherpa/decoder.int8.onnx",
        "whisper-base-sherpa/decoder.onnx",
        "whisper-base-sherpa/tokens.txt",
    )
    return model_store


@pytest.fixture
def system(tmp_path: Path, models: Path) -> Iterator[System]:
    """Fleet, broker, hub ingest worker, a hub command publisher and the device daemon."""
    fleet = make_test_fleet(tmp_path / "fleet", devices=(DEVICE,), hubs=("hub-1", "hub-2"))
    hub_dir = tmp_path / "hub"
    hub_dir.mkdir()
    support.prepare_hub(hub_dir, fleet)
    recipient_file, recipient = support.write_recipient(tmp_path)
    alsa, frames = write_microphone(tmp_path, ensure_corpus()[MEETING].raw)
    with running_mosquitto(fleet) as broker:
        write_identity(tmp_path / "state" / "identity", fleet, broker, recipient.public_key())
        worker = support.start_worker(fleet, broker, hub_dir, recipient_file)
        hub = fleet.hubs["hub-2"]
        publisher = CommandPublisher.open(
            HubMqttSettings("hub-2", broker.host, broker.port, fleet.ca_cert, hub.cert, hub.key)
        )
        daemon = DaemonProcess(write_config(tmp_path, models, PACE), alsa, tmp_path)
        try:
            daemon.start()
            yield System(daemon, publisher, hub_dir, tmp_path / "state", frames)
        finally:
            daemon.stop()
            publisher.close()
            worker.stop()


def _stored_note(hub_dir: Path) -> dict[str, Any] | None:
    files = hub_in(hub_dir)
    try:
        with files.sessions() as session:
            row = session.scalars(select(StoredNote).where(StoredNote.device_id == DEVICE)).first()
            return None if row is None else files.store.load(row).draft
    finally:
        files.engine.dispose()


def _receipt(hub_dir: Path, note_id: str) -> bool:
    files = hub_in(hub_dir)
    try:
        return ReceiptStore(files.sessions).get(DEVICE, note_id) is not None
    finally:
        files.engine.dispose()


@pytest.mark.slow
@pytest.mark.models
def test_one_meeting_reaches_the_hub_and_leaves_nothing_on_the_device(system: System) -> None:
    """A claimed, recorded meeting becomes a cited note at the hub; after the ack the device
    holds no audio or transcript, the hub holds a deletion receipt, and the light was on."""
    sock = system.state.parent / "control.sock"
    system.wait(sock.exists, 60, "the control socket")
    # A claim published before the device subscribed is lost (first session): wait until the
    # daemon is connected; its subscription precedes everything it sends on that connection.
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
    system.wait(lambda: system.status()["captured_frames"] >= system.frames, 120, "the meeting")
    system.send("long-press")

    note: dict[str, Any] | None = None

    def stored() -> bool:
        nonlocal note
        note = _stored_note(system.hub_dir)
        return note is not None

    system.wait(stored, 240, "the note at the hub")
    assert note is not None
    note_id = note["note_id"]
    system.wait(lambda: _receipt(system.hub_dir, note_id), 60, "the deletion receipt at the hub")
    spool, transcripts = system.state / "spool", system.state / "transcripts"
    assert list(spool.iterdir()) == []
    assert list(transcripts.iterdir()) == []
    cited = [
        s
        for section in ("syfte", "framkom", "bedomning", "overenskommelser", "nasta_steg")
        for s in note[section]
        if s["citations"]
    ]
    assert cited, json.dumps(note, ensure_ascii=False)[:2000]
    system.daemon.stop()
    light = json.loads(system.daemon.light_log.read_text())
    assert light["blocks"] > 0
    assert light["lit"] == light["blocks"]
