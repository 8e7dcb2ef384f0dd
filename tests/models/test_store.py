"""The model store: location from the environment, and clear errors for missing model paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.errors import ArtifactMissingError
from models.store import default_store, require_file, staging_dir


def test_store_location_follows_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SAMTAL_MODELS overrides the default store location."""
    monkeypatch.setenv("SAMTAL_MODELS", str(tmp_path))
    assert default_store() == tmp_path


def test_missing_model_path_names_file_and_remedy(tmp_path: Path) -> None:
    """A configured model path that does not exist raises an error naming it and the fix."""
    path = tmp_path / "whisper-base-sherpa" / "encoder.int8.onnx"
    with pytest.raises(ArtifactMissingError) as caught:
        require_file(path, "Whisper encoder")
    assert str(path) in str(caught.value)
    assert "python -m models fetch" in str(caught.value)


def test_present_model_path_is_returned(tmp_path: Path) -> None:
    """An existing model file is returned unchanged."""
    path = tmp_path / "silero_vad.onnx"
    path.write_bytes(b"x")
    assert require_file(path, "VAD") == path


def test_staging_dir_discards_work_on_error(tmp_path: Path) -> None:
    """An exception inside staging leaves neither the target nor a temp folder behind."""
    target = tmp_path / "out"
    with pytest.raises(RuntimeError), staging_dir(target) as tmp:  # noqa: PT012 - raised inside staging
        (tmp / "half.onnx").write_bytes(b"half")
        raise RuntimeError("conversion failed")
    assert list(tmp_path.iterdir()) == []


def test_staging_dir_replaces_previous_target(tmp_path: Path) -> None:
    """A successful staging replaces the old folder's contents entirely."""
    target = tmp_path / "out"
    target.mkdir()
    (target / "old.onnx").write_bytes(b"old")
    with staging_dir(target) as tmp:
        (tmp / "new.onnx").write_bytes(b"new")
    assert [p.name for p in target.iterdir()] == ["new.onnx"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
