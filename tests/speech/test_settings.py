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


def test_front_end_is_chosen_by_name() -> None:
    """front_end = "mean" selects the mean of all mics."""
    assert settings_from_mapping({"front_end": "mean"}).front_end == "mean"


def test_unknown_front_end_is_refused_with_the_choices() -> None:
    """A misspelt front end fails and lists the valid ones."""
    with pytest.raises(ValueError, match="channel0, mean, enhanced"):
        settings_from_mapping({"front_end": "beamform"})


def test_old_asr_channel_zero_still_means_mic_zero() -> None:
    """A configuration from before front_end with asr_channel = 0 keeps listening to mic 0."""
    assert settings_from_mapping({"asr_channel": 0}).front_end == "channel0"


def test_old_asr_channel_other_than_zero_is_refused_with_the_replacement() -> None:
    """asr_channel = 2 cannot be honoured and fails naming front_end."""
    with pytest.raises(ValueError, match="replaced by front_end"):
        settings_from_mapping({"asr_channel": 2})


def test_unknown_beamformer_is_refused_with_the_choices() -> None:
    """A misspelt speech.enhanced beamformer fails at load, naming the ones there are."""
    with pytest.raises(ValueError, match="superdirective, delay-and-sum"):
        settings_from_mapping({"enhanced": {"beamformer": "mvdr"}})


def test_non_positive_diagonal_loading_is_refused() -> None:
    """Loading 0 would let the superdirective beam blow up mic noise; it is refused at load."""
    with pytest.raises(ValueError, match="diagonal_loading must be positive"):
        settings_from_mapping({"enhanced": {"diagonal_loading": 0.0}})
