"""Command payloads: round trips and clear errors."""

from __future__ import annotations

import json

import pytest

from wire import commands
from wire.note import Participant


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
