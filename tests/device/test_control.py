"""The local control socket and the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from gpiozero.pins.mock import MockFactory
from typer.testing import CliRunner

from device import control, selftest
from device.__main__ import cli
from device.note import LlmSettings, NoteSettings
from device.settings import ModelSettings
from device.speech import SpeechSettings
from tests.conftest import require_model
from tests.device.conftest import Rig, device_settings


def serve(rig: Rig) -> control.ControlServer:
    server = control.ControlServer(rig.app.settings.control.socket_path, rig.app)
    server.start()
    return server


def test_claim_press_and_stop_over_the_socket(make_rig: Callable[..., Rig]) -> None:
    """claim, press and long-press drive the daemon; each reply carries its new state."""
    rig = make_rig()
    server = serve(rig)
    path = server.path
    try:
        assert (
            control.send(path, {"cmd": "claim", "caseworker": "hl01", "minutes": 5})["state"]
            == "armed"
        )
        assert control.send(path, {"cmd": "press"})["state"] == "recording"
        rig.wait_blocks(2)
        reply = control.send(path, {"cmd": "long-press"})
        assert reply["state"] in ("finishing", "armed")
        rig.wait_state("armed")
        assert len(rig.finished) == 1
    finally:
        server.close()


def test_unknown_command_is_refused(make_rig: Callable[..., Rig]) -> None:
    """An unknown command gets ok=false and the list of valid ones."""
    server = serve(make_rig())
    try:
        reply = control.send(server.path, {"cmd": "explode"})
    finally:
        server.close()
    assert reply["ok"] is False
    assert "use claim, release, press, long-press, status" in reply["error"]


def test_cli_status_prints_the_daemon_state(make_rig: Callable[..., Rig]) -> None:
    """`control status --socket` prints the daemon's JSON status."""
    rig = make_rig()
    server = serve(rig)
    try:
        result = CliRunner().invoke(cli, ["control", "status", "--socket", str(server.path)])
    finally:
        server.close()
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["state"] == "idle"


def test_cli_without_daemon_says_so(tmp_path: Path) -> None:
    """With no daemon listening the command exits 2 and asks whether it is running."""
    result = CliRunner().invoke(cli, ["control", "press", "--socket", str(tmp_path / "x.sock")])
    assert result.exit_code == 2
    assert "is it running?" in result.output


def test_list_devices_shows_the_file_microphone(alsa_mic: str) -> None:
    """list-devices names the ALSA file-backed input."""
    result = CliRunner().invoke(cli, ["list-devices"])
    assert result.exit_code == 0
    assert alsa_mic in result.output


@pytest.mark.models
@pytest.mark.slow
def test_self_test_passes_on_working_parts(
    tmp_path: Path, alsa_mic: str, pins: MockFactory, model_store: Path
) -> None:
    """Config, models (with one real decode of each), key, mic and light all check out."""
    gguf = require_model(model_store, "gemma3-270m-q4_k_m.gguf", "silero_vad.onnx")
    require_model(model_store, "whisper-base-sherpa/encoder.int8.onnx")
    settings = device_settings(tmp_path, alsa_mic)
    settings = replace(
        settings,
        models=ModelSettings((gguf,)),
        speech=SpeechSettings(models_dir=model_store),
        note=NoteSettings(llm=LlmSettings(model_path=gguf)),
    )
    results = selftest.run_all(settings, pin_factory=pins)
    assert [(name, ok) for name, ok, _ in results] == [
        ("config", True),
        ("models", True),
        ("speech model", True),
        ("note model", True),
        ("storage key", True),
        ("microphone", True),
        ("light", True),
    ], results


def test_self_test_models_only_skips_the_hardware(tmp_path: Path) -> None:
    """`--models-only` (what `make setup` runs) checks no microphone and no light."""
    settings = replace(
        device_settings(tmp_path, "no_such_mic"), speech=SpeechSettings(models_dir=tmp_path)
    )
    names = [name for name, _, _ in selftest.run_all(settings, models_only=True)]
    assert names == ["config", "models", "speech model", "note model"]


def test_self_test_reports_a_speech_model_that_cannot_load(tmp_path: Path) -> None:
    """No Whisper files where the config points: the speech check fails and says why."""
    settings = replace(
        device_settings(tmp_path, "no_such_mic"), speech=SpeechSettings(models_dir=tmp_path)
    )
    results = {name: (ok, d) for name, ok, d in selftest.run_all(settings, models_only=True)}
    ok, detail = results["speech model"]
    assert not ok
    assert "first decode failed" in detail
    assert "encoder" in detail


@pytest.mark.usefixtures("alsa_mic")
def test_self_test_reports_missing_model_and_mic(tmp_path: Path, pins: MockFactory) -> None:
    """A missing model file and an absent microphone fail with their names."""
    settings = device_settings(tmp_path, "no_such_mic")
    missing = tmp_path / "absent.onnx"
    settings = type(settings)(**{**settings.__dict__, "models": type(settings.models)((missing,))})
    results = {name: (ok, detail) for name, ok, detail in selftest.run_all(settings, pins)}
    assert results["models"] == (False, f"missing: {missing}")
    assert results["microphone"][0] is False
    assert "no_such_mic" in results["microphone"][1]
