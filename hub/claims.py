"""Room claims: a caseworker arms a device for a while; the hub records it and tells the device.

The hub's claim table, not the device, decides whose inbox a note goes to
(:func:`hub.store.owner_at`). The device learns of the claim through a
:class:`ClaimSender`; in production that is :class:`hub.commands.CommandPublisher`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub import audit
from hub.errors import HubError
from hub.store import utc
from hub.tables import Claim, User
from wire import commands
from wire.note import Participant

MAX_PRESENT = commands.MAX_PARTICIPANTS


class ClaimSender(Protocol):
    """Delivers claim and release commands to a device (MQTT in production)."""

    def send(self, device_id: str, command: commands.Command) -> None: ...


class ClaimError(HubError):
    """A claim cannot be made or released; the message is Swedish, for the caseworker."""


def session_id(claim: Claim) -> str:
    return f"claim-{claim.id}"


def active_claim(session: Session, device_id: str, now: datetime) -> Claim | None:
    stmt = (
        select(Claim)
        .where(Claim.device_id == device_id, Claim.expires_at > now, Claim.released_at.is_(None))
        .order_by(Claim.started_at.desc())
        .limit(1)
    )
    return session.scalars(stmt).first()


def claims_of(session: Session, user: User, now: datetime) -> Sequence[Claim]:
    """The user's claims that are still running, newest first."""
    stmt = (
        select(Claim)
        .where(Claim.user_id == user.id, Claim.expires_at > now, Claim.released_at.is_(None))
        .order_by(Claim.started_at.desc())
    )
    return session.scalars(stmt).all()


def claim_room(
    session: Session,
    sender: ClaimSender,
    *,
    user: User,
    device_id: str,
    minutes: int,
    client_informed: bool,
    participants: Sequence[Participant] = (),
) -> Claim:
    """Record and send a claim with who is present; the audit row records that the client
    was informed and how many were present (never their names)."""
    if not client_informed:
        msg = "Kryssa i att klienten är informerad om inspelningen."
        raise ClaimError(msg)
    if len(participants) > MAX_PRESENT:
        msg = f"Ange högst {MAX_PRESENT} närvarande."
        raise ClaimError(msg)
    now = datetime.now(UTC).replace(microsecond=0)
    current = active_claim(session, device_id, now)
    if current is not None and current.user_id != user.id:
        until = utc(current.expires_at).strftime("%H:%M")
        msg = f"Rummet används av en annan handläggare till {until} (UTC)."
        raise ClaimError(msg)
    if current is not None:
        current.released_at = now
    claim = Claim(
        device_id=device_id,
        user_id=user.id,
        started_at=now,
        expires_at=now + timedelta(minutes=minutes),
        client_informed=True,
    )
    session.add(claim)
    session.flush()
    audit.append(
        session,
        actor=user.username,
        action="claim",
        target=f"device:{device_id}",
        detail={
            "claim": claim.id,
            "minutes": minutes,
            "klienten_informerad": True,
            "narvarande": len(participants),
        },
    )
    expires = utc(claim.expires_at).isoformat().replace("+00:00", "Z")
    command = commands.Claim(session_id(claim), user.username, expires, tuple(participants))
    sender.send(device_id, command)
    return claim


def release_claim(session: Session, sender: ClaimSender, *, user: User, claim: Claim) -> None:
    """End a claim early and tell the device to disarm."""
    now = datetime.now(UTC).replace(microsecond=0)
    if claim.released_at is not None or utc(claim.expires_at) <= now:
        msg = "Bokningen är redan avslutad."
        raise ClaimError(msg)
    claim.released_at = now
    audit.append(
        session,
        actor=user.username,
        action="release",
        target=f"device:{claim.device_id}",
        detail={"claim": claim.id},
    )
    sender.send(claim.device_id, commands.Release(session_id(claim)))


class FakeClaimSender:
    """Keeps sent commands in memory: for tests and for a hub run without MQTT."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, commands.Command]] = []

    def send(self, device_id: str, command: commands.Command) -> None:
        self.sent.append((device_id, command))


class UnconnectedClaimSender:
    """Used when the hub has no MQTT connection configured: claims are refused, not faked."""

    def send(self, device_id: str, command: commands.Command) -> None:
        msg = "Hubben har ingen förbindelse med enheterna. Kontakta IT-avdelningen."
        raise ClaimError(msg)
