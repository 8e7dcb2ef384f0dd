"""The whole path, as `make demo ONCE=1` runs it, with a short meeting.

One run of scripts/demo.py (real provisioning CLI, Mosquitto with mutual TLS, hub web app,
enrolment endpoint and ingest worker, the device daemon enrolling itself and recording from
an ALSA file PCM with mock GPIO pins, sherpa-onnx speech and the llama.cpp note layer) is
shared by the tests below, which then inspect what each side holds. The demo is a script
(an entry point, not importable); the tests read what it leaves in its work folder.
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from hub import config as hub_config
from hub.ingest.receipts import ReceiptStore
from hub.store.db import make_engine, session_factory
from hub.store.tables import AuditEntry, StoredNote, User
from tests.conftest import require_model
from wire.note import STATEMENT_FIELDS

REPO = Path(__file__).resolve().parents[2]

MEETING = "m01_bistand_kort"
SPEED = "4"


@dataclass(frozen=True)
class DemoRun:
    """One finished demo run: its folder, its output and the delivered note."""

    workdir: Path
    output: str
    note: dict[str, Any]

    def hub_sessions(self) -> Any:
        settings, _ = hub_config.load(self.workdir / "hub/hub.toml")
        return session_factory(make_engine(settings.database_url))


def read_tap(path: Path) -> list[tuple[str, bytes]]:
    """The (topic, payload) pairs the demo's broker tap recorded (JSON lines, base64)."""
    lines = path.read_text().splitlines() if path.exists() else []
    return [(r["topic"], base64.b64decode(r["payload"])) for r in map(json.loads, lines)]


def plaintext_found(records: list[tuple[str, bytes]], note: dict[str, Any]) -> list[str]:
    """Note sentences (>= 12 characters) that appear readable in any recorded payload."""
    texts = [s["text"] for key in STATEMENT_FIELDS for s in note.get(key, [])]
    needles = {t[:40] for t in texts if len(t) >= 12}
    return [n for n in needles if any(n.encode() in payload for _, payload in records)]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, model_store: Path) -> DemoRun:
    require_model(
        model_store,
        "silero_vad.onnx",
        "whisper-base-sherpa/encoder.int8.onnx",
        "whisper-base-sherpa/decoder.int8.onnx",
        "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    )
    workdir = tmp_path_factory.mktemp("demo")
    argv = [sys.executable, str(REPO / "scripts/demo.py"), "--once", "--speed", SPEED,
            "--meeting", MEETING, "--workdir", str(workdir)]  # fmt: skip
    result = subprocess.run(
        argv, check=False, cwd=REPO, capture_output=True, text=True, timeout=900
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    note = json.loads((workdir / "note.json").read_text())
    return DemoRun(workdir, output, note)


@pytest.mark.slow
@pytest.mark.models
def test_note_reaches_the_claiming_caseworkers_inbox(demo: DemoRun) -> None:
    """The note is stored once, owned by the caseworker who claimed the room."""
    with demo.hub_sessions()() as session:
        rows = session.execute(select(StoredNote, User).join(User)).all()
    assert [(row.device_id, user.username) for row, user in rows] == [("rum-1", "anna")]


@pytest.mark.slow
@pytest.mark.models
def test_demo_prints_the_transcripts_wer_and_what_it_stands_for(demo: DemoRun) -> None:
    """Beside the note the demo prints the transcript's WER as a fraction, and its caveat."""
    assert re.search(r"Transcript WER \d+\.\d\d ", demo.output), demo.output[-3000:]
    assert "whisper-base" in demo.output
    assert "KB-Whisper" in demo.output


@pytest.mark.slow
@pytest.mark.models
def test_note_has_cited_statements(demo: DemoRun) -> None:
    """Every statement in the delivered note cites at least one transcript segment."""
    statements = [s for key in ("syfte", "framkom", "overenskommelser", "nasta_steg")
                  for s in demo.note[key]]  # fmt: skip
    assert statements
    assert all(s["citations"] for s in statements)


@pytest.mark.slow
@pytest.mark.models
def test_note_carries_flags_for_review(demo: DemoRun) -> None:
    """The delivered note carries the flags the caseworker must review before export."""
    assert demo.note["flaggor"]
    assert "Att granska före export" in demo.output


@pytest.mark.slow
@pytest.mark.models
def test_device_deleted_audio_and_transcript_after_the_ack(demo: DemoRun) -> None:
    """After the hub's ack the device holds no audio spool and no transcript."""
    state = demo.workdir / "device/state"
    assert list((state / "spool").iterdir()) == []
    assert list((state / "transcripts").iterdir()) == []


@pytest.mark.slow
@pytest.mark.models
def test_deletion_receipt_is_at_the_hub(demo: DemoRun) -> None:
    """The device's signed deletion receipt for the note reached the hub."""
    receipts = ReceiptStore(demo.hub_sessions())
    assert receipts.get("rum-1", demo.note["meeting_id"]) is not None


@pytest.mark.slow
@pytest.mark.models
def test_audit_log_has_the_claim_and_the_delivery(demo: DemoRun) -> None:
    """The hub's audit log records the room claim (client informed) and the note's ingest."""
    with demo.hub_sessions()() as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()
    actions = {(e.actor, e.action) for e in entries}
    assert ("anna", "claim") in actions
    assert ("enhet:rum-1", "ingest") in actions
    claim = next(e for e in entries if e.action == "claim")
    assert json.loads(claim.detail)["klienten_informerad"] is True


@pytest.mark.slow
@pytest.mark.models
def test_no_plaintext_crossed_the_broker(demo: DemoRun) -> None:
    """A subscriber with hub rights saw the note only as ciphertext."""
    records = read_tap(demo.workdir / "broker-tap.jsonl")
    assert any("/notes/" in topic for topic, _ in records)
    assert plaintext_found(records, demo.note) == []


@pytest.mark.slow
@pytest.mark.models
def test_client_answer_from_the_button_reaches_the_hub(demo: DemoRun) -> None:
    """The short press after the stop reaches the hub as the note's client answer "ja"."""
    with demo.hub_sessions()() as session:
        answers = session.scalars(select(StoredNote.client_answer)).all()
    assert ("the client answered" in demo.output, answers) == (True, ["ja"])


@pytest.mark.slow
@pytest.mark.models
def test_client_answer_is_not_in_the_caseworkers_note(demo: DemoRun) -> None:
    """The note the caseworker reads over the hub does not show the client's answer."""
    assert "klientsvar" not in demo.note["meta"]


@pytest.mark.slow
@pytest.mark.models
def test_effect_measures_count_the_demo_meeting(demo: DemoRun) -> None:
    """The DPO's effect-measures CSV counts the demo's meeting in the caseworker's unit."""
    printed = " ".join(demo.output.split())  # the console wraps long lines
    assert re.search(r"Effektmått .* Barn och unga: 1 meeting recorded", printed), printed[-3000:]
