"""What happens on the hub's ack: delete the device's copies, then keep a signed receipt."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric import ed25519

from device.delivery.outbox import Outbox
from wire.envelope import utc_now
from wire.status import DeletionReceipt

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AckHandler:
    """Runs ``on_delivered`` (spool and transcript deletion), drops the outbox entry, signs."""

    device_id: str
    outbox: Outbox
    signing_key: ed25519.Ed25519PrivateKey
    on_delivered: Callable[[str], None]

    def __call__(self, meeting_id: str) -> DeletionReceipt | None:
        """Handle an ack; returns the new receipt, or None for an ack of an unknown note."""
        if not self.outbox.contains(meeting_id):
            log.info("ack for meeting %s which is not in the outbox (already handled)", meeting_id)
            return None
        # Delete the audio and transcript first: if that fails the entry stays, the note is
        # re-published, the hub dedups and acks again, and deletion is retried.
        self.on_delivered(meeting_id)
        receipt = DeletionReceipt(self.device_id, meeting_id, utc_now()).signed(self.signing_key)
        self.outbox.add_receipt(receipt)
        self.outbox.remove(meeting_id)
        log.info("meeting %s delivered; local copies deleted, receipt recorded", meeting_id)
        return receipt
