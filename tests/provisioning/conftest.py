"""Fixtures: a fresh test fleet, a real Mosquitto and a SQLite registry per test."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI, Request

from hub.enrolment import install
from hub.store.db import Base, make_engine, session_factory
from provisioning.enrol import Enroller
from provisioning.enrolment import EnrolmentService
from provisioning.registry import Registry
from provisioning.settings import FleetSettings
from tests.provisioning.harness import (
    RunningBroker,
    TestFleet,
    free_port,
    make_test_fleet,
    running_mosquitto,
)


@pytest.fixture
def fleet(tmp_path: Path) -> TestFleet:
    return make_test_fleet(tmp_path / "fleet", devices=("rum-1", "rum-2"))


@pytest.fixture
def broker(fleet: TestFleet) -> Iterator[RunningBroker]:
    with running_mosquitto(fleet) as running:
        yield running


@pytest.fixture
def registry(tmp_path: Path) -> Registry:
    engine = make_engine(f"sqlite:///{tmp_path / 'hub.db'}")
    Base.metadata.create_all(engine)
    return Registry(session_factory(engine))


@dataclass
class EnrolmentHub:
    """A real HTTPS enrolment endpoint on loopback, recording every request body."""

    url: str
    service: EnrolmentService
    captured: list[bytes] = field(default_factory=list)


def _capturing_app(service: EnrolmentService, captured: list[bytes]) -> FastAPI:
    app = FastAPI()

    @app.middleware("http")
    async def capture(request: Request, call_next: Any) -> Any:
        captured.append(await request.body())
        return await call_next(request)

    install(app, service)
    return app


@pytest.fixture
def enrolment_hub(fleet: TestFleet, registry: Registry) -> Iterator[EnrolmentHub]:
    layout = fleet.layout
    cert, key = layout.root / "web" / "server.pem", layout.root / "web" / "server.key"
    fleet.authority.issue_server("127.0.0.1", cert, key)
    service = EnrolmentService(fleet.authority, registry)
    captured: list[bytes] = []
    port = free_port()
    config = uvicorn.Config(
        _capturing_app(service, captured),
        host="127.0.0.1",
        port=port,
        ssl_certfile=str(cert),
        ssl_keyfile=str(key),
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "uvicorn did not start"
    try:
        yield EnrolmentHub(f"https://127.0.0.1:{port}", service, captured)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def enroller(fleet: TestFleet, registry: Registry, enrolment_hub: EnrolmentHub) -> Enroller:
    """Enroller whose bundles point at the running enrolment endpoint."""
    settings = FleetSettings.load(fleet.layout.settings)
    patched = replace(settings, hub_url=enrolment_hub.url)
    fleet.layout.settings.write_text(patched.to_json(), encoding="utf-8")
    return Enroller(fleet.layout, registry)
