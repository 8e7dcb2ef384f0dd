"""Seal a finished note for the hub: the device side of the envelope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

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
        """Return (meeting_id, envelope bytes) ready for the outbox."""
        envelope = seal(
            NotePayload(note, transcript),
            device_id=self.device_id,
            recipient=self.recipient,
            signing_key=self.signing_key,
        )
        return note.meeting_id, envelope


class NoteQueue(Protocol):
    """Where sealed notes wait for the hub (device.delivery.mqtt_client.DeviceMqtt fits)."""

    def submit(self, meeting_id: str, envelope: bytes) -> None:
        """Durably queue a sealed note for publishing."""


@dataclass(frozen=True)
class SealAndQueue:
    """Seals a finished note with its transcript and queues it: the meeting's ``deliver``."""

    sealer: Sealer
    queue: NoteQueue

    def __call__(self, note: Note, transcript: Transcript) -> None:
        meeting_id, envelope = self.sealer.seal(note, transcript)
        self.queue.submit(meeting_id, envelope)
