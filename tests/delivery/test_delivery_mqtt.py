"""End to end over a real Mosquitto: device outbox → broker → hub worker process → ack."""

from __future__ import annotations

from collections.abc import Callable

from tests.delivery.conftest import Rig
from tests.delivery.support import wait_for


def test_note_is_stored_acked_and_deleted_on_the_device(
    rig: Rig, seal_for: Callable[..., bytes]
) -> None:
    """A submitted note is stored once, the ack empties the outbox and runs on_delivered."""
    rig.start_worker()
    device = rig.device()
    device.submit("n-1", seal_for("n-1"))
    wait_for(lambda: rig.delivered["rum-1"] == ["n-1"], 20, "the ack to reach the device")
    assert rig.stored() == ["n-1"]
    assert device.outbox.pending() == 0
