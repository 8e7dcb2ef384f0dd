"""Native model runtimes crash in their own processes, never in the daemon's.

Each test runs the whole system (fleet, Mosquitto, hub ingest, the real device daemon
process) and, in the middle of a recorded meeting, kills one of the daemon's model
processes the way a native bug would. The daemon must stay up, the light must stay on
for every captured block, the recording must be complete, and the note must arrive.
"""

from __future__ import annotations

import json
import os
import re
import signal
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import require_model
from tests.device_pipeline.rig import System, running_system, stored_note_at

MEETING = "m01_bistand_kort"
PACE = 2.0
"""The 53 s meeting plays in about 27 s."""
GGUF = "gemma3-270m-q4_k_m.gguf"
MODEL_NOTE = f"""
[note]
window_s = 15
[note.llm]
model_path = "{{models}}/{GGUF}"
mode = "classify"
prefill_every_s = 4
max_tokens = 48
tail_max_tokens = 32
"""
"""Short windows so the model process is busy while the meeting is still being recorded."""
LAST_WORDS_S = 48.0
"""The meeting's last utterance ends after this (its reference timing): a transcript that
reaches it was not cut off where the worker died."""


@pytest.fixture
def with_gguf(models: Path) -> Path:
    """The speech models plus the note model the fault test kills."""
    require_model(models, GGUF)
    return models


def _kill_child(library: str, sig: signal.Signals, killed: list[int]) -> Callable[[System], None]:
    """While recording: wait for the daemon's child that maps ``library``, send ``sig``."""

    def during(system: System) -> None:
        def found() -> bool:
            pids = system.daemon.children(library)
            if pids:
                os.kill(pids[0], sig)
                killed.append(pids[0])
            return bool(pids)

        system.wait(found, 60, f"a child process with {library} loaded")
        assert system.status()["state"] == "recording"

    return during


def _kill_every_model_process(killed: list[int]) -> Callable[[System], None]:
    """While recording: SIGSEGV each note-model process as soon as it appears, so every
    window drafted before stop is lost; the window after stop gets a process that lives."""

    def during(system: System) -> None:
        def played() -> bool:
            for pid in system.daemon.children("libllama"):
                if pid not in killed:
                    os.kill(pid, signal.SIGSEGV)
                    killed.append(pid)
            return bool(system.status()["captured_frames"] >= system.frames)

        system.wait(played, 120, "the meeting, killing each model process")
        assert system.status()["state"] == "recording"

    return during


def _light_on_throughout(system: System) -> None:
    system.daemon.stop()
    light = json.loads(system.daemon.light_log.read_text())
    assert light["blocks"] > 0
    assert light["lit"] == light["blocks"]


@pytest.mark.slow
@pytest.mark.models
def test_a_segfault_in_the_note_model_costs_one_window_not_the_meeting(
    tmp_path: Path, with_gguf: Path
) -> None:
    """SIGSEGV to the model process mid-meeting: the daemon records on with the light lit,
    the note arrives with a modellfel flag for the windows that were lost, and a fresh
    model process drafts the rest."""
    killed: list[int] = []
    extra = MODEL_NOTE.replace("{models}", str(with_gguf))
    with running_system(tmp_path, with_gguf, MEETING, PACE, extra) as system:
        system.record(during=_kill_every_model_process(killed))
        note = system.stored_note()
        assert system.daemon.alive()
        log = system.daemon.log_text()
        _light_on_throughout(system)
    assert killed
    assert re.search(r"crashed while \w+ \(signal 11 \(SIGSEGV\)\)", log)
    kinds = [flag["kind"] for flag in note["flaggor"]]
    assert "modellfel" in kinds
    last_start = re.findall(r"note model \S+ loaded in process (\d+)", log)[-1]
    assert int(last_start) not in killed, "no fresh model process after the crashes"
    assert note["meta"]["modell"].startswith("extraktiv+llm:")
    assert note["overenskommelser"] or note["nasta_steg"]


@pytest.mark.slow
@pytest.mark.models
def test_a_killed_speech_worker_is_replaced_by_the_spool(tmp_path: Path, models: Path) -> None:
    """SIGKILL to the live speech worker mid-meeting: the recording completes, the whole
    transcript is rebuilt from the encrypted spool, and the note arrives."""
    killed: list[int] = []
    with running_system(tmp_path, models, MEETING, PACE) as system:
        system.record(during=_kill_child("_sherpa_onnx", signal.SIGKILL, killed))
        note = system.stored_note()
        assert system.daemon.alive()
        log = system.daemon.log_text()
        transcript = stored_note_at(system.hub_dir, "transcript")
        _light_on_throughout(system)
    assert killed
    assert "transcribing it from the spool" in log
    assert transcript is not None
    assert transcript["segments"][-1]["end"] >= LAST_WORDS_S
    assert note["overenskommelser"] or note["nasta_steg"]
