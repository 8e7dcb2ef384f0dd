"""Hub ingest decisions with the real registry and note store (no broker)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import cbor2
import pytest

from device.delivery.outbox import Outbox
from device.delivery.receipts import AckHandler
from hub.ingest.handler import Ingest
from hub.ingest.receipts import ReceiptStore
from provisioning.registry import Registry
from tests.delivery import support
from tests.delivery.samples import hub_key, payload
from tests.hub.harness import hub_in
from tests.provisioning.harness import TestFleet, make_test_fleet
from wire import commands
from wire.envelope import MAX_ENVELOPE_BYTES, Header, SealedEnvelope, parse, seal
from wire.recipient import RecipientPrivateKey
from wire.status import Status


@dataclass
class FakeCommandSender:
    """Stands in for the MQTT publisher; the broker path is covered in the MQTT tests."""

    sent: list[tuple[str, commands.Command]] = field(default_factory=list)

    def send(self, device_id: str, command: commands.Command) -> None:
        self.sent.append((device_id, command))


@dataclass
class Hub:
    """An ingest over a test fleet, with the fakes and stores it writes to."""

    ingest: Ingest
    acks: FakeCommandSender
    fleet: TestFleet
    registry: Registry
    directory: Path
    receipts: ReceiptStore
    recipient: RecipientPrivateKey

    def seal(self, meeting_id: str, device_id: str = "rum-1", **kw: object) -> bytes:
        return seal(
            payload(meeting_id, device_id=device_id, **kw),  # type: ignore[arg-type]
            device_id=device_id,
            recipient=self.recipient.public_key(),
            signing_key=self.fleet.devices[device_id].load_signing_key(),
        )

    def stored(self) -> list[str]:
        return support.stored_meeting_ids(self.directory)


@pytest.fixture
def hub(tmp_path: Path) -> Hub:
    fleet = make_test_fleet(tmp_path / "fleet", devices=("rum-1", "rum-2"))
    (tmp_path / "hub").mkdir()
    support.prepare_hub(tmp_path / "hub", fleet)
    files = hub_in(tmp_path / "hub")
    registry = Registry(files.sessions)
    receipts = ReceiptStore(files.sessions)
    acks = FakeCommandSender()
    recipient = hub_key("hub-test")
    ingest = Ingest(registry, files.store, recipient, acks, receipts=receipts)
    return Hub(ingest, acks, fleet, registry, tmp_path / "hub", receipts, recipient)


def _topic(meeting_id: str, device_id: str = "rum-1") -> str:
    return f"fleet/{device_id}/notes/{meeting_id}"


def test_valid_note_is_stored_then_acked(hub: Hub) -> None:
    """A valid note is committed and an ack for it is sent to its device."""
    outcome = hub.ingest.handle_note(_topic("n-1"), hub.seal("n-1"))
    assert (outcome.result, hub.stored()) == ("stored", ["n-1"])
    assert hub.acks.sent == [("rum-1", commands.Ack("n-1"))]


def test_replayed_note_is_not_stored_twice_but_acked_again(hub: Hub) -> None:
    """Replaying the same envelope is a duplicate: one stored copy, a second ack."""
    blob = hub.seal("n-1")
    hub.ingest.handle_note(_topic("n-1"), blob)
    outcome = hub.ingest.handle_note(_topic("n-1"), blob)
    assert (outcome.result, hub.stored(), len(hub.acks.sent)) == ("duplicate", ["n-1"], 2)


def test_new_content_under_an_old_meeting_id_keeps_the_first(hub: Hub) -> None:
    """A re-sealed note reusing a stored meeting id does not replace what was stored."""
    hub.ingest.handle_note(_topic("n-1"), hub.seal("n-1"))
    outcome = hub.ingest.handle_note(_topic("n-1"), hub.seal("n-1", segments=7))
    assert (outcome.result, hub.stored()) == ("duplicate", ["n-1"])


def _flip(blob: bytes, index: int) -> bytes:
    out = bytearray(blob)
    out[index] ^= 0x40
    return bytes(out)


def _part_offset(blob: bytes, part: str) -> int:
    sealed = parse(blob)
    value = {
        "h": sealed.header_bytes,
        "enc": sealed.enc,
        "ct": sealed.ciphertext,
        "sig": sealed.signature,
    }[part]
    return blob.index(value) + len(value) // 2


@pytest.mark.parametrize("part", ["h", "enc", "ct", "sig"])
def test_flipped_byte_in_each_part_is_a_dead_letter(
    hub: Hub, part: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A flipped byte in header, enc, ciphertext or signature is refused with a logged reason."""
    blob = hub.seal("n-1")
    with caplog.at_level(logging.WARNING):
        outcome = hub.ingest.handle_note(_topic("n-1"), _flip(blob, _part_offset(blob, part)))
    assert outcome.result == "rejected"
    assert f"dead letter #1 on fleet/rum-1/notes/n-1: {outcome.reason}" in caplog.text
    assert hub.stored() == []
    assert hub.acks.sent == []


