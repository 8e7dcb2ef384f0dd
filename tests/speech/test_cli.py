"""The command line: transcribe a WAV and print transcript JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from models.corpus import ensure_corpus
from wire.schemas import validate

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str, env_models: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = None
    if env_models is not None:
        env = {**os.environ, "SAMTAL_MODELS": str(env_models)}
    return subprocess.run(
        [sys.executable, "-m", "device.speech", "transcribe", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=600,
    )


@pytest.mark.models
@pytest.mark.slow
def test_six_channel_meeting_prints_valid_transcript_with_speakers(models_dir: Path) -> None:
    """A 6-channel corpus meeting gives schema-valid JSON with two speakers and directions."""
    meeting = ensure_corpus().by_duration()[0]
    done = cli(
        str(meeting.mic6_wav),
        "--channels",
        "6",
        "--geometry",
        "respeaker-6mic",
        env_models=models_dir,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    validate("transcript", data)
    speakers = {s["speaker"] for s in data["segments"]}
    assert len(speakers) == len(meeting.reference.speaker_angles_deg)
    assert all(s["direction_deg"] is not None for s in data["segments"])


def test_channel_count_mismatch_exits_with_a_message(tmp_path: Path) -> None:
    """Asking for 4 channels on a mono file fails with exit code 2 and says why."""
    clip = ensure_corpus().english
    done = cli(str(clip.wav), "--channels", "4", env_models=tmp_path)
    assert done.returncode == 2
    assert "1 channels, not 4" in done.stderr
    assert done.stdout == ""


def test_missing_models_exit_with_the_missing_path(tmp_path: Path) -> None:
    """Without models the command fails with the path of the missing file."""
    clip = ensure_corpus().english
    done = cli(str(clip.wav), env_models=tmp_path)
    assert done.returncode == 2
    assert "silero_vad.onnx" in done.stderr


def test_unknown_front_end_flag_exits_with_the_choices(tmp_path: Path) -> None:
    """--front-end with a misspelt name fails with exit code 2 and lists the valid names."""
    clip = ensure_corpus().english
    done = cli(str(clip.wav), "--front-end", "beam", env_models=tmp_path)
    assert done.returncode == 2
    assert "channel0, mean, enhanced" in done.stderr
