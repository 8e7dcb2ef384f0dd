"""Command payloads: round trips and clear errors."""

from __future__ import annotations

import pytest

from wire import commands


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
    [(b"not json", "JSON"), (b'{"kind":"reboot"}', "kind"), (b'{"kind":"ack"}', "note_id")],
)
def test_bad_command_names_the_problem(payload: bytes, field: str) -> None:
    """A malformed command raises CommandError naming what is wrong."""
    with pytest.raises(commands.CommandError, match=field):
        commands.decode(payload)
