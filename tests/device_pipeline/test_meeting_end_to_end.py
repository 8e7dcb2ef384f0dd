"""One meeting end to end: hub claim, recording, speech, note, seal, hub, ack, deletion."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.device_pipeline.rig import System, client_answer_at, receipt_at, running_system

MEETING = "m01_bistand_kort"
PACE = 3.0
"""The file microphone plays the 53 s meeting three times faster than real time."""


@pytest.fixture
def system(tmp_path: Path, models: Path) -> Iterator[System]:
    """Fleet, broker, hub ingest worker, a hub command publisher and the device daemon."""
    with running_system(tmp_path, models, MEETING, PACE, question=True) as running:
        yield running


@pytest.mark.slow
@pytest.mark.models
def test_one_meeting_reaches_the_hub_and_leaves_nothing_on_the_device(system: System) -> None:
    """A claimed, recorded meeting becomes a cited note at the hub carrying the client's ja from
    the button; after the ack the device holds no audio or transcript, the hub holds a
    deletion receipt, and the light was on."""
    system.record(answer="press")
    note = system.stored_note()
    assert (client_answer_at(system.hub_dir), "klientsvar" in note["meta"]) == ("ja", False)
    meeting_id = note["meeting_id"]
    system.wait(
        lambda: receipt_at(system.hub_dir, meeting_id), 60, "the deletion receipt at the hub"
    )
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
