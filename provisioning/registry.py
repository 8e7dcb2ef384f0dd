"""Registry of the fleet's devices: identity, signing key, certificates, status.

The tables live in the hub's database (the hub's migrations create them) and are read and
written here by both the hub and the IT command line. Ingest asks :meth:`Registry.get` for
every message, so a revoked device's notes are refused from the moment
:meth:`Registry.revoke` commits, even on a live MQTT session. Enrolment tokens live here
too: stored as SHA-256 hashes, single use, expiring.
"""

from __future__ import annotations

import builtins
import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    inspect,
    select,
    update,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from common.db import make_engine, session_factory, transaction
from provisioning.errors import RegistryError, RegistrySchemaError

ACTIVE = "active"
PENDING = "pending"
REVOKED = "revoked"


MIGRATE_HINT = (
    "run the hub's migrations first: python -m hub db upgrade --url URL "
    "(or with the hub's --config, or python -m hub init)"
)


class RegistryBase(DeclarativeBase):
    """Declarative base of the registry's tables (the hub's metadata carries copies of them)."""


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """SQLite returns naive datetimes; every time stored here is UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=dt.UTC)


class DeviceRecord(RegistryBase):
    """One device. ``status`` is ``pending`` (enrolled, no key yet), ``active`` or ``revoked``."""

    __tablename__ = "devices"

    device_id: Mapped[str] = mapped_column(String(63), primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    room: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    signing_public_key: Mapped[bytes | None] = mapped_column(LargeBinary(32), nullable=True)
    cert_serial: Mapped[str | None] = mapped_column(String(64), nullable=True)
    cert_not_after: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    enrolled_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    activated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    online: Mapped[int] = mapped_column(Integer, default=0)
    last_status: Mapped[str | None] = mapped_column(Text, nullable=True)
    """The latest heartbeat as JSON (wire.status.Heartbeat)."""

    @property
    def is_active(self) -> bool:
        return self.status == ACTIVE

    @property
    def cert_expires_at(self) -> dt.datetime | None:
        return _aware(self.cert_not_after)

    @property
    def heartbeat(self) -> dict[str, Any] | None:
        return json.loads(self.last_status) if self.last_status else None


class IssuedCertificate(RegistryBase):
    """Every certificate issued to a device, so revocation can list all unexpired ones."""

    __tablename__ = "device_certificates"

    serial: Mapped[str] = mapped_column(String(64), primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.device_id"), index=True)
    not_after: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class EnrolmentToken(RegistryBase):
    """A one-time enrolment token, kept only as its SHA-256."""

    __tablename__ = "enrolment_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.device_id"), index=True)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class NewDevice:
    """What IT provides for one device; the token is the clear one-time secret."""

    device_id: str
    name: str
    room: str
    token: str
    token_expires_at: dt.datetime


def hash_token(token: str) -> str:
    # Tokens carry 256 random bits, so a plain hash is enough (no password stretching).
    return hashlib.sha256(token.encode()).hexdigest()


def open_registry(url: str) -> Registry:
    """Open the registry in the hub database at ``url``; refuse one without the current tables."""
    engine = make_engine(url)
    gaps = schema_gaps(engine)
    if gaps:
        where = engine.url.render_as_string(hide_password=True)
        engine.dispose()
        msg = f"the hub database {where} has no current device registry ({'; '.join(gaps)}); "
        raise RegistrySchemaError(msg + MIGRATE_HINT)
    return Registry(session_factory(engine))


def schema_gaps(engine: Engine) -> builtins.list[str]:
    """What the database at ``engine`` lacks of the registry's tables and columns."""
    inspector = inspect(engine)
    present = set(inspector.get_table_names())
    gaps: builtins.list[str] = []
    for table in RegistryBase.metadata.sorted_tables:
        if table.name not in present:
            gaps.append(f"no table {table.name}")
            continue
        columns = {column["name"] for column in inspector.get_columns(table.name)}
        gaps += [f"no column {table.name}.{c.name}" for c in table.columns if c.name not in columns]
    return gaps


