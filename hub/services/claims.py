"""Room claims: a caseworker arms a device for a while; the hub records it and tells the device.

The hub's claim table, not the device, decides whose inbox a note goes to
(:func:`hub.store.notes.owner_at`). The device learns of the claim through a
:class:`ClaimSender`; in production that is :class:`hub.commands.CommandPublisher`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol, runtime_checkable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from hub.errors import HubError
from hub.services.accounts import Account
from hub.services.audit import refusals
from hub.services.stockholm import swedish_time
from hub.store import audit
from hub.store.db import transaction
from hub.store.notes import utc
from hub.store.tables import Claim
from provisioning.registry import Registry
from wire import commands
from wire.note import Participant
from wire.topics import check_device_id

MAX_PRESENT = commands.MAX_PARTICIPANTS


class ClaimSender(Protocol):
    """Delivers claim and release commands to a device (MQTT in production)."""

    def send(self, device_id: str, command: commands.Command) -> None: ...


@runtime_checkable
class ReportsConnection(Protocol):
    """A sender that knows whether it is connected (the MQTT one); others count as connected."""

    def connection(self) -> tuple[bool, datetime | None]:
        """Connected or not, and since when (UTC; ``None`` when never)."""
        ...


@dataclass(frozen=True)
class SenderStatus:
    """The hub's connection to the devices, for the fleet page."""

    connected: bool
    since: datetime | None
    configured: bool = True
    """False when the hub has no ``[mqtt]`` section at all."""


OFFLINE = "Hubben har just nu ingen förbindelse med enheterna. Försök igen om en stund."


class ClaimError(HubError):
    """A claim cannot be made or released; the message is Swedish, for the caseworker."""


class DeviceNotFoundError(HubError):
    """No such active device (or an id that cannot be one); the message is Swedish."""


class ClaimNotFoundError(HubError):
    """No such claim of this caseworker; the message is Swedish."""


class RoomBusyError(ClaimError):
    """Another caseworker holds the room; the message is Swedish."""


@dataclass(frozen=True)
class ClaimView:
    """A running claim as the caseworker's page lists it."""

    id: int
    device_id: str
    started_at: datetime
    expires_at: datetime

    @classmethod
    def of(cls, claim: Claim) -> ClaimView:
        return cls(claim.id, claim.device_id, claim.started_at, claim.expires_at)


class ClaimService:
    """Room claims for the web pages: each call is one audited transaction."""

    def __init__(self, sessions: sessionmaker[Session], sender: ClaimSender) -> None:
        self._sessions = sessions
        self._sender = sender

    def room(self, device_id: str, user: Account | None = None) -> str:
        """The room name of a known, active device; anything else is "not found" (and the
        refusal audited when ``user`` is given)."""
        if user is None:
            return self._room(device_id)
        errors = ((DeviceNotFoundError, 404),)
        with refusals(self._sessions, user.username, f"device:{device_id[:100]}", errors):
            return self._room(device_id)

    def connection(self) -> SenderStatus:
        """Whether claims can reach the devices now."""
        if isinstance(self._sender, UnconnectedClaimSender):
            return SenderStatus(connected=False, since=None, configured=False)
        if isinstance(self._sender, ReportsConnection):
            connected, since = self._sender.connection()
            return SenderStatus(connected, since)
        return SenderStatus(connected=True, since=None)

    def _room(self, device_id: str) -> str:
        try:
            check_device_id(device_id)
        except ValueError:
            raise DeviceNotFoundError("Enheten finns inte.") from None
        record = Registry(self._sessions).get(device_id)
        if record is None or not record.is_active:
            raise DeviceNotFoundError("Enheten finns inte eller är spärrad.")
        return record.room or record.name

    def busy(self, user: Account, device_id: str) -> bool:
        """True while another caseworker holds the device."""
        with self._sessions() as session:
            current = active_claim(session, device_id, datetime.now(UTC))
        return current is not None and current.user_id != user.id

    def claim(
        self,
        user: Account,
        device_id: str,
        *,
        minutes: int,
        client_informed: bool,
        participants: Sequence[Participant],
    ) -> None:
        """Record and send a claim; refused whole while the devices cannot be reached."""
        status = self.connection()
        if status.configured and not status.connected:
            raise ClaimError(OFFLINE)
        errors = ((RoomBusyError, 409),)
        with (
            refusals(self._sessions, user.username, f"device:{device_id}", errors),
            transaction(self._sessions) as session,
        ):
            claim_room(
                session,
                self._sender,
                user=user,
                device_id=device_id,
                minutes=minutes,
                client_informed=client_informed,
                participants=participants,
            )

    def running(self, user: Account) -> list[ClaimView]:
        """The caseworker's running claims, newest first; the listing is audited."""
        with transaction(self._sessions) as session:
            running = [ClaimView.of(c) for c in claims_of(session, user, datetime.now(UTC))]
            audit.append(
                session,
                actor=user.username,
                action="list",
                target="claims",
                detail={"antal": len(running)},
            )
        return running

    def release(self, user: Account, claim_id: int) -> None:
        """End the caseworker's own claim early."""
        errors = ((ClaimNotFoundError, 404),)
        with (
            refusals(self._sessions, user.username, f"claim:{claim_id}", errors),
            transaction(self._sessions) as session,
        ):
            claim = session.get(Claim, claim_id)
            if claim is None or claim.user_id != user.id:
                raise ClaimNotFoundError("Bokningen finns inte.")
            release_claim(session, self._sender, user=user, claim=claim)


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


def claims_of(session: Session, user: Account, now: datetime) -> Sequence[Claim]:
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
    user: Account,
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
        until = swedish_time(current.expires_at, "%H:%M")
        msg = f"Rummet används av en annan handläggare till kl. {until} (svensk tid)."
        raise RoomBusyError(msg)
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


def release_claim(session: Session, sender: ClaimSender, *, user: Account, claim: Claim) -> None:
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


class UnconnectedClaimSender:
    """Used when the hub has no MQTT connection configured: claims are refused, not faked."""

    def send(self, device_id: str, command: commands.Command) -> None:  # noqa: ARG002 - the port's signature; every claim is refused
        msg = "Hubben har ingen förbindelse med enheterna. Kontakta IT-avdelningen."
        raise ClaimError(msg)
