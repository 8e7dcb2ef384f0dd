"""Seal a finished note for the hub: the device side of the envelope."""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric import ed25519

from wire.envelope import NotePayload, seal
from wire.note import Note
from wire.recipient import RecipientPublicKey
from wire.transcript import Transcript


@dataclass(frozen=True)
class Sealer:
    """Seals notes as ``device_id`` to the hub's recipient key."""

    device_id: str
    signing_key: ed25519.Ed25519PrivateKey
    recipient: RecipientPublicKey

    def seal(self, note: Note, transcript: Transcript) -> tuple[str, bytes]:
        """Return (note_id, envelope bytes) ready for the outbox."""
        envelope = seal(
            NotePayload(note, transcript),
            device_id=self.device_id,
            recipient=self.recipient,
            signing_key=self.signing_key,
        )
        return note.note_id, envelope
