"""The manifest: every test artifact pinned, production honest about what it cannot pin."""

from __future__ import annotations

from pathlib import Path

import pytest

from models import manifest
from models.errors import ManifestError


def test_every_test_file_and_part_has_a_pinned_sha256() -> None:
    """All test-profile files and parts carry a 64-hex sha256."""
    m = manifest.load()
    hashes = [f.sha256 for a in m.profile("test") for f in a.files]
    hashes += [p.sha256 for a in m.profile("test") for f in a.files for p in f.parts]
    assert hashes
    assert all(len(h) == 64 and int(h, 16) >= 0 for h in hashes)


def test_test_profile_covers_the_store_layout() -> None:
    """The test profile yields exactly the store layout the other packages rely on."""
    m = manifest.load()
    paths = {a.path for a in m.profile("test")}
    assert paths == {
        "whisper-base-ct2",
        "whisper-base-sherpa",
        "silero_vad.onnx",
        "gemma3-270m-q4_k_m.gguf",
        "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
        "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    }


def test_production_profile_names_each_role() -> None:
    """Production has ASR, LLM and diarization entries, each with an https source or derivation."""
    artifacts = manifest.load().profile("production")
    assert {a.role for a in artifacts} >= {"asr", "llm", "diarization"}
    for a in artifacts:
        assert a.derive or all(f.url.startswith("https://") and f.revision for f in a.files)


def test_unknown_role_is_rejected(tmp_path: Path) -> None:
    """An entry with a role outside vad/asr/llm/diarization is refused with the entry's id."""
    path = tmp_path / "m.toml"
    path.write_text(
        '[[artifact]]\nid = "odd"\nrole = "tts"\nprofile = "test"\nlicence = "MIT"\npath = "x"\n'
        '[[artifact.file]]\nname = "x"\nsha256 = ""\nurl = "https://example.org/x"\n',
        encoding="utf-8",
    )
    with pytest.raises(ManifestError, match=r"'odd'.*role 'tts'"):
        manifest.load(path)


def test_missing_field_is_rejected(tmp_path: Path) -> None:
    """An entry without a licence is refused, naming the missing key."""
    path = tmp_path / "m.toml"
    path.write_text(
        '[[artifact]]\nid = "nolicence"\nrole = "vad"\nprofile = "test"\npath = "x"\n'
        '[[artifact.file]]\nname = "x"\nsha256 = ""\nurl = "https://example.org/x"\n',
        encoding="utf-8",
    )
    with pytest.raises(ManifestError, match="licence"):
        manifest.load(path)
