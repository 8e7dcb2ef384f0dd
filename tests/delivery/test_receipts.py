"""Deletion receipts on the wire: the meeting id's key, and receipts of the previous version."""

from __future__ import annotations

from tests.delivery.samples import device_key
from wire.status import DeletionReceipt

KEY = device_key("rum-1")
PUBLIC = KEY.public_key().public_bytes_raw()


def _receipt() -> DeletionReceipt:
    return DeletionReceipt("rum-1", "n-1", "2026-11-22T11:00:00Z").signed(KEY)


def test_receipt_names_the_meeting_id_only_under_its_new_key() -> None:
    """An encoded receipt carries ``meeting_id`` and no legacy ``note_id``."""
    data = _receipt().to_dict()
    assert (data["meeting_id"], "note_id" in data) == ("n-1", False)


def test_receipt_of_the_previous_version_decodes_to_its_meeting_id() -> None:
    """A receipt naming its meeting only as legacy ``note_id`` decodes to that meeting id."""
    old = {**_receipt().to_dict(), "note_id": "n-1"}
    del old["meeting_id"]
    assert DeletionReceipt.from_dict(old) == _receipt()


def test_receipt_of_the_previous_version_still_verifies() -> None:
    """The signature is over the values, so a receipt signed before the rename verifies."""
    old = {**_receipt().to_dict(), "note_id": "n-1"}
    del old["meeting_id"]
    DeletionReceipt.from_dict(old).verify(PUBLIC)
