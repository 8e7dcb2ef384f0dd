"""Command payloads: round trips and clear errors."""

from __future__ import annotations

import json

import pytest

from wire import commands
from wire.note import Participant
from wire.seats import Seat


@pytest.mark.parametrize(
    "command",
    [
        commands.Ack("n-1"),
        commands.Reject("n-1", "wrong-recipient"),
        commands.Claim("s-1", "anna", "2026-11-22T12:00:00Z"),
        commands.Release("s-1"),
        commands.Config({"heartbeat_s": 30}),
    ],
)
def test_command_round_trips(command: commands.Command) -> None:
    """Each command decodes to an equal command."""
    assert commands.decode(commands.encode(command)) == command


@pytest.mark.parametrize(
    ("payload", "field"),
    [(b"not json", "JSON"), (b'{"kind":"reboot"}', "kind"), (b'{"kind":"ack"}', "meeting_id")],
)
def test_bad_command_names_the_problem(payload: bytes, field: str) -> None:
    """A malformed command raises CommandError naming what is wrong."""
    with pytest.raises(commands.CommandError, match=field):
        commands.decode(payload)


def test_ack_from_a_hub_of_the_previous_version_decodes() -> None:
    """An ack naming its meeting only as legacy ``note_id`` decodes to that meeting id."""
    assert commands.decode(b'{"kind":"ack","note_id":"n-1"}') == commands.Ack("n-1")


def test_reject_from_a_hub_of_the_previous_version_decodes() -> None:
    """A reject naming its meeting only as legacy ``note_id`` decodes to that meeting id."""
    old = b'{"kind":"reject","note_id":"n-1","reason":"bad-payload"}'
    assert commands.decode(old) == commands.Reject("n-1", "bad-payload")


def test_ack_also_carries_the_legacy_key_for_devices_of_the_previous_version() -> None:
    """An encoded ack names its meeting as ``meeting_id`` and, for old devices, ``note_id``."""
    data = json.loads(commands.encode(commands.Ack("n-1")))
    assert (data["meeting_id"], data["note_id"]) == ("n-1", "n-1")


PRESENT = (Participant("Anna Berg", "socialsekreterare"), Participant("Linda Ek", "sökande"))


def test_claim_with_participants_round_trips() -> None:
    """A version-2 claim carries who is present, name and role."""
    claim = commands.Claim("s-1", "anna", "2026-11-22T12:00:00Z", PRESENT)
    decoded = commands.decode(commands.encode(claim))
    assert isinstance(decoded, commands.Claim)
    assert decoded.participants == PRESENT


def test_version_1_claim_still_decodes_with_nobody_listed() -> None:
    """A claim from a hub that predates participants arms the device as before."""
    old = (
        b'{"kind":"claim","session_id":"s-1","caseworker_id":"anna",'
        b'"expires_at":"2026-11-22T12:00:00Z"}'
    )
    decoded = commands.decode(old)
    assert isinstance(decoded, commands.Claim)
    assert decoded.participants == ()


def test_participant_without_a_role_is_refused() -> None:
    """A participant entry missing its role names the field."""
    bad = json.dumps(
        {
            "kind": "claim",
            "session_id": "s-1",
            "caseworker_id": "anna",
            "expires_at": "2026-11-22T12:00:00Z",
            "participants": [{"namn": "Linda Ek"}],
        }
    ).encode()
    with pytest.raises(commands.CommandError, match="roll"):
        commands.decode(bad)


SEATED = (
    Participant("Anna Berg", "socialsekreterare", plats=Seat.KNAPPEN),
    Participant("Linda Ek", "sökande", plats=Seat.MITTEMOT),
    Participant("Omar Ali", "tolk"),
)


def _claim_payload(people: list[dict[str, object]]) -> bytes:
    data = {
        "kind": "claim",
        "session_id": "s-1",
        "caseworker_id": "anna",
        "expires_at": "2026-11-22T12:00:00Z",
        "participants": people,
    }
    return json.dumps(data).encode()


def test_claim_with_seats_round_trips() -> None:
    """A version-3 claim carries each participant's seat, and none where none was given."""
    claim = commands.Claim("s-1", "anna", "2026-11-22T12:00:00Z", SEATED)
    decoded = commands.decode(commands.encode(claim))
    assert isinstance(decoded, commands.Claim)
    assert decoded.participants == SEATED


def test_version_2_claim_decodes_with_no_seats() -> None:
    """Participants from a hub that predates seats decode with no seat."""
    decoded = commands.decode(_claim_payload([{"namn": "Linda Ek", "roll": "sökande"}]))
    assert isinstance(decoded, commands.Claim)
    assert decoded.participants == (Participant("Linda Ek", "sökande"),)


def test_seatless_participant_encodes_as_version_2_did() -> None:
    """A participant without a seat carries only name and role, as before seats."""
    claim = commands.Claim("s-1", "anna", "2026-11-22T12:00:00Z", PRESENT[:1])
    data = json.loads(commands.encode(claim))
    assert data["participants"] == [{"namn": "Anna Berg", "roll": "socialsekreterare"}]


@pytest.mark.parametrize("seat", ["bakom", 90, "Mittemot"])
def test_unknown_seat_is_refused_naming_the_field_and_the_choices(seat: object) -> None:
    """A seat outside the eight names raises CommandError naming 'plats' and the choices."""
    bad = _claim_payload([{"namn": "Linda Ek", "roll": "sökande", "plats": seat}])
    with pytest.raises(commands.CommandError, match=r"'plats'.*mittemot_hoger"):
        commands.decode(bad)
