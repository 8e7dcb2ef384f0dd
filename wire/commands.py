"""Hub → device commands on ``fleet/<device>/cmd/<kind>``: small typed messages as JSON.

Each command has a ``kind`` (the last topic level) and ``to_dict``/``from_dict``;
:func:`encode` and :func:`decode` turn them into MQTT payloads and back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, ClassVar

from wire.note import Participant
from wire.seats import Seat, parse_seat

CLAIM_VERSION = 3
"""Version 2 adds ``participants``; version 3 an optional ``plats`` (a :class:`Seat`) per
participant. Older claims still decode; devices that predate a version ignore its fields."""
MAX_PARTICIPANTS = 12
_LEGACY_ID_KEY = "note_id"
"""What the meeting id of an ack or reject was called before the one-name rename."""


class CommandError(ValueError):
    """A command payload could not be decoded; the message says which field is wrong."""


@dataclass(frozen=True)
class Ack:
    """The hub has durably stored ``meeting_id``; the device may delete its copies."""

    kind: ClassVar[str] = "ack"
    meeting_id: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, **_meeting_keys(self.meeting_id)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Ack:
        return cls(meeting_id=_meeting_id(data))


@dataclass(frozen=True)
class Reject:
    """The hub refuses a note the device really sent (e.g. it does not open): stop re-sending.

    Sent only after the device's signature verified, so nobody else can make a device drop a
    note. The device parks the note (keeping audio and transcript) and goes on with the next.
    """

    kind: ClassVar[str] = "reject"
    meeting_id: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, **_meeting_keys(self.meeting_id), "reason": self.reason}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reject:
        return cls(meeting_id=_meeting_id(data), reason=_text(data, "reason"))


@dataclass(frozen=True)
class Claim:
    """A caseworker claimed the device: recording is allowed until ``expires_at``."""

    kind: ClassVar[str] = "claim"
    session_id: str
    caseworker_id: str
    expires_at: str
    """UTC ISO 8601 time after which the device disarms by itself."""
    participants: tuple[Participant, ...] = ()
    """Who is present (name, role and, where the caseworker gave it, seat), as on the claim
    page."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "version": CLAIM_VERSION,
            "session_id": self.session_id,
            "caseworker_id": self.caseworker_id,
            "expires_at": self.expires_at,
            "participants": [_present(p) for p in self.participants],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        return cls(
            session_id=_text(data, "session_id"),
            caseworker_id=_text(data, "caseworker_id"),
            expires_at=_text(data, "expires_at"),
            participants=_participants(data.get("participants", [])),
        )


@dataclass(frozen=True)
class Release:
    """The caseworker ended the claim early; the device disarms. Sent on the claim topic."""

    kind: ClassVar[str] = "claim"
    session_id: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "release", "session_id": self.session_id}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Release:
        return cls(session_id=_text(data, "session_id"))


@dataclass(frozen=True)
class Config:
    """Device settings pushed by the hub (e.g. heartbeat interval); keys are setting names."""

    kind: ClassVar[str] = "config"
    values: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "values": dict(self.values)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Config:
        values = data.get("values")
        if not isinstance(values, dict):
            msg = "config command needs a 'values' object"
            raise CommandError(msg)
        return cls(values=values)


Command = Ack | Reject | Claim | Release | Config
_DECODERS: dict[str, Any] = {
    "ack": Ack.from_dict,
    "reject": Reject.from_dict,
    "claim": Claim.from_dict,
    "release": Release.from_dict,
    "config": Config.from_dict,
}


def encode(command: Command) -> bytes:
    return json.dumps(command.to_dict(), separators=(",", ":"), sort_keys=True).encode()


def decode(payload: bytes) -> Command:
    """Parse a command payload or raise :class:`CommandError` naming the problem."""
    try:
        data = json.loads(payload)
    except (ValueError, UnicodeDecodeError) as exc:
        msg = f"command is not JSON: {exc}"
        raise CommandError(msg) from exc
    if not isinstance(data, dict) or data.get("kind") not in _DECODERS:
        msg = f"command needs 'kind' in {sorted(_DECODERS)}"
        raise CommandError(msg)
    command: Command = _DECODERS[data["kind"]](data)
    return command


def _participants(raw: object) -> tuple[Participant, ...]:
    if not isinstance(raw, list) or len(raw) > MAX_PARTICIPANTS:
        msg = f"command field 'participants' must be a list of at most {MAX_PARTICIPANTS}"
        raise CommandError(msg)
    people = []
    for item in raw:
        if not isinstance(item, dict):
            raise CommandError("each participant must be an object with 'namn' and 'roll'")
        namn, roll = _text(item, "namn"), _text(item, "roll")
        if len(namn) > 200 or len(roll) > 100:
            raise CommandError("participant name or role is too long")
        people.append(Participant(namn, roll, plats=_seat(item)))
    return tuple(people)


def _present(person: Participant) -> dict[str, str]:
    out = {"namn": person.namn, "roll": person.roll}
    if person.plats is not None:  # a seatless claim encodes as version 2 did
        out["plats"] = person.plats.value
    return out


def _seat(item: dict[str, Any]) -> Seat | None:
    try:
        return parse_seat(item.get("plats"))
    except ValueError as exc:
        msg = f"command field 'plats': {exc}"
        raise CommandError(msg) from exc


def _meeting_keys(meeting_id: str) -> dict[str, str]:
    # Devices of the previous version read an ack's or reject's id only as ``note_id``, and
    # one that never reads its ack re-sends the note forever; so the hub writes both keys
    # until every device in the field reads ``meeting_id``.
    return {"meeting_id": meeting_id, _LEGACY_ID_KEY: meeting_id}


def _meeting_id(data: dict[str, Any]) -> str:
    """The meeting id, under its name or the one a hub of the previous version used."""
    key = _LEGACY_ID_KEY if _LEGACY_ID_KEY in data and "meeting_id" not in data else "meeting_id"
    return _text(data, key)


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        msg = f"command field {key!r} must be non-empty text"
        raise CommandError(msg)
    return value
