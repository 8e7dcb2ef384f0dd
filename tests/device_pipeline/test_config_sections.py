"""Device TOML: speech, note, identity, meeting and delivery sections; model checks."""

from __future__ import annotations

import json
import signal
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from device import config
from device.__main__ import cli
from device.preflight import check_models, model_files
from device.settings import DeviceSettings
from device.speech import SpeechSettings
from models.errors import ArtifactMissingError


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "device.toml"
    path.write_text(text)
    return path


def _enrolled(root: Path) -> None:
    root.mkdir(parents=True)
    info = {"device_id": "rum-7", "broker_host": "mqtt.example", "broker_port": 8883}
    (root / "device.json").write_text(json.dumps(info))


def test_delivery_takes_broker_and_files_from_the_enrolled_identity(tmp_path: Path) -> None:
    """[delivery] with only tunables is completed from the identity folder."""
    _enrolled(tmp_path / "identity")
    cfg = _write(
        tmp_path,
        f'[identity]\nidentity_dir = "{tmp_path / "identity"}"\n[delivery]\nheartbeat_s = 5\n',
    )
    settings = config.load(cfg)
    assert settings.delivery is not None
    assert settings.device_id == settings.delivery.device_id == "rum-7"
    assert settings.delivery.broker_host == "mqtt.example"
    assert settings.delivery.cert_file == tmp_path / "identity" / "tls" / "current" / "cert.pem"
    assert settings.delivery.outbox_path == tmp_path / "outbox.db"
    assert settings.delivery.heartbeat_s == 5.0


def test_delivery_without_enrolment_names_the_enroll_command(tmp_path: Path) -> None:
    """A device that is not enrolled gets an error naming what is missing and the command."""
    cfg = _write(tmp_path, f'[identity]\nidentity_dir = "{tmp_path / "none"}"\n[delivery]\n')
    with pytest.raises(config.ConfigError, match=r"broker_host.*python -m device enroll"):
        config.load(cfg)


def test_unknown_delivery_setting_is_an_error(tmp_path: Path) -> None:
    """A typo in [delivery] is reported with the known settings."""
    _enrolled(tmp_path / "identity")
    cfg = _write(
        tmp_path,
        f'[identity]\nidentity_dir = "{tmp_path / "identity"}"\n[delivery]\nheartbeet_s = 5\n',
    )
    with pytest.raises(config.ConfigError, match=r"heartbeet_s.*heartbeat_s"):
        config.load(cfg)


def test_speech_and_note_sections_reach_their_settings(tmp_path: Path) -> None:
    """Nested [speech.asr] and [note.llm] tables set the packages' own settings."""
    cfg = _write(
        tmp_path,
        '[speech]\nmodels_dir = "/m"\n[speech.asr]\nnum_threads = 1\n'
        '[note]\nwindow_s = 120\n[note.llm]\nmodel_path = "/m/q.gguf"\n',
    )
    settings = config.load(cfg)
    assert settings.speech.models_dir == Path("/m")
    assert settings.speech.asr.num_threads == 1
    assert settings.note.window_s == 120.0
    assert settings.note.llm.model_path == Path("/m/q.gguf")
    assert settings.delivery is None


def test_unknown_note_setting_is_an_error(tmp_path: Path) -> None:
    """A typo inside a nested note table names the table."""
    cfg = _write(tmp_path, "[note.llm]\nthreads = 2\n")
    with pytest.raises(config.ConfigError, match=r"\[note.llm\] has no setting 'threads'"):
        config.load(cfg)


def test_note_seats_table_sets_the_button_azimuth(tmp_path: Path) -> None:
    """[note.seats] sets where the button sits in the array's frame and the tolerance."""
    cfg = _write(tmp_path, "[note.seats]\nbutton_azimuth_deg = 90\ntolerance_deg = 25\n")
    seats = config.load(cfg).note.seats
    assert (seats.button_azimuth_deg, seats.tolerance_deg, seats.enabled) == (90.0, 25.0, True)


def test_missing_model_names_the_file_and_the_fetch_command(tmp_path: Path) -> None:
    """A configured model file that is absent fails before start with path and command."""
    cfg = _write(tmp_path, f'[speech]\nmodels_dir = "{tmp_path / "models"}"\n')
    with pytest.raises(ArtifactMissingError, match=r"silero_vad.onnx.*python -m models fetch"):
        check_models(config.load(cfg))


def _cli_run(cfg: Path, monkeypatch: pytest.MonkeyPatch) -> Result:
    monkeypatch.setattr(signal, "signal", lambda *_: None)  # keep pytest's own handlers
    return CliRunner().invoke(cli, ["run", "--config", str(cfg)])


def _delivery_config(tmp_path: Path) -> Path:
    """A config with the enrolled identity, the models folder and an empty [delivery]."""
    return _write(
        tmp_path,
        f'[identity]\nidentity_dir = "{tmp_path / "identity"}"\n'
        f'[speech]\nmodels_dir = "{tmp_path / "models"}"\n[delivery]\n',
    )


def test_run_with_a_missing_model_exits_2_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`run` with [delivery] and an absent model file exits 2 naming the file, no traceback."""
    _enrolled(tmp_path / "identity")
    cfg = _delivery_config(tmp_path)
    result = _cli_run(cfg, monkeypatch)
    assert result.exit_code == 2
    assert "error: silero VAD model not found at" in result.output


def test_run_without_the_signing_key_exits_2_naming_the_enroll_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`run` with every model present but no note-signing key exits 2 and names `enroll`."""
    _enrolled(tmp_path / "identity")
    settings = SpeechSettings(models_dir=tmp_path / "models")
    for path, _ in model_files(replace(DeviceSettings(), speech=settings)):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
    cfg = _delivery_config(tmp_path)
    result = _cli_run(cfg, monkeypatch)
    assert result.exit_code == 2
    assert "note-signing key" in result.output
    assert "python -m device enroll" in result.output
