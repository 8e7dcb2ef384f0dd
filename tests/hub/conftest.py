"""Fixtures for hub tests: a hub on SQLite in a temporary directory."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from hub.bootstrap import init
from hub.fake_commands import FakeClaimSender
from hub.services.accounts import create_user
from hub.settings import HubSettings
from hub.store.db import make_engine, session_factory, transaction
from hub.store.tables import StoredNote, User
from hub.web.app import create_app
from hub.web.context import HubContext
from provisioning.registry import NewDevice, Registry
from tests.hub.harness import HubFiles, add_claim, hub_in, sample_payload, settings_for


@pytest.fixture
def hub(tmp_path: Path) -> HubFiles:
    return hub_in(tmp_path)


def add_user(hub: HubFiles, username: str, role: str = "handlaggare") -> int:
    """Create an account without a password (tests that log in set one via accounts)."""
    with transaction(hub.sessions) as session:
        user = User(
            username=username,
            display_name=username.title(),
            role=role,
            created_at=datetime.now(UTC),
        )
        session.add(user)
        session.flush()
        return user.id


PASSWORD = "ett-langt-losenord"


@dataclass
class Web:
    """A running hub app on SQLite with two caseworkers, a DPO, an admin and one device."""

    app: FastAPI
    settings: HubSettings
    sender: FakeClaimSender
    users: dict[str, int]

    @property
    def ctx(self) -> HubContext:
        context: HubContext = self.app.state.hub
        return context

    def client(self, username: str | None = None) -> TestClient:
        client = TestClient(self.app, follow_redirects=False)
        if username is not None:
            login(client, username)
        return client

    def deliver(self, meeting_id: str, owner: str = "anna", **kwargs: Any) -> int:
        """Claim rum-1 for ``owner`` at the meeting time and store a note; return its pk."""
        start = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
        add_claim(self.ctx.sessions, self.users[owner], "rum-1", start, minutes=180)
        self.ctx.store.accept_note(
            device_id="rum-1",
            meeting_id=meeting_id,
            payload=sample_payload(meeting_id, **kwargs),
            received_at=start + timedelta(hours=2),
        )
        with self.ctx.sessions() as session:
            return session.scalars(
                select(StoredNote.id).where(StoredNote.meeting_id == meeting_id)
            ).one()


def csrf_of(client: TestClient) -> str:
    page = client.get("/login") if "samtal_session" not in client.cookies else client.get("/")
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    if found is None:
        page = client.get(page.headers.get("location", "/login"))
        found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found is not None, page.text
    return found.group(1)


def login(client: TestClient, username: str, password: str = PASSWORD) -> None:
    token = csrf_of(client)
    response = client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )
    assert response.status_code == 303, response.text


def post(client: TestClient, url: str, data: dict[str, str] | None = None) -> Any:
    return client.post(url, data={**(data or {}), "csrf_token": csrf_of(client)})


def add_device(sessions: sessionmaker[Session], device_id: str) -> None:
    registry = Registry(sessions)
    registry.add(
        NewDevice(
            device_id,
            device_id.title(),
            f"Rum {device_id[-1]}",
            f"token-{device_id}",
            datetime.now(UTC) + timedelta(days=1),
        )
    )
    registry.activate(
        device_id, bytes(32), int(device_id[-1]) + 1000, datetime.now(UTC) + timedelta(days=365)
    )


#: Cheap argon2 parameters so tests do not spend seconds hashing (production uses defaults).
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
ACCOUNTS = (
    ("anna", "handlaggare"),
    ("bertil", "handlaggare"),
    ("dora", "dataskyddsombud"),
    ("ivar", "it_admin"),
    ("elin", "enhetschef"),
)
#: The unit of each account that has one (a unit manager needs one).
UNITS = {"elin": "Barn och unga"}


@pytest.fixture(scope="session")
def web_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """A migrated hub with accounts and a device, made once and copied per test."""
    directory = tmp_path_factory.mktemp("hub-template")
    settings = settings_for(directory)
    init(settings)
    engine = make_engine(settings.database_url)
    sessions = session_factory(engine)
    users = {
        name: create_user(
            sessions,
            username=name,
            role=role,
            password=PASSWORD,
            unit=UNITS.get(name),
            hasher=FAST_HASHER,
        ).id
        for name, role in ACCOUNTS
    }
    add_device(sessions, "rum-1")
    engine.dispose()  # closing the last connection checkpoints the WAL into hub.db
    return directory, users


@pytest.fixture
def web(tmp_path: Path, web_template: tuple[Path, dict[str, int]]) -> Web:
    return make_web(tmp_path, web_template)


def make_web(
    directory: Path,
    web_template: tuple[Path, dict[str, int]],
    clock: Callable[[], float] | None = None,
    **overrides: Any,
) -> Web:
    """A copy of the template hub in ``directory`` with settings ``overrides`` and a clock."""
    template, users = web_template
    for name in ("hub.db", "keys.db", "master.key"):
        shutil.copy(template / name, directory / name)
    settings = settings_for(directory, **overrides)
    sender = FakeClaimSender()
    app = create_app(settings, claim_sender=sender, clock=clock)
    return Web(app, settings, sender, dict(users))