class Registry:
    """Device registry over the hub database."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def get(self, device_id: str) -> DeviceRecord | None:
        with self._sessions() as session:
            return session.get(DeviceRecord, device_id)

    def list(self) -> builtins.list[DeviceRecord]:
        with self._sessions() as session:
            return list(session.scalars(select(DeviceRecord).order_by(DeviceRecord.device_id)))

    def existing_ids(self) -> set[str]:
        with self._sessions() as session:
            return set(session.scalars(select(DeviceRecord.device_id)))

    def add(self, device: NewDevice) -> DeviceRecord:
        """Register one pending device with its enrolment token."""
        return self.add_many([device])[0]

    def add_many(self, devices: Iterable[NewDevice]) -> builtins.list[DeviceRecord]:
        """Register devices in one transaction: all of them or, on any error, none."""
        moment = utcnow()
        devices = builtins.list(devices)
        records = [
            DeviceRecord(
                device_id=d.device_id,
                name=d.name,
                room=d.room,
                status=PENDING,
                enrolled_at=moment,
                online=0,
            )
            for d in devices
        ]
        with transaction(self._sessions) as session:
            ids = [d.device_id for d in devices]
            taken = session.scalars(
                select(DeviceRecord.device_id).where(DeviceRecord.device_id.in_(ids))
            ).first()
            if taken is not None or len(set(ids)) != len(ids):
                name = taken or next(i for i in ids if ids.count(i) > 1)
                raise RegistryError(f"device {name!r} is already enrolled")
            session.add_all(records)
            session.flush()  # devices first: tokens reference them
            session.add_all([_token_row(d) for d in devices])
        return records

    def new_token(self, device_id: str, token: str, expires_at: dt.datetime) -> None:
        """Give an existing device a fresh one-time token (e.g. after a card swap)."""
        with transaction(self._sessions) as session:
            self._require(session, device_id)
            session.add(EnrolmentToken(**_token_fields(device_id, token, expires_at)))

    def redeem_token(self, token: str) -> str:
        """Spend a token and return its device id; a used, expired or unknown one is refused."""
        moment = utcnow()
        with transaction(self._sessions) as session:
            row = session.get(EnrolmentToken, hash_token(token))
            if row is None:
                raise RegistryError("unknown enrolment token")
            if row.used_at is not None:
                raise RegistryError("enrolment token was already used")
            if _aware(row.expires_at) <= moment:  # type: ignore[operator]
                raise RegistryError("enrolment token has expired; ask IT for a new one")
            spent = session.execute(
                update(EnrolmentToken)
                .where(EnrolmentToken.token_hash == row.token_hash)
                .where(EnrolmentToken.used_at.is_(None))
                .values(used_at=moment)
            )
            if getattr(spent, "rowcount", 0) != 1:
                raise RegistryError("enrolment token was already used")
            device = self._require(session, row.device_id)
            if device.status == REVOKED:
                raise RegistryError(f"device {device.device_id!r} is revoked")
            return row.device_id

    def activate(
        self, device_id: str, signing_public_key: bytes, serial: int, not_after: dt.datetime
    ) -> None:
        """Record a device's signing key and first certificate; it is now active."""
        moment = utcnow()
        with transaction(self._sessions) as session:
            record = self._require(session, device_id)
            if record.status == REVOKED:
                raise RegistryError(f"device {device_id!r} is revoked")
            record.signing_public_key = signing_public_key
            record.status = ACTIVE
            record.activated_at = moment
            _set_certificate(session, record, serial, not_after, moment)

    def record_certificate(self, device_id: str, serial: int, not_after: dt.datetime) -> None:
        """Record a renewed certificate of an active device."""
        with transaction(self._sessions) as session:
            record = self._require(session, device_id)
            if record.status != ACTIVE:
                raise RegistryError(f"device {device_id!r} is {record.status}, not active")
            _set_certificate(session, record, serial, not_after, utcnow())

    def certificate_serials(
        self, device_id: str, *, unexpired_only: bool = True
    ) -> builtins.list[int]:
        with self._sessions() as session:
            query = select(IssuedCertificate).where(IssuedCertificate.device_id == device_id)
            rows = list(session.scalars(query))
        moment = utcnow()
        return [
            int(r.serial, 16)
            for r in rows
            if not unexpired_only or (_aware(r.not_after) or moment) > moment
        ]

    def revoke(self, device_id: str) -> builtins.list[int]:
        """Mark the device revoked at once; return its unexpired certificate serials for the CRL."""
        with transaction(self._sessions) as session:
            record = self._require(session, device_id)
            record.status = REVOKED
            record.revoked_at = record.revoked_at or utcnow()
            session.execute(
                update(EnrolmentToken)
                .where(EnrolmentToken.device_id == device_id)
                .where(EnrolmentToken.used_at.is_(None))
                .values(used_at=utcnow())
            )
        return self.certificate_serials(device_id)

    def update_heartbeat(
        self, device_id: str, heartbeat: dict[str, Any], *, online: bool = True
    ) -> bool:
        """Store the device's latest status; False if the device is unknown."""
        with transaction(self._sessions) as session:
            record = session.get(DeviceRecord, device_id)
            if record is None:
                return False
            record.last_status = json.dumps(heartbeat, sort_keys=True)
            record.online = int(online)
            record.last_seen_at = utcnow()
            return True

    @staticmethod
    def _require(session: Session, device_id: str) -> DeviceRecord:
        record = session.get(DeviceRecord, device_id)
        if record is None:
            raise RegistryError(f"unknown device {device_id!r}")
        return record


def _token_fields(device_id: str, token: str, expires_at: dt.datetime) -> dict[str, Any]:
    return {"token_hash": hash_token(token), "device_id": device_id, "expires_at": expires_at}


def _token_row(device: NewDevice) -> EnrolmentToken:
    return EnrolmentToken(**_token_fields(device.device_id, device.token, device.token_expires_at))


def _set_certificate(
    session: Session, record: DeviceRecord, serial: int, not_after: dt.datetime, at: dt.datetime
) -> None:
    record.cert_serial = f"{serial:x}"
    record.cert_not_after = not_after
    session.add(
        IssuedCertificate(
            serial=f"{serial:x}", device_id=record.device_id, not_after=not_after, issued_at=at
        )
    )
