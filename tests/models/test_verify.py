"""verify: a table of every artifact's files, exit 0 only when all match their sha256."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from models.__main__ import app
from tests.models.wheels import sha

DATA = b"silero stand-in bytes"
MANIFEST = (
    '[[artifact]]\nid = "vad"\nrole = "vad"\nprofile = "test"\nlicence = "MIT"\n'
    'path = "vad.onnx"\nlayout = "file"\n\n'
    f'[[artifact.file]]\nname = "vad.onnx"\nsha256 = "{sha(DATA)}"\n'
    '[[artifact.file.part]]\npackage = "x"\nversion = "1"\nmember = "x/vad.onnx"\n'
    f'size = {len(DATA)}\nsha256 = "{sha(DATA)}"\n'
)


def _verify(tmp_path: Path, content: bytes | None, manifest: str = MANIFEST) -> tuple[int, str]:
    store = tmp_path / "store"
    store.mkdir()
    if content is not None:
        (store / "vad.onnx").write_bytes(content)
    (tmp_path / "m.toml").write_text(manifest, encoding="utf-8")
    args = ["verify", "--store", str(store), "--manifest", str(tmp_path / "m.toml")]
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.output


def test_verify_passes_when_sha256_matches(tmp_path: Path) -> None:
    """A present file with the pinned sha256 is reported ok and verify exits 0."""
    code, output = _verify(tmp_path, DATA)
    assert code == 0
    assert "ok" in output


def test_verify_fails_on_mismatch_naming_both_hashes(tmp_path: Path) -> None:
    """A file with another sha256 makes verify exit 1, naming the file and both hashes."""
    code, output = _verify(tmp_path, b"tampered")
    assert code == 1
    flat = output.replace("\n", "")
    assert "vad.onnx" in flat
    assert sha(DATA) in flat
    assert sha(b"tampered") in flat


def test_verify_fails_on_missing_file(tmp_path: Path) -> None:
    """An absent file makes verify exit 1 and say it is missing."""
    code, output = _verify(tmp_path, None)
    assert code == 1
    assert "missing" in output


def test_verify_fails_on_unpinned_hash(tmp_path: Path) -> None:
    """A production entry without a pinned sha256 is not accepted, even when present."""
    unpinned = MANIFEST.replace(
        f'sha256 = "{sha(DATA)}"\n[[artifact.file.part]]', 'sha256 = ""\n[[artifact.file.part]]'
    )
    code, output = _verify(tmp_path, DATA, unpinned)
    assert code == 1
    assert "no sha256 pinned" in output


def test_unknown_profile_is_a_clear_error(tmp_path: Path) -> None:
    """An unknown profile name exits 2 and lists the valid ones."""
    store = tmp_path / "store"
    store.mkdir()
    result = CliRunner().invoke(app, ["verify", "--profile", "staging", "--store", str(store)])
    assert result.exit_code == 2
    assert "production" in result.output
    assert "test" in result.output
