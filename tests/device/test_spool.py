"""The encrypted spool: chunks, recovery, damage, keys, disk space."""

from __future__ import annotations

import json
import logging
import stat
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from device.capture.keys import FileStorageKey, StorageKeyError
from device.capture.spool import DiskSpaceError, Spool, SpoolError
from device.events import Gesture
from device.settings import SpoolSettings
from tests.device.conftest import SECONDS, Rig, device_settings, make_test_audio, wait_until
from wire.note import Participant
from wire.seats import Seat

START = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def make_spool(tmp_path: Path, root: Path | None = None, minutes: float = 0.0) -> Spool:
    settings = SpoolSettings(
        root=root or tmp_path / "spool",
        storage_key_path=tmp_path / "storage.key",
        min_free_minutes=minutes,
    )
    return Spool(settings, FileStorageKey.load_or_create(settings.storage_key_path))


def write(spool: Spool, seconds: int) -> tuple[str, np.ndarray]:
    audio = make_test_audio(seconds, channels=4)
    writer = spool.create(channels=4, rate=16000, caseworker_id="hl01", started_at=START)
    for second in range(seconds):
        writer.append(audio[second * 16000 : (second + 1) * 16000])
    return writer.meeting_id, audio


def test_chunks_read_back_as_written(tmp_path: Path) -> None:
    """A closed recording reads back sample for sample."""
    spool = make_spool(tmp_path)
    meeting_id, audio = write(spool, 3)
    spool.describe(meeting_id)
    np.testing.assert_array_equal(spool.read_pcm(meeting_id), audio)


def test_chunks_hold_no_plain_audio(tmp_path: Path) -> None:
    """The bytes on disk are not the PCM: each chunk is encrypted."""
    spool = make_spool(tmp_path)
    meeting_id, audio = write(spool, 1)
    [chunk] = (tmp_path / "spool" / meeting_id).glob("*.chunk")
    assert audio[:100].tobytes() not in chunk.read_bytes()


