"""Delivery-level security over the real broker: poison input, topic isolation, no plaintext."""

from __future__ import annotations

from collections.abc import Callable

from tests.delivery.conftest import Rig
from tests.delivery.samples import SECRET_PHRASE, hub_key, payload
from tests.delivery.support import raw_client, wait_for
from wire.envelope import MAX_ENVELOPE_BYTES, parse, seal

NOT_AUTHORIZED = 0x87


def _flip(blob: bytes, index: int) -> bytes:
    out = bytearray(blob)
    out[index] ^= 0x01
    return bytes(out)


def test_poisoned_messages_are_logged_and_ingest_continues(
    rig: Rig, seal_for: Callable[..., bytes]
) -> None:
    """Each kind of bad input is refused with its reason in the worker log; good notes flow."""
    worker = rig.start_worker()
    device = rig.device()
    first = seal_for("n-1")
    device.submit("n-1", first)
    wait_for(lambda: rig.delivered["rum-1"] == ["n-1"], 20, "the first note")
    good = seal_for("p-1")
    rum1 = rig.fleet.devices["rum-1"]
    attacker = raw_client(rig.fleet, rig.broker, rum1.cert, rum1.key, "rum-1-attacker")
    wrong_key = seal(
        payload("p-5"),
        device_id="rum-1",
        recipient=hub_key("elsewhere").public_key(),
        signing_key=rum1.load_signing_key(),
    )
    poison = {
        "p-1": _flip(good, 40),
        "p-2": _flip(good, len(good) - 10),
        "p-3": seal_for("p-3", "rum-2"),
        "p-5": wrong_key,
        "p-6": b"\xa0" * (MAX_ENVELOPE_BYTES + 1),
        "p-7": b"not an envelope",
        "p-8": good[:-30],
    }
    for meeting_id, blob in poison.items():
        attacker.publish(f"fleet/rum-1/notes/{meeting_id}", blob)
    attacker.publish("fleet/rum-1/notes/n-1", first)  # replay
    attacker.close()
    device.submit("n-2", seal_for("n-2"))
    wait_for(lambda: rig.delivered["rum-1"] == ["n-1", "n-2"], 30, "the note after the poison")
    log = worker.log_text()
    for reason in (
        "bad-signature",
        "identity-mismatch",
        "wrong-recipient",
        "oversized",
        "malformed",
    ):
        assert reason in log, reason
    assert "dead letter #7" in log
    assert "duplicate note of meeting n-1" in log
    assert rig.stored() == ["n-1", "n-2"]
    assert worker.process.poll() is None


def test_device_cannot_publish_to_another_devices_topic(
    rig: Rig, seal_for: Callable[..., bytes]
) -> None:
    """rum-1 publishing on rum-2's note topic is refused by the broker and never stored."""
    worker = rig.start_worker()
    rum1 = rig.fleet.devices["rum-1"]
    client = raw_client(rig.fleet, rig.broker, rum1.cert, rum1.key, "rum-1")
    mid = client.publish("fleet/rum-2/notes/x-1", seal_for("x-1"))
    wait_for(lambda: mid in client.puback_codes, 10, "the PUBACK")
    client.close()
    device = rig.device("rum-2")
    device.submit("n-1", seal_for("n-1", "rum-2"))
    wait_for(lambda: rig.delivered["rum-2"] == ["n-1"], 20, "rum-2's own note")
    assert client.puback_codes[mid] == NOT_AUTHORIZED
    assert rig.stored() == ["n-1"]
    assert "x-1" not in worker.log_text()


def test_device_certificate_cannot_take_over_the_hub_client_id(
    rig: Rig, seal_for: Callable[..., bytes]
) -> None:
    """A device connecting with client id hub-1 does not disconnect the hub worker."""
    worker = rig.start_worker("hub-1")
    rum2 = rig.fleet.devices["rum-2"]
    impostor = raw_client(rig.fleet, rig.broker, rum2.cert, rum2.key, "hub-1")
    impostor.client.subscribe("fleet/+/notes/#", qos=1)
    device = rig.device()
    device.submit("n-1", seal_for("n-1"))
    wait_for(lambda: rig.delivered["rum-1"] == ["n-1"], 20, "the ack from the real hub")
    impostor.close()
    assert impostor.received == []
    assert worker.log_text().count("subscribed to") == 1
    assert "disconnected" not in worker.log_text()


def test_eavesdropper_with_hub_rights_sees_only_ciphertext(
    rig: Rig, seal_for: Callable[..., bytes]
) -> None:
    """A subscriber holding a hub certificate receives envelopes whose bytes hide the note."""
    rig.start_worker("hub-1")
    hub2 = rig.fleet.hubs["hub-2"]
    spy = raw_client(rig.fleet, rig.broker, hub2.cert, hub2.key, "hub-2")
    spy.client.subscribe("fleet/+/notes/#", qos=1)
    device = rig.device()
    device.submit("n-1", seal_for("n-1"))
    wait_for(lambda: rig.delivered["rum-1"] == ["n-1"], 20, "delivery")
    wait_for(lambda: len(spy.received) >= 1, 10, "the spy's copy")
    spy.close()
    topic, blob = spy.received[0]
    assert topic == "fleet/rum-1/notes/n-1"
    assert parse(blob).header.meeting_id == "n-1"
    assert SECRET_PHRASE.encode() not in blob
    assert b"Kronofogden" not in blob
