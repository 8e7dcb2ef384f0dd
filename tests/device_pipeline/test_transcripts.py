"""Transcripts at rest: encrypted with the storage key, 0600, bound to their meeting id."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from device.capture.keys import FileStorageKey
from device.transcripts import TranscriptStore, TranscriptStoreError
from wire.transcript import MeetingMeta, Segment, Transcript

TEXT = "Mamman berättar att Kalle inte går till skolan på måndagar."


def _store(tmp_path: Path, key_name: str = "storage.key") -> TranscriptStore:
    return TranscriptStore(tmp_path / "t", FileStorageKey.load_or_create(tmp_path / key_name))


def _transcript() -> Transcript:
    meta = MeetingMeta(meeting_id="r1", started_at="2026-11-22T10:00:00+01:00")
    return Transcript(meta=meta, segments=(Segment("s0001", 0.0, 4.0, "S2", TEXT),))


def test_saved_transcript_reads_back_and_is_not_plain_text(tmp_path: Path) -> None:
    """The file round-trips, holds no readable words and is readable by the owner only."""
    store = _store(tmp_path)
    path = store.save("r1", _transcript())
    assert store.load("r1") == _transcript()
    assert b"skolan" not in path.read_bytes()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_transcript_renamed_to_another_recording_is_refused(tmp_path: Path) -> None:
    """A transcript file moved to another recording's name does not decrypt."""
    store = _store(tmp_path)
    store.save("r1", _transcript()).rename(store.path("r2"))
    with pytest.raises(TranscriptStoreError, match="r2"):
        store.load("r2")


def test_transcript_under_another_storage_key_is_refused(tmp_path: Path) -> None:
    """A transcript cannot be read with a different device storage key."""
    _store(tmp_path).save("r1", _transcript())
    other = TranscriptStore(tmp_path / "t", FileStorageKey.load_or_create(tmp_path / "other.key"))
    with pytest.raises(TranscriptStoreError, match="cannot read transcript"):
        other.load("r1")
