"""Reading a recording back from the real encrypted capture spool."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from device.capture.keys import FileStorageKey
from device.capture.spool import Spool
from device.settings import SpoolSettings
from device.speech.errors import SpeechError
from device.speech.spool_source import SpoolSource


def make_spool(tmp_path: Path) -> tuple[Spool, SpoolSettings]:
    settings = SpoolSettings(
        root=tmp_path / "spool", storage_key_path=tmp_path / "storage.key", min_free_minutes=0
    )
    return Spool(settings, FileStorageKey.load_or_create(settings.storage_key_path)), settings


AUDIO = (np.arange(16000 * 5 * 4, dtype=np.int64) % 30011).astype(np.int16).reshape(-1, 4)


def test_reads_across_chunk_boundaries_in_any_order(tmp_path: Path) -> None:
    """Frames read at any offset, forwards or backwards, equal what was spooled."""
    spool, settings = make_spool(tmp_path)
    writer = spool.create(channels=4, rate=16000, caseworker_id=None, started_at=datetime.now(UTC))
    for start in range(0, len(AUDIO), 16000):
        writer.append(AUDIO[start : start + 16000])
    source = SpoolSource.open(settings, writer.meeting_id)
    assert (source.channels, source.frames) == (4, len(AUDIO))
    np.testing.assert_array_equal(source.read(15000, 20000), AUDIO[15000:35000])
    np.testing.assert_array_equal(source.read(100, 50), AUDIO[100:150])
    np.testing.assert_array_equal(source.read(79000, 5000), AUDIO[79000:])


def test_sees_chunks_written_after_it_started_reading(tmp_path: Path) -> None:
    """A recording still growing is read past the chunks that existed at the first read."""
    spool, settings = make_spool(tmp_path)
    writer = spool.create(channels=4, rate=16000, caseworker_id=None, started_at=datetime.now(UTC))
    writer.append(AUDIO[:16000])
    source = SpoolSource.open(settings, writer.meeting_id)
    np.testing.assert_array_equal(source.read(0, 16000), AUDIO[:16000])
    writer.append(AUDIO[16000:32000])
    np.testing.assert_array_equal(source.read(16000, 16000), AUDIO[16000:32000])
    assert source.read(32000, 100).shape == (0, 4)


def test_open_latest_picks_the_newest_recording(tmp_path: Path) -> None:
    """The worker's catch-up source opens the recording being captured now."""
    spool, settings = make_spool(tmp_path)
    for _ in range(2):
        writer = spool.create(
            channels=4, rate=16000, caseworker_id=None, started_at=datetime.now(UTC)
        )
        writer.append(AUDIO[:1600])
    source = SpoolSource.open_latest(settings)
    assert source.read(0, 10).shape == (10, 4)
    assert source._id == writer.meeting_id


def test_open_latest_on_an_empty_spool_says_so(tmp_path: Path) -> None:
    """With nothing on the spool the error names the spool directory."""
    _, settings = make_spool(tmp_path)
    with pytest.raises(SpeechError, match="no recording"):
        SpoolSource.open_latest(settings)
