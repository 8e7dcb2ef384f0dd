"""Retention: undelivered recordings and transcripts past the deadline are deleted."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from device import retention
from device.__main__ import cli
from device.settings import MeetingSettings
from tests.device_pipeline.conftest import Bench
from tests.device_pipeline.test_meeting_pipeline import _transcript


def test_recording_older_than_the_deadline_is_deleted_with_its_transcript(bench: Bench) -> None:
    """An old recording and its transcript go; a recent one stays."""
    old = bench.record(np.zeros(1600, np.int16), datetime.now(UTC) - timedelta(hours=80))
    new = bench.record(np.zeros(1600, np.int16))
    for found in (old, new):
        bench.transcripts.save(found.meeting_id, _transcript(found.meeting_id))
    assert retention.sweep(bench.settings) == [old.meeting_id]
    assert bench.spool.meeting_ids() == [new.meeting_id]
    assert bench.transcripts.ids() == [new.meeting_id]


def test_orphan_transcript_past_the_deadline_is_deleted(bench: Bench) -> None:
    """A transcript whose audio is gone is deleted by its own age."""
    path = bench.transcripts.save("20260101T000000Z-aaaaaaaa", _transcript("x"))
    old = (datetime.now(UTC) - timedelta(hours=100)).timestamp()
    os.utime(path, (old, old))
    assert retention.sweep(bench.settings) == ["20260101T000000Z-aaaaaaaa"]
    assert bench.transcripts.ids() == []


def test_retention_command_reads_the_deadline_from_the_config(bench: Bench, tmp_path: Path) -> None:
    """`python -m device retention --config F` deletes per `[meeting] retention_hours`."""
    bench.record(np.zeros(1600, np.int16), datetime.now(UTC) - timedelta(hours=3))
    settings = replace(bench.settings, meeting=MeetingSettings(retention_hours=2.0))
    cfg = tmp_path / "device.toml"
    cfg.write_text(
        f'[spool]\nroot = "{settings.spool.root}"\n'
        f'storage_key_path = "{settings.spool.storage_key_path}"\n'
        f'[meeting]\nretention_hours = 2\ntranscript_dir = "{bench.transcripts.root}"\n'
    )
    result = CliRunner().invoke(cli, ["retention", "--config", str(cfg)])
    assert result.exit_code == 0, result.output
    assert "deleted 1 recording(s)" in result.output
    assert bench.spool.meeting_ids() == []


def test_enroll_without_a_bundle_fails_clearly(tmp_path: Path) -> None:
    """`enroll` with no bundle exits 1 and tells IT what to provide."""
    result = CliRunner().invoke(
        cli, ["enroll", "--bundle", str(tmp_path / "boot"), "--state", str(tmp_path / "state")]
    )
    assert result.exit_code == 1
    assert "no enrolment bundle" in result.output
