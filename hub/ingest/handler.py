"""Hub ingest of sealed notes: verify, decrypt, dedup, store durably, then ack.

The MQTT side lives in :mod:`hub.ingest.worker`; this module is the decision logic and
runs without a broker. Every refused message is logged with its reason and counted as a
dead letter; nothing a device sends can stop ingest.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from hub.store.notes import IncomingNote
from wire import commands, topics
from wire.envelope import (
    BadPayloadError,
    EnvelopeError,
    Header,
    IdentityMismatchError,
    MalformedError,
    NotePayload,
    RevokedSignerError,
    SealedEnvelope,
    UnknownSignerError,
    WrongRecipientError,
    parse,
)
from wire.recipient import RecipientPrivateKey
from wire.status import DeletionReceipt, Status, StatusError

log = logging.getLogger(__name__)


class SignerRecord(Protocol):
    """What ingest needs of a registry entry (``provisioning.registry.DeviceRecord`` fits)."""

    @property
    def signing_public_key(self) -> bytes | None: ...

    @property
    def status(self) -> str: ...


class SignerDirectory(Protocol):
    """Who may sign notes (``provisioning.registry.Registry`` fits)."""

    def get(self, device_id: str) -> SignerRecord | None: ...


class NoteSink(Protocol):
    """Durable note store (``hub.store.notes.NoteStore`` fits): per note True if new, False if a
    duplicate; returns only after the whole batch is committed."""

    def accept_notes(self, notes: Sequence[IncomingNote]) -> list[bool]: ...


class CommandSender(Protocol):
    """Sends a signed command (an acknowledgement, a deletion) to one device."""

    def send(self, device_id: str, command: commands.Command) -> None: ...


class ReceiptSink(Protocol):
    """Keeps the deletion receipts devices send back."""

    def record_receipt(self, receipt: DeletionReceipt) -> None: ...


class StatusSink(Protocol):
    """Keeps a device's latest status (``hub.ingest.status.record_status`` bound to a registry)."""

    def __call__(self, device_id: str, payload: bytes) -> bool: ...


@dataclass(frozen=True)
class Outcome:
    """What happened to one message: ``stored``, ``duplicate``, ``rejected`` (with reason) or
    ``failed`` (the store was unavailable; not acked, the device sends it again)."""

    result: str
    device_id: str = ""
    meeting_id: str = ""
    reason: str = ""


@dataclass
class IngestStats:
    """Counts of what one ingest run stored, skipped and refused."""

    stored: int = 0
    duplicates: int = 0
    receipts: int = 0
    dead_letters: Counter[str] = field(default_factory=Counter)

    @property
    def dead_letter_count(self) -> int:
        return sum(self.dead_letters.values())


@dataclass
class _BatchSigners:
    """Registry lookups of one batch, one per device: a revocation applies from the next batch."""

    signers: SignerDirectory
    seen: dict[str, SignerRecord | None] = field(default_factory=dict)

    def get(self, device_id: str) -> SignerRecord | None:
        if device_id not in self.seen:
            self.seen[device_id] = self.signers.get(device_id)
        return self.seen[device_id]