def test_note_on_another_devices_topic_is_an_identity_mismatch(hub: Hub) -> None:
    """rum-2's note arriving on rum-1's topic is refused as identity-mismatch."""
    outcome = hub.ingest.handle_note(_topic("n-1"), hub.seal("n-1", device_id="rum-2"))
    assert outcome.reason == "identity-mismatch"


def test_header_rewritten_to_another_device_fails_the_signature(hub: Hub) -> None:
    """Swapping the device id in the header to rum-1 leaves rum-2's signature invalid."""
    sealed = parse(hub.seal("n-1", device_id="rum-2"))
    header = Header(**{**sealed.header.__dict__, "device_id": "rum-1"})
    forged = SealedEnvelope(
        header, header.to_bytes(), sealed.enc, sealed.ciphertext, sealed.signature
    )
    assert hub.ingest.handle_note(_topic("n-1"), forged.to_bytes()).reason == "bad-signature"


def test_note_sealed_to_another_hub_key_is_wrong_recipient(hub: Hub) -> None:
    """An envelope sealed to a different recipient key is refused."""
    blob = seal(
        payload("n-1"),
        device_id="rum-1",
        recipient=hub_key("elsewhere").public_key(),
        signing_key=hub.fleet.devices["rum-1"].load_signing_key(),
    )
    assert hub.ingest.handle_note(_topic("n-1"), blob).reason == "wrong-recipient"


def test_refused_note_signed_by_the_device_is_rejected_back_to_it(hub: Hub) -> None:
    """A genuine but unopenable note gets a reject command so the device stops re-sending."""
    blob = seal(
        payload("n-1"),
        device_id="rum-1",
        recipient=hub_key("elsewhere").public_key(),
        signing_key=hub.fleet.devices["rum-1"].load_signing_key(),
    )
    hub.ingest.handle_note(_topic("n-1"), blob)
    assert hub.acks.sent == [("rum-1", commands.Reject("n-1", "wrong-recipient"))]


def test_forged_note_gets_no_reject(hub: Hub) -> None:
    """A note whose signature fails is dropped silently towards the device (no command)."""
    blob = hub.seal("n-1")
    hub.ingest.handle_note(_topic("n-1"), _flip(blob, _part_offset(blob, "sig")))
    assert hub.acks.sent == []


def test_note_sealed_to_the_previous_hub_key_opens_after_rotation(hub: Hub) -> None:
    """Ingest holding the new and the old key stores a note sealed before the rotation."""
    files = hub_in(hub.directory)
    new_key = hub_key("hub-next")
    ingest = Ingest(Registry(files.sessions), files.store, [new_key, hub.recipient], hub.acks)
    assert ingest.handle_note(_topic("n-1"), hub.seal("n-1")).result == "stored"


@pytest.mark.parametrize(
    ("blob", "reason"),
    [
        (b"\xa0" * (MAX_ENVELOPE_BYTES + 1), "oversized"),
        (b"GET / HTTP/1.1\r\n", "malformed"),
        (cbor2.dumps({"v": 1}), "malformed"),
    ],
)
def test_garbage_and_oversized_input_are_dead_letters(hub: Hub, blob: bytes, reason: str) -> None:
    """Non-envelope bytes and oversized payloads are refused with their reason."""
    assert hub.ingest.handle_note(_topic("n-1"), blob).reason == reason


