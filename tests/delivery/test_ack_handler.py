"""Device side of the ack: delete local copies, drop the outbox entry, sign a receipt."""

from __future__ import annotations

from pathlib import Path

import pytest

from device.delivery.outbox import Outbox
from device.delivery.receipts import AckHandler
from tests.delivery.samples import device_key
from wire.status import StatusError


def _handler(tmp_path: Path, on_delivered: object) -> tuple[AckHandler, Outbox]:
    outbox = Outbox(tmp_path / "o.db")
    outbox.add("n-1", b"sealed")
    return AckHandler("rum-1", outbox, device_key("rum-1"), on_delivered), outbox  # type: ignore[arg-type]


def test_ack_deletes_copies_and_leaves_a_verifiable_receipt(tmp_path: Path) -> None:
    """An ack runs on_delivered, empties the outbox and yields a receipt the device key verifies."""
    deleted: list[str] = []
    handler, outbox = _handler(tmp_path, deleted.append)
    receipt = handler("n-1")
    assert receipt is not None
    receipt.verify(device_key("rum-1").public_key().public_bytes_raw())
    assert (deleted, outbox.pending(), outbox.unreported_receipts("rum-1")) == (
        ["n-1"],
        0,
        [receipt],
    )


def test_failed_deletion_keeps_the_note_queued(tmp_path: Path) -> None:
    """If deleting the spool fails, the note stays in the outbox and no receipt is made."""

    def broken(_: str) -> None:
        raise OSError("spool busy")

    handler, outbox = _handler(tmp_path, broken)
    with pytest.raises(OSError, match="spool busy"):
        handler("n-1")
    assert (outbox.pending(), outbox.unreported_receipts("rum-1")) == (1, [])


def test_ack_for_unknown_note_changes_nothing(tmp_path: Path) -> None:
    """A repeated or stray ack neither deletes anything nor makes a receipt."""
    deleted: list[str] = []
    handler, outbox = _handler(tmp_path, deleted.append)
    assert handler("n-other") is None
    assert (deleted, outbox.pending()) == ([], 1)


def test_receipt_signed_by_another_key_does_not_verify(tmp_path: Path) -> None:
    """A receipt fails verification against a different device's key."""
    handler, _ = _handler(tmp_path, lambda _: None)
    receipt = handler("n-1")
    assert receipt is not None
    with pytest.raises(StatusError):
        receipt.verify(device_key("rum-2").public_key().public_bytes_raw())
