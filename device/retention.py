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
    """Delete what is older than `[meeting] retention_hours`; returns the meeting ids."""
    at = time.time() if now is None else now
    limit = settings.meeting.retention_hours * 3600
    keys = FileStorageKey.load_or_create(settings.spool.storage_key_path)
    spool = Spool(settings.spool, keys)
    store = TranscriptStore(settings.meeting.transcript_dir, keys)
    removed: list[str] = []
    on_spool = set(spool.meeting_ids())
    for meeting_id in sorted(on_spool):
        if at - spool.describe(meeting_id).started_at.timestamp() > limit:
            spool.delete(meeting_id)
            store.delete(meeting_id)
            removed.append(meeting_id)
    for meeting_id in store.ids():
        if meeting_id not in on_spool and store.age_s(meeting_id, at) > limit:
            store.delete(meeting_id)
            removed.append(meeting_id)
    for meeting_id in removed:
        log.warning(
            "retention: meeting %s deleted undelivered after %.0f h",
            meeting_id,
            settings.meeting.retention_hours,
            extra={"MEETING_ID": meeting_id},
        )
    return removed
