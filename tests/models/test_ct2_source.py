"""CT2 input checks: missing config or tokenizer, and a truncated model.bin, fail clearly."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from models.__main__ import app
from models.convert import ct2
from models.errors import SourceError


def _string(text: str) -> bytes:
    raw = text.encode() + b"\0"
    return struct.pack("<H", len(raw)) + raw


def _model_bin(variables: dict[str, np.ndarray]) -> bytes:
    """Serialise ``variables`` in CTranslate2's binary format, version 6."""
    out = struct.pack("<I", 6) + _string("WhisperSpec") + struct.pack("<II", 3, len(variables))
    for name, value in variables.items():
        out += _string(name) + struct.pack("<B", value.ndim)
        out += struct.pack(f"<{value.ndim}I", *value.shape)
        out += struct.pack("<BI", 4, value.nbytes) + value.tobytes()
    return out + struct.pack("<I", 0)


VARIABLES = {
    "encoder/conv1/bias": np.arange(8, dtype=np.float16),
    "decoder/embeddings/weight": np.ones((4, 8), dtype=np.float16),
}


def _folder(tmp_path: Path, *names: str) -> Path:
    src = tmp_path / "ct2"
    src.mkdir()
    for name in names:
        (src / name).write_bytes(_model_bin(VARIABLES) if name == "model.bin" else b"{}")
    return src


def test_reader_parses_variables(tmp_path: Path) -> None:
    """model.bin variables come back with their names, shapes and values."""
    src = _folder(tmp_path, "model.bin")
    parsed = ct2.read_variables(src / "model.bin")
    np.testing.assert_array_equal(
        parsed["decoder/embeddings/weight"], VARIABLES["decoder/embeddings/weight"]
    )
    assert parsed["encoder/conv1/bias"].shape == (8,)


def test_truncated_model_bin_is_reported(tmp_path: Path) -> None:
    """A model.bin cut short raises an error that says it may be truncated."""
    src = _folder(tmp_path, "model.bin")
    path = src / "model.bin"
    path.write_bytes(path.read_bytes()[:-40])
    with pytest.raises(SourceError, match="truncated"):
        ct2.read_variables(path)


def test_folder_without_config_is_refused(tmp_path: Path) -> None:
    """A CT2 folder lacking config.json is refused with an error naming it."""
    src = _folder(tmp_path, "model.bin", "tokenizer.json")
    with pytest.raises(SourceError, match=r"lacks config\.json"):
        ct2.check_folder(src)


def test_folder_without_tokenizer_is_refused(tmp_path: Path) -> None:
    """A CT2 folder lacking tokenizer.json is refused with an error naming it."""
    src = _folder(tmp_path, "model.bin", "config.json")
    with pytest.raises(SourceError, match=r"lacks tokenizer\.json"):
        ct2.check_folder(src)


def test_convert_command_leaves_no_output_on_bad_folder(tmp_path: Path) -> None:
    """`convert whisper --from ct2` on an incomplete folder exits 2 and writes nothing."""
    src = _folder(tmp_path, "model.bin")
    out = tmp_path / "sherpa"
    result = CliRunner().invoke(
        app, ["convert", "whisper", str(src), "--from", "ct2", "--out", str(out)]
    )
    assert result.exit_code == 2
    assert "config.json" in result.output
    assert "tokenizer.json" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ct2"]


def test_convert_command_reports_missing_source(tmp_path: Path) -> None:
    """A source path that does not exist is named in the error."""
    missing = tmp_path / "nowhere"
    args = ["convert", "whisper", str(missing), "--from", "openai", "--out", str(tmp_path / "o")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "does not exist" in result.output
    assert "nowhere" in result.output.replace("\n", "")
