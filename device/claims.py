"""Hub claims: a caseworker's Claim or Release over MQTT becomes an App input.

The MQTT client calls :class:`HubClaims` on its network thread; it posts ClaimReceived or
ClaimReleased to the App's inbox and remembers the claimed session, so a Release of an
older session cannot disarm a newer claim.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from device.events import ClaimReceived, ClaimReleased
from device.inbox import Poster
from wire import commands

log = logging.getLogger(__name__)


def _utc_seconds(claim: commands.Claim) -> float:
    """The claim's expiry as epoch seconds; a time without offset is taken as UTC."""
    try:
        at = datetime.fromisoformat(claim.expires_at)
    except ValueError as exc:
        msg = f"claim {claim.session_id}: expires_at {claim.expires_at!r} is not ISO 8601"
        raise commands.CommandError(msg) from exc
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).timestamp()


class HubClaims:
    """Turns hub Claim/Release commands into App inputs (the MQTT client's ``on_claim``)."""

    def __init__(self, inbox: Poster) -> None:
        self._inbox = inbox
        self._session_id: str | None = None

    def __call__(self, command: commands.Claim | commands.Release) -> None:
        """Arm for a Claim; disarm for a Release of the current claim's session only."""
        if isinstance(command, commands.Claim):
            expires = _utc_seconds(command)
            self._session_id = command.session_id
            self._inbox.post(ClaimReceived(command.caseworker_id, expires, command.participants))
        elif command.session_id == self._session_id:
            self._inbox.post(ClaimReleased())
        else:
            log.info("release of session %s ignored: not the current claim", command.session_id)
