"""Gather the evidence pack from a running hub: configuration, databases, registry, test run."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from hub.errors import HubError
from hub.services.access import ROUTES, RouteRule
from hub.services.accounts import ROLE_NAMES
from hub.services.evidence.flows import DeviceBoundary, device_boundary
from hub.services.evidence.inventory import Inventory, inventory
from hub.services.evidence.proofs import JudgedClaim, TestRun, judge, read_junit
from hub.services.evidence.state import CurrentState, current_state
from hub.services.review import FLAG_TITLES
from hub.settings import HubSettings
from hub.store.db import make_engine, session_factory
from hub.store.tables import ROLES


class DatabaseUnreadableError(HubError):
    """A configured database cannot be read; the message carries the driver's reason."""


@dataclass(frozen=True)
class RoleRoutes:
    """What one role may reach, from the authorization table."""

    role: str
    title: str
    routes: tuple[RouteRule, ...]


@dataclass(frozen=True)
class EvidencePack:
    """Everything the DPIA evidence document states, each part read from the system."""

    organisation: str
    generated_at: dt.datetime
    inventory: Inventory
    boundary: DeviceBoundary
    public_routes: tuple[RouteRule, ...]
    roles: tuple[RoleRoutes, ...]
    state: CurrentState
    run: TestRun
    claims: tuple[JudgedClaim, ...]
    flag_titles: tuple[str, ...]
    """The kinds of flags a caseworker decides on before export."""


def who_reads_what() -> tuple[RoleRoutes, ...]:
    """Each role with the routes the authorization table grants it."""
    return tuple(
        RoleRoutes(role, ROLE_NAMES.get(role, role), tuple(r for r in ROUTES if role in r.roles))
        for role in ROLES
    )


def gather(
    settings: HubSettings, *, junit: Path, head_revision: str, now: dt.datetime
) -> EvidencePack:
    """Read the hub configured by ``settings`` and the test run at ``junit`` into a pack."""
    run = read_junit(junit)
    notes, keys = make_engine(settings.database_url), make_engine(settings.keystore_url)
    try:
        found = inventory(settings, notes, keys, head_revision)
        sessions: sessionmaker[Session] = session_factory(notes)
        state = current_state(sessions, settings.retention, now)
    except SQLAlchemyError as exc:
        msg = f"cannot read the hub's databases: {exc}"
        raise DatabaseUnreadableError(msg) from exc
    finally:
        notes.dispose()
        keys.dispose()
    return EvidencePack(
        organisation=settings.organisation,
        generated_at=now,
        inventory=found,
        boundary=device_boundary(),
        public_routes=tuple(r for r in ROUTES if not r.roles),
        roles=who_reads_what(),
        state=state,
        run=run,
        claims=judge(run),
        flag_titles=tuple(FLAG_TITLES.values()),
    )