class Ingest:
    """Turns (topic, bytes) from the broker into stored notes and acks."""

    def __init__(
        self,
        signers: SignerDirectory,
        sink: NoteSink,
        recipient: RecipientPrivateKey | Sequence[RecipientPrivateKey],
        acks: CommandSender,
        *,
        receipts: ReceiptSink | None = None,
        status: StatusSink | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._signers = signers
        self._sink = sink
        keys = [recipient] if isinstance(recipient, RecipientPrivateKey) else list(recipient)
        # Old keys stay here after a rotation so notes sealed before it still open.
        self._recipients = {key.key_id: key for key in keys}
        self._acks = acks
        self._receipts = receipts
        self._status = status
        self._clock = clock
        self.stats = IngestStats()

    def handle_note(self, topic: str, blob: bytes) -> Outcome:
        """Process one note message; never raises for anything the sender controls."""
        return self.handle_notes([(topic, blob)])[0]

    def handle_notes(self, messages: Sequence[tuple[str, bytes]]) -> list[Outcome]:
        """Open each (topic, bytes), store all that open in one commit, then ack them.

        A message that does not open is refused on its own and never holds up the others.
        """
        outcomes: list[Outcome] = []
        opened: list[tuple[int, Header, IncomingNote]] = []
        signers = _BatchSigners(self._signers)
        for topic, blob in messages:
            result = self._open(topic, blob, signers)
            if isinstance(result, Outcome):
                outcomes.append(result)
                continue
            opened.append((len(outcomes), *result))
            outcomes.append(Outcome("failed", result[0].device_id, result[0].meeting_id))
        stored = self._store_batch([incoming for _, _, incoming in opened])
        for (index, header, _), new in zip(opened, stored, strict=True):
            outcomes[index] = self._after_store(messages[index][0], header, new)
        return outcomes

    def _open(
        self, topic: str, blob: bytes, signers: SignerDirectory
    ) -> Outcome | tuple[Header, IncomingNote]:
        try:
            sealed = self._authenticate(topic, blob, signers)
        except EnvelopeError as exc:
            return self._reject(topic, exc)
        header = sealed.header
        try:
            payload = self._decrypt(sealed)
        except EnvelopeError as exc:
            return self._refuse(topic, header, exc)
        incoming = IncomingNote(
            header.device_id, header.meeting_id, payload.note, payload.transcript, self._clock()
        )
        return header, incoming

    def _store_batch(self, batch: list[IncomingNote]) -> list[bool | Exception]:
        """Per note: True new, False duplicate, or the error that kept it from the store."""
        if len(batch) > 1:
            try:
                return list(self._sink.accept_notes(batch))
            except Exception:  # noqa: BLE001 - whatever failed, each note is then tried alone
                log.warning("a batch of %d notes failed; storing one at a time", len(batch))
        return [self._store_one(incoming) for incoming in batch]

    def _store_one(self, incoming: IncomingNote) -> bool | Exception:
        try:
            return self._sink.accept_notes([incoming])[0]
        except Exception as exc:  # noqa: BLE001 - the error is this note's outcome, sorted in _after_store
            return exc

    def _after_store(
        self,
        topic: str,
        header: Header,
        new: bool | Exception,  # noqa: FBT001 - the store's result (new, duplicate or its error), not a switch
    ) -> Outcome:
        if isinstance(new, ValueError):  # the store's own payload checks (NotePayloadError)
            exc = BadPayloadError(f"store refused the payload: {new}")
            return self._refuse(topic, header, exc)
        if isinstance(new, Exception):
            self.stats.dead_letters["internal"] += 1
            log.error("storing %s failed; the device will send it again: %r", topic, new)
            return Outcome("failed", header.device_id, header.meeting_id, "internal")
        # Ack after the durable commit, also for duplicates: the first ack may have been lost.
        self._acks.send(header.device_id, commands.Ack(header.meeting_id))
        if new:
            self.stats.stored += 1
            log.info("stored the note of meeting %s from %s", header.meeting_id, header.device_id)
            return Outcome("stored", header.device_id, header.meeting_id)
        self.stats.duplicates += 1
        log.info(
            "duplicate note of meeting %s from %s (replay or re-send); re-acked",
            header.meeting_id,
            header.device_id,
        )
        return Outcome("duplicate", header.device_id, header.meeting_id)

    def _refuse(self, topic: str, header: Header, exc: EnvelopeError) -> Outcome:
        # The device itself signed this, so re-sending will never help: tell it to park
        # the note and go on with the next one instead of blocking its queue.
        self._acks.send(header.device_id, commands.Reject(header.meeting_id, exc.reason))
        return self._reject(topic, exc)

    def _decrypt(self, sealed: SealedEnvelope) -> NotePayload:
        header = sealed.header
        key = self._recipients.get(header.recipient_key_id)
        if key is None:
            msg = f"sealed to key {header.recipient_key_id}, hub holds {sorted(self._recipients)}"
            raise WrongRecipientError(msg)
        return sealed.decrypt(key)

    def _authenticate(self, topic: str, blob: bytes, signers: SignerDirectory) -> SealedEnvelope:
        try:
            device_id, meeting_id = topics.parse_note_topic(topic)
        except ValueError as exc:
            raise MalformedError(str(exc)) from exc
        sealed = parse(blob)
        if (sealed.header.device_id, sealed.header.meeting_id) != (device_id, meeting_id):
            msg = (
                f"topic says {device_id}/{meeting_id}, header says "
                f"{sealed.header.device_id}/{sealed.header.meeting_id}"
            )
            raise IdentityMismatchError(msg)
        record = signers.get(device_id)
        if record is None or record.signing_public_key is None:
            raise UnknownSignerError(f"device {device_id} has no signing key in the registry")
        if record.status != "active":
            raise RevokedSignerError(f"device {device_id} is {record.status}")
        sealed.verify(record.signing_public_key)
        return sealed

    def _reject(self, topic: str, exc: EnvelopeError) -> Outcome:
        self.stats.dead_letters[exc.reason] += 1
        count = self.stats.dead_letter_count
        log.warning("dead letter #%d on %s: %s", count, topic, exc)
        return Outcome("rejected", reason=exc.reason)

    def handle_status(self, topic: str, payload: bytes) -> list[DeletionReceipt]:
        """Keep the device's status and record the verified deletion receipts it reports."""
        try:
            status = Status.from_bytes(payload)
            if topic != topics.status(status.device_id):
                msg = f"status of {status.device_id} arrived on {topic}"
                raise StatusError(msg)
        except (StatusError, ValueError) as exc:
            self.stats.dead_letters["bad-status"] += 1
            log.warning("dead letter on %s: %s", topic, exc)
            return []
        if self._status is not None:
            self._status(status.device_id, payload)
        return [r for r in status.receipts if self._accept_receipt(topic, r)]

    def _accept_receipt(self, topic: str, receipt: DeletionReceipt) -> bool:
        record = self._signers.get(receipt.device_id)
        try:
            if (
                topic != topics.status(receipt.device_id)
                or not record
                or not record.signing_public_key
            ):
                msg = f"receipt for {receipt.device_id} arrived on {topic}"
                raise StatusError(msg)
            receipt.verify(record.signing_public_key)
        except (StatusError, ValueError) as exc:
            self.stats.dead_letters["bad-receipt"] += 1
            log.warning("refused deletion receipt: %s", exc)
            return False
        if self._receipts is not None:
            self._receipts.record_receipt(receipt)
        self.stats.receipts += 1
        return True