def test_truncated_envelope_is_malformed(hub: Hub) -> None:
    """A truncated envelope is refused as malformed."""
    assert hub.ingest.handle_note(_topic("n-1"), hub.seal("n-1")[:-20]).reason == "malformed"


def test_unknown_device_is_refused(hub: Hub) -> None:
    """A device missing from the registry is refused as unknown-signer."""
    hub.fleet.add_device("rum-9")
    assert hub.ingest.handle_note(_topic("n-1", "rum-9"), hub.seal("n-1", "rum-9")).reason == (
        "unknown-signer"
    )


def test_revoked_device_is_refused(hub: Hub) -> None:
    """A note from a revoked device is refused even though its signature is valid."""
    hub.registry.revoke("rum-1")
    assert hub.ingest.handle_note(_topic("n-1"), hub.seal("n-1")).reason == "revoked-signer"


def test_dead_letters_are_counted_and_do_not_block_later_notes(hub: Hub) -> None:
    """After several refused messages a valid note is still stored, and refusals are counted."""
    for junk in (b"", b"x", hub.seal("n-1")[:50]):
        hub.ingest.handle_note(_topic("n-1"), junk)
    hub.ingest.handle_note(_topic("n-2"), hub.seal("n-2"))
    assert (hub.ingest.stats.dead_letter_count, hub.stored()) == (3, ["n-2"])


def test_signed_deletion_receipt_from_status_is_recorded(hub: Hub, tmp_path: Path) -> None:
    """A receipt signed by the device and reported in its status is kept by the hub."""
    device = hub.fleet.devices["rum-1"]
    outbox = Outbox(tmp_path / "o.db")
    outbox.add("n-1", b"x")
    receipt = AckHandler("rum-1", outbox, device.load_signing_key(), lambda _: None)("n-1")
    assert receipt is not None
    status = Status("rum-1", "online", receipts=(receipt,)).to_bytes()
    assert hub.ingest.handle_status("fleet/rum-1/status", status) == [receipt]
    assert hub.receipts.get("rum-1", "n-1") == receipt


def test_receipt_reported_on_another_devices_status_is_refused(hub: Hub, tmp_path: Path) -> None:
    """A receipt for rum-1 arriving on rum-2's status topic is not recorded."""
    outbox = Outbox(tmp_path / "o.db")
    outbox.add("n-1", b"x")
    key = hub.fleet.devices["rum-1"].load_signing_key()
    receipt = AckHandler("rum-1", outbox, key, lambda _: None)("n-1")
    assert receipt is not None
    status = Status("rum-2", "online", receipts=(receipt,)).to_bytes()
    assert hub.ingest.handle_status("fleet/rum-2/status", status) == []
    assert hub.receipts.get("rum-1", "n-1") is None


def test_status_is_handed_to_the_status_sink(hub: Hub) -> None:
    """A well-formed status on the device's own topic reaches the status sink."""
    seen: list[tuple[str, bytes]] = []

    def keep(device_id: str, payload: bytes) -> bool:
        seen.append((device_id, payload))
        return True

    files = hub_in(hub.directory)
    ingest = Ingest(Registry(files.sessions), files.store, hub.recipient, hub.acks, status=keep)
    payload_bytes = Status("rum-1", "online", pending=2).to_bytes()
    ingest.handle_status("fleet/rum-1/status", payload_bytes)
    assert seen == [("rum-1", payload_bytes)]


def test_status_naming_another_device_is_a_dead_letter(hub: Hub) -> None:
    """A status claiming to be rum-1 on rum-2's topic is refused and counted."""
    hub.ingest.handle_status("fleet/rum-2/status", Status("rum-1", "online").to_bytes())
    assert hub.ingest.stats.dead_letters["bad-status"] == 1
