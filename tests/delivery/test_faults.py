"""Fault tests against a real Mosquitto and real hub worker processes."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import pytest

from tests.delivery import support
from tests.delivery.conftest import Rig
from tests.delivery.support import wait_for

OUTAGE_S = float(os.environ.get("SAMTAL_OUTAGE_S", "10"))


def test_broker_killed_right_after_puback_still_stores_note_once(
    rig: Rig, seal_for: Callable[..., bytes]
) -> None:
    """A note PUBACKed just before the broker is SIGKILLed is stored exactly once."""
    worker = rig.start_worker()
    worker.stop()  # the hub is away: the note can only sit in the broker
    device = rig.device()
    device.submit("n-1", seal_for("n-1"))
    wait_for(lambda: device.notes_pubacked >= 1, 10, "the broker's PUBACK")
    rig.broker.kill()
    rig.broker.start()
    rig.start_worker()
    wait_for(lambda: rig.delivered["rum-1"] == ["n-1"], 60, "the hub's ack")
    assert rig.stored() == ["n-1"]


def _outage_with_backlog(rig: Rig, seal_for: Callable[..., bytes], outage_s: float) -> None:
    rig.start_worker()
    devices = {d: rig.device(d) for d in ("rum-1", "rum-2")}
    rig.broker.kill()
    expected: dict[str, list[str]] = {"rum-1": [], "rum-2": []}
    for i in range(100):
        device_id = "rum-1" if i % 3 else "rum-2"
        meeting_id = f"n-{i:03d}"
        devices[device_id].submit(meeting_id, seal_for(meeting_id, device_id))
        expected[device_id].append(meeting_id)
    time.sleep(outage_s)
    rig.broker.start()
    wait_for(lambda: sum(len(v) for v in rig.delivered.values()) >= 100, 180, "100 acks")
    assert {d: rig.stored(d) for d in expected} == expected


def test_backlog_during_broker_outage_arrives_once_in_order(
    rig: Rig, seal_for: Callable[..., bytes]
) -> None:
    """100 notes queued while the broker is down arrive exactly once, in order per device."""
    _outage_with_backlog(rig, seal_for, OUTAGE_S)


@pytest.mark.slow
def test_backlog_survives_a_sixty_second_broker_outage(
    rig: Rig, seal_for: Callable[..., bytes]
) -> None:
    """The same holds for a full 60 s outage."""
    _outage_with_backlog(rig, seal_for, 60.0)


def test_worker_killed_between_commit_and_ack_stores_once(
    rig: Rig, seal_for: Callable[..., bytes]
) -> None:
    """A worker SIGKILLed after committing but before acking leaves exactly one stored note."""
    marker = rig.tmp / "in-note"
    worker = rig.start_worker(pause_file=marker)
    device = rig.device()
    device.submit("n-1", seal_for("n-1"))
    wait_for(marker.exists, 20, "the worker to be mid-note")
    worker.kill()
    assert rig.delivered["rum-1"] == []
    rig.start_worker()
    wait_for(lambda: rig.delivered["rum-1"] == ["n-1"], 60, "the ack after the restart")
    assert rig.stored() == ["n-1"]
    assert "duplicate note of meeting n-1" in rig.workers[-1].log_text()


def test_worker_killed_before_commit_is_covered_by_the_other_worker(
    rig: Rig, seal_for: Callable[..., bytes]
) -> None:
    """With hub-1 dead mid-note, hub-2 on the shared subscription stores the re-sent note."""
    marker = rig.tmp / "in-note"
    hub1 = rig.start_worker("hub-1", pause_file=marker)
    rig.start_worker("hub-2")
    device = rig.device()
    device.submit("n-1", seal_for("n-1"))
    wait_for(marker.exists, 20, "a worker to be mid-note")
    if marker.read_text() != "n-1" or hub1.process.poll() is not None:
        pytest.fail("expected hub-1 to take the first note")
    hub1.kill()
    device.submit("n-2", seal_for("n-2"))
    wait_for(lambda: sorted(rig.delivered["rum-1"]) == ["n-1", "n-2"], 60, "both acks")
    assert sorted(rig.stored()) == ["n-1", "n-2"]


def test_cleanly_stopped_worker_leaves_no_notes_parked(
    rig: Rig, seal_for: Callable[..., bytes]
) -> None:
    """After hub-2 stops cleanly, every note goes to hub-1 at once, without waiting for a retry."""
    rig.start_worker("hub-1")
    rig.start_worker("hub-2").stop()
    device = rig.device(retry_initial_s=120.0, retry_max_s=120.0)
    for i in range(4):
        device.submit(f"n-{i}", seal_for(f"n-{i}"))
    wait_for(lambda: len(rig.delivered["rum-1"]) == 4, 20, "four acks without retries")
    assert rig.stored() == ["n-0", "n-1", "n-2", "n-3"]


def test_worker_killed_after_a_batch_commit_stores_each_note_once(
    rig: Rig, seal_for: Callable[..., bytes]
) -> None:
    """A worker SIGKILLed after committing a batch, before its acks, leaves each note once."""
    marker = rig.tmp / "in-batch"
    worker = rig.start_worker(pause_file=marker, batch={"max_wait_ms": 1500.0})
    device = rig.fleet.devices["rum-1"]
    client = support.raw_client(rig.fleet, rig.broker, device.cert, device.key, "rum-1")
    client.client.subscribe("fleet/rum-1/cmd/ack", qos=1)
    notes = ["n-1", "n-2", "n-3"]
    for meeting_id in notes:
        client.publish(f"fleet/rum-1/notes/{meeting_id}", seal_for(meeting_id))
    wait_for(marker.exists, 20, "the worker to commit its first batch")
    assert marker.read_text().split() == notes, "expected all three notes in one batch"
    worker.kill()
    assert client.received == []
    rig.start_worker()
    wait_for(lambda: len(client.received) >= len(notes), 60, "three acks after the restart")
    client.close()
    assert rig.stored() == notes
    assert rig.workers[-1].log_text().count("duplicate note") == len(notes)
