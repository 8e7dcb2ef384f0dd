"""Speech settings built from a TOML mapping."""

from __future__ import annotations

from pathlib import Path

import pytest

from device.speech.settings import SpeechSettings, settings_from_mapping


def test_nested_tables_override_defaults() -> None:
    """A [speech.asr] language and a [speech.vad] limit override only those fields."""
    settings = settings_from_mapping({"asr": {"language": "auto"}, "vad": {"max_segment_s": 20}})
    assert settings.asr.language == "auto"
    assert settings.vad.max_segment_s == 20
    assert settings.vad.pad_s == SpeechSettings().vad.pad_s


def test_paths_become_path_objects() -> None:
    """Model paths given as strings are paths."""
    settings = settings_from_mapping({"vad": {"model": "/opt/models/vad.onnx"}})
    assert settings.vad.model == Path("/opt/models/vad.onnx")


def test_unknown_key_is_refused_with_the_known_ones() -> None:
    """A misspelt key fails and lists the valid keys."""
    with pytest.raises(ValueError, match="language"):
        settings_from_mapping({"asr": {"langauge": "sv"}})


def test_relative_model_paths_resolve_in_the_store(tmp_path: Path) -> None:
    """A relative model path is found under the model store."""
    settings = SpeechSettings(models_dir=tmp_path)
    assert settings.model_path(Path("silero_vad.onnx")) == tmp_path / "silero_vad.onnx"
