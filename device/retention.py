"""Deletes recordings and transcripts the hub never acknowledged once past their deadline.

A delivered meeting is deleted on the hub's ack; this sweep covers the rest (a hub that
stays unreachable, a note parked as refused), so audio never outlives the configured
retention. The outbox keeps its sealed note: only the hub can open it.
"""

from __future__ import annotations

import logging
import time

from device.capture.keys import FileStorageKey
from device.capture.spool import Spool
from device.settings import DeviceSettings
from device.transcripts import TranscriptStore

log = logging.getLogger(__name__)


def sweep(settings: DeviceSettings, now: float | None = None) -> list[str]:
    """Delete what is older than `[meeting] retention_hours`; returns the recording ids."""
    at = time.time() if now is None else now
    limit = settings.meeting.retention_hours * 3600
    keys = FileStorageKey.load_or_create(settings.spool.storage_key_path)
    spool = Spool(settings.spool, keys)
    store = TranscriptStore(settings.meeting.transcript_dir, keys)
    removed: list[str] = []
    on_spool = set(spool.recording_ids())
    for rid in sorted(on_spool):
        if at - spool.describe(rid).started_at.timestamp() > limit:
            spool.delete(rid)
            store.delete(rid)
            removed.append(rid)
    for rid in store.ids():
        if rid not in on_spool and store.age_s(rid, at) > limit:
            store.delete(rid)
            removed.append(rid)
    for rid in removed:
        log.warning(
            "retention: recording %s deleted undelivered after %.0f h",
            rid,
            settings.meeting.retention_hours,
            extra={"RECORDING_ID": rid},
        )
    return removed
