"""All services of one hub, built over its note database, key store and claim sender."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from hub.services.accounts import AccountService
from hub.services.audit import AuditService
from hub.services.claims import ClaimSender, ClaimService
from hub.services.fleet import FleetService
from hub.services.measures import MeasureService
from hub.services.notes import NoteService
from hub.settings import HubSettings
from hub.store.db import make_engine, session_factory
from hub.store.keyring import Keyring, load_master_key
from hub.store.notes import NoteStore


@dataclass(frozen=True)
class Services:
    """What the web pages call, and the store handles they were built over."""

    sessions: sessionmaker[Session]
    """The note database (tests and benchmarks seed it; pages go through the services)."""
    keyring: Keyring
    store: NoteStore
    notes: NoteService
    claims: ClaimService
    accounts: AccountService
    audit: AuditService
    fleet: FleetService
    measures: MeasureService

    def parts(self) -> dict[str, Any]:
        """The fields by name, to build a context that extends this one."""
        return {f.name: getattr(self, f.name) for f in fields(Services)}


def open_services(settings: HubSettings, claim_sender: ClaimSender) -> Services:
    """Connect to the databases and key named in ``settings`` and build every service."""
    sessions = session_factory(make_engine(settings.database_url))
    keyring = Keyring(
        load_master_key(settings.master_key_file),
        session_factory(make_engine(settings.keystore_url)),
    )
    store = NoteStore(sessions, keyring)
    return Services(
        sessions=sessions,
        keyring=keyring,
        store=store,
        notes=NoteService(sessions, store),
        claims=ClaimService(sessions, claim_sender),
        accounts=AccountService(sessions),
        audit=AuditService(sessions),
        fleet=FleetService(sessions),
        measures=MeasureService(sessions, settings.measures),
    )