def test_corrupted_chunk_loses_only_that_chunk(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A flipped byte turns that one second into silence; the rest is intact and it is logged."""
    spool = make_spool(tmp_path)
    meeting_id, audio = write(spool, 3)
    chunk = sorted((tmp_path / "spool" / meeting_id).glob("*.chunk"))[1]
    data = bytearray(chunk.read_bytes())
    data[100] ^= 0xFF
    chunk.write_bytes(bytes(data))
    with caplog.at_level(logging.ERROR):
        pcm = spool.read_pcm(meeting_id)
    np.testing.assert_array_equal(pcm[:16000], audio[:16000])
    assert not pcm[16000:32000].any()
    np.testing.assert_array_equal(pcm[32000:], audio[32000:])
    assert f"chunk 1 of the recording of meeting {meeting_id} is corrupted" in caplog.text


def test_truncated_chunk_keeps_the_timeline(tmp_path: Path) -> None:
    """A chunk cut short on disk is replaced by silence of its full length, not dropped."""
    spool = make_spool(tmp_path)
    meeting_id, audio = write(spool, 3)
    chunk = sorted((tmp_path / "spool" / meeting_id).glob("*.chunk"))[1]
    chunk.write_bytes(chunk.read_bytes()[:5000])
    pcm = spool.read_pcm(meeting_id)
    assert len(pcm) == len(audio)
    np.testing.assert_array_equal(pcm[32000:], audio[32000:])


def test_interrupted_recording_is_recovered(tmp_path: Path) -> None:
    """A recording never closed comes back once, marked recovered, with its chunks."""
    spool = make_spool(tmp_path)
    meeting_id, audio = write(spool, 2)
    (tmp_path / "spool" / meeting_id / "000002-000000032000.chunk.tmp").write_bytes(b"half")
    [found] = make_spool(tmp_path).recover()
    assert (found.meeting_id, found.recovered, found.frames) == (meeting_id, True, 32000)
    np.testing.assert_array_equal(spool.read_pcm(meeting_id), audio)
    assert make_spool(tmp_path).recover() == []


def test_delete_removes_the_recording(tmp_path: Path) -> None:
    """Deleting leaves nothing of the recording; deleting again is a clear error."""
    spool = make_spool(tmp_path)
    meeting_id, _ = write(spool, 1)
    spool.delete(meeting_id)
    assert not (tmp_path / "spool" / meeting_id).exists()
    with pytest.raises(SpoolError, match="no recording"):
        spool.delete(meeting_id)


def test_storage_key_file_is_private(tmp_path: Path) -> None:
    """The storage key is created with mode 0600."""
    make_spool(tmp_path)
    assert stat.S_IMODE((tmp_path / "storage.key").stat().st_mode) == 0o600


def test_readable_storage_key_is_refused(tmp_path: Path) -> None:
    """A key file others can read is refused with the command that fixes it."""
    make_spool(tmp_path)
    (tmp_path / "storage.key").chmod(0o644)
    with pytest.raises(StorageKeyError, match="chmod 600"):
        make_spool(tmp_path)


def test_other_storage_key_cannot_read(tmp_path: Path) -> None:
    """With a different storage key the recording key does not unwrap."""
    spool = make_spool(tmp_path)
    meeting_id, _ = write(spool, 1)
    (tmp_path / "storage.key").unlink()
    with pytest.raises(StorageKeyError, match="does not unwrap"):
        make_spool(tmp_path).read_pcm(meeting_id)


def test_low_disk_refuses_to_start(tmp_path: Path, small_disk: Callable[[int], Path]) -> None:
    """On a 1 MB disk a recording that must fit 1 minute of 4 channels is refused."""
    spool = make_spool(tmp_path, root=small_disk(1024), minutes=1.0)
    with pytest.raises(DiskSpaceError, match="refusing to record"):
        spool.create(channels=4, rate=16000, caseworker_id=None, started_at=START)
    assert spool.meeting_ids() == []


def test_disk_full_mid_meeting_stops_and_keeps_what_was_written(
    tmp_path: Path,
    alsa_mic: str,
    small_disk: Callable[[int], Path],
    make_rig: Callable[..., Rig],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """When the disk fills, capture stops in error and every written second reads back."""
    settings = device_settings(tmp_path, alsa_mic, root=small_disk(1200), min_free_minutes=0.01)
    rig = make_rig(settings)
    rig.claim()
    with caplog.at_level(logging.INFO):
        rig.press()
        wait_until(lambda: len(rig.finished) == 1, timeout=20)
    rig.wait_state("error")
    found = rig.finished[0]
    pcm = rig.spool.read_pcm(found.meeting_id)
    assert len(pcm) >= 2 * 16000
    np.testing.assert_array_equal(pcm, make_test_audio(SECONDS)[: len(pcm)])
    assert "disk full" in caplog.text
    assert "recording stopped" in caplog.text
    rig.press(Gesture.LONG)


PRESENT = (Participant("Anna Berg", "socialsekreterare"), Participant("Linda Ek", "sökande"))


def test_participants_come_back_with_the_recording(tmp_path: Path) -> None:
    """Who was present, given at the start, is part of the closed recording."""
    spool = make_spool(tmp_path)
    writer = spool.create(
        channels=1, rate=16000, caseworker_id="hl01", started_at=START, participants=PRESENT
    )
    writer.append(np.zeros((16000, 1), np.int16))
    found = writer.close()
    assert found.participants == PRESENT
    assert spool.describe(found.meeting_id).participants == PRESENT


def test_seats_come_back_with_the_recording(tmp_path: Path) -> None:
    """Where the claim said people sit survives the spool, for matching speakers at stop."""
    seated = (replace(PRESENT[0], plats=Seat.KNAPPEN), replace(PRESENT[1], plats=Seat.MITTEMOT))
    spool = make_spool(tmp_path)
    writer = spool.create(
        channels=1, rate=16000, caseworker_id="hl01", started_at=START, participants=seated
    )
    writer.append(np.zeros((16000, 1), np.int16))
    assert spool.describe(writer.close().meeting_id).participants == seated


def test_participants_are_never_on_disk_in_clear(tmp_path: Path) -> None:
    """The names are sealed under the recording key: no file on the spool holds them."""
    spool = make_spool(tmp_path)
    writer = spool.create(
        channels=1, rate=16000, caseworker_id="hl01", started_at=START, participants=PRESENT
    )
    writer.append(np.zeros((16000, 1), np.int16))
    writer.close()
    for path in (tmp_path / "spool").rglob("*"):
        if path.is_file():
            assert b"Linda" not in path.read_bytes(), path


def test_recording_from_before_participants_reads_with_nobody_listed(tmp_path: Path) -> None:
    """A version-1 meta.json (no participants field) still describes its recording."""
    spool = make_spool(tmp_path)
    meeting_id, _ = write(spool, 1)
    meta = tmp_path / "spool" / meeting_id / "meta.json"
    data = json.loads(meta.read_text())
    data.pop("participants")
    data["version"] = 1
    meta.write_text(json.dumps(data))
    assert spool.describe(meeting_id).participants == ()


def test_recording_from_before_the_meeting_id_rename_reads_under_its_id(tmp_path: Path) -> None:
    """A version-2 meta.json naming the id ``recording_id`` still describes its recording."""
    spool = make_spool(tmp_path)
    meeting_id, audio = write(spool, 1)
    meta = tmp_path / "spool" / meeting_id / "meta.json"
    data = json.loads(meta.read_text())
    data["recording_id"] = data.pop("meeting_id")
    data["version"] = 2
    meta.write_text(json.dumps(data))
    assert spool.describe(meeting_id).meeting_id == meeting_id
    np.testing.assert_array_equal(spool.read_pcm(meeting_id), audio)
