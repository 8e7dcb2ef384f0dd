"""Accounts: local passwords (argon2id), OIDC logins, roles, sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from hub.errors import HubError
from hub.store import audit
from hub.store.db import transaction
from hub.store.tables import ROLES, User

_HASHER = PasswordHasher()
#: Verified against when the user name is unknown, so timing does not reveal accounts.
_DUMMY_HASH = _HASHER.hash("ingen-anvandare")
MIN_PASSWORD_LENGTH = 12

ROLE_NAMES = {
    "handlaggare": "Handläggare",
    "it_admin": "IT-administratör",
    "dataskyddsombud": "Dataskyddsombud",
    "enhetschef": "Enhetschef",
}
MAX_UNIT_LENGTH = 120
NO_UNIT = "Ingen enhet"
"""How the effect measures group notes of no unit (no account may be given this name)."""
ALL_UNITS = "Alla enheter"
"""How the effect measures name every unit together."""


class AccountError(HubError, ValueError):
    """An account cannot be created as asked; the message says what to change."""


def create_user(
    sessions: sessionmaker[Session],
    *,
    username: str,
    role: str,
    display_name: str | None = None,
    password: str | None = None,
    oidc_subject: str | None = None,
    unit: str | None = None,
    hasher: PasswordHasher = _HASHER,
) -> User:
    """Create an account that logs in with a password, through OIDC, or both.

    ``unit`` is the organisational unit (enhet); a unit manager (``enhetschef``) needs one.
    ``hasher`` sets the argon2id cost stored in the hash (verification reads it from
    there); the default is argon2-cffi's RFC 9106 low-memory profile.
    """
    if role not in ROLES:
        msg = f"role {role!r} is not one of {', '.join(ROLES)}"
        raise AccountError(msg)
    if password is None and oidc_subject is None:
        msg = "give a password or an OIDC subject, or the account cannot log in"
        raise AccountError(msg)
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        msg = f"password must be at least {MIN_PASSWORD_LENGTH} characters"
        raise AccountError(msg)
    unit = clean_unit(unit)
    if role == "enhetschef" and unit is None:
        msg = "a unit manager (enhetschef) needs a unit: give --unit"
        raise AccountError(msg)
    user = User(
        username=username,
        display_name=display_name or username,
        role=role,
        password_hash=hasher.hash(password) if password else None,
        oidc_subject=oidc_subject,
        unit=unit,
        active=True,
        created_at=datetime.now(UTC),
    )
    try:
        with transaction(sessions) as session:
            session.add(user)
    except IntegrityError as exc:
        msg = f"an account named {username!r} or with that OIDC subject already exists"
        raise AccountError(msg) from exc
    return user


def clean_unit(unit: str | None) -> str | None:
    """A unit name with its white space tidied; None (or blank) is no unit."""
    name = " ".join((unit or "").split())
    if len(name) > MAX_UNIT_LENGTH:
        msg = f"a unit name has at most {MAX_UNIT_LENGTH} characters"
        raise AccountError(msg)
    if name.casefold() in {NO_UNIT.casefold(), ALL_UNITS.casefold()}:
        msg = f"{name!r} is how the effect measures name no unit or all units; choose another"
        raise AccountError(msg)
    return name or None


def set_unit(sessions: sessionmaker[Session], username: str, unit: str | None) -> None:
    """Put an existing account in a unit (None: no unit); its notes count there from now on."""
    name = clean_unit(unit)
    with transaction(sessions) as session:
        user = session.scalars(select(User).where(User.username == username)).first()
        if user is None:
            msg = f"no account named {username!r}"
            raise AccountError(msg)
        if user.role == "enhetschef" and name is None:
            msg = "a unit manager (enhetschef) needs a unit"
            raise AccountError(msg)
        user.unit = name


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user if the password matches, else None (same work either way)."""
    user = session.scalars(select(User).where(User.username == username)).first()
    stored = user.password_hash if user and user.active and user.password_hash else None
    try:
        _HASHER.verify(stored or _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    return user if stored else None


def by_oidc_subject(session: Session, subject: str) -> User | None:
    stmt = select(User).where(User.oidc_subject == subject, User.active.is_(True))
    return session.scalars(stmt).first()


@dataclass(frozen=True)
class Account:
    """An account as the web pages see it: who, which role, how it logs in (never the hash)."""

    id: int
    username: str
    display_name: str
    role: str
    active: bool
    session_epoch: int
    has_password: bool
    has_oidc: bool
    unit: str | None = None
    """Organisational unit (enhet), None for none."""

    @classmethod
    def of(cls, user: User) -> Account:
        return cls(
            id=user.id,
            username=user.username,
            display_name=user.display_name,
            role=user.role,
            active=user.active,
            session_epoch=user.session_epoch,
            has_password=bool(user.password_hash),
            has_oidc=bool(user.oidc_subject),
            unit=user.unit,
        )


class AccountService:
    """Logins, logouts and account listings, each audited in the same transaction."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def get(self, user_id: int) -> Account | None:
        with self._sessions() as session:
            user = session.get(User, user_id)
        return Account.of(user) if user is not None else None

    def login(self, username: str, password: str, client: str) -> Account | None:
        """The account if the password matches; the attempt is audited either way."""
        with transaction(self._sessions) as session:
            user = authenticate(session, username, password)
            audit.append(
                session,
                actor=username[:120],
                action="login" if user else "login_failed",
                target="session",
                detail={"metod": "losenord", "klient": client},
            )
        return Account.of(user) if user is not None else None

    def oidc_login(self, subject: str) -> Account | None:
        """The active account with this OIDC subject; the attempt is audited either way."""
        with transaction(self._sessions) as session:
            user = by_oidc_subject(session, subject)
            audit.append(
                session,
                actor=subject[:120] or "okand",
                action="login" if user else "login_failed",
                target="session",
                detail={"metod": "oidc"},
            )
        return Account.of(user) if user is not None else None

    def logout(self, account: Account) -> None:
        """End every session of the account (also copies of the cookie) and audit it."""
        with transaction(self._sessions) as session:
            session.execute(
                update(User)
                .where(User.id == account.id)
                .values(session_epoch=User.session_epoch + 1)
            )
            audit.append(session, actor=account.username, action="logout", target="session")

    def listing(self) -> list[Account]:
        """Every account, by user name."""
        with self._sessions() as session:
            users = session.scalars(select(User).order_by(User.username)).all()
        return [Account.of(u) for u in users]
