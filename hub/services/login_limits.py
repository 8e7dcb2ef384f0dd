"""Failed-login limits: per user name with a growing back-off, per client address by count.

In-process: with N workers an attacker gets at most N x the limits, which the argon2 cost
already makes slow; see docs/hub.md.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class LoginLimits:
    """How many failed logins are tolerated, and for how long they count."""

    user_failures: int
    """Failures per user name before each further try must wait ``backoff_s``, doubling."""
    client_failures: int
    """Failures per client address (any user names) in the window before it is refused."""
    window_s: float
    """Failures older than this are forgotten; also the longest back-off."""
    backoff_s: float
    """The first wait once a user name has used up its failures."""


class LoginLimiter:
    """Counts failed logins per user name and per client address, separately.

    A flood against one account slows that account only (exponential back-off), so a
    colleague behind the same office address still logs in; a client trying many user
    names is refused once it passes its own, higher, count.
    """

    def __init__(self, limits: LoginLimits, clock: Callable[[], float] = time.monotonic) -> None:
        self._limits = limits
        self._clock = clock
        self._users: dict[str, deque[float]] = {}
        self._clients: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait_s(self, username: str, client: str) -> float:
        """Seconds until this user name may try again from this client; 0 when allowed now."""
        now = self._clock()
        with self._lock:
            if len(self._recent(self._clients, client, now)) >= self._limits.client_failures:
                return self._limits.window_s - (now - self._clients[client][0])
            return self._user_wait(self._recent(self._users, _key(username), now), now)

    def failed(self, username: str, client: str) -> None:
        now = self._clock()
        with self._lock:
            self._recent(self._users, _key(username), now).append(now)
            self._recent(self._clients, client, now).append(now)

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._users.pop(_key(username), None)

    def _user_wait(self, failures: deque[float], now: float) -> float:
        over = len(failures) - self._limits.user_failures
        if over < 0:
            return 0.0
        backoff = min(self._limits.backoff_s * 2.0**over, self._limits.window_s)
        return max(backoff - (now - failures[-1]), 0.0)

    def _recent(self, table: dict[str, deque[float]], key: str, now: float) -> deque[float]:
        times = table.setdefault(key, deque())
        while times and now - times[0] > self._limits.window_s:
            times.popleft()
        return times


def _key(username: str) -> str:
    return username.strip().lower()
