"""Local accounts (argon2id), roles, and the login rate limiter."""

from __future__ import annotations

import threading
import time
from collections import deque
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from hub.db import transaction
from hub.errors import HubError
from hub.tables import ROLES, User

_HASHER = PasswordHasher()
#: Verified against when the user name is unknown, so timing does not reveal accounts.
_DUMMY_HASH = _HASHER.hash("ingen-anvandare")
MIN_PASSWORD_LENGTH = 12

ROLE_NAMES = {
    "handlaggare": "Handläggare",
    "it_admin": "IT-administratör",
    "dataskyddsombud": "Dataskyddsombud",
}


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
    hasher: PasswordHasher = _HASHER,
) -> User:
    """Create an account that logs in with a password, through OIDC, or both.

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
    user = User(
        username=username,
        display_name=display_name or username,
        role=role,
        password_hash=hasher.hash(password) if password else None,
        oidc_subject=oidc_subject,
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


class LoginLimiter:
    """Sliding-window count of failed logins per key (user name, client address).

    In-process: with N workers an attacker gets at most N x the limit, which the
    argon2 cost already makes slow; see docs/hub.md.
    """

    def __init__(self, max_failures: int, window_s: float) -> None:
        self._max = max_failures
        self._window = window_s
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def blocked(self, *keys: str) -> bool:
        now = time.monotonic()
        with self._lock:
            return any(len(self._recent(key, now)) >= self._max for key in keys)

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._recent(key, now).append(now)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and now - times[0] > self._window:
            times.popleft()
        return times
