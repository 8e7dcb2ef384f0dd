"""Fixtures: a fresh test fleet, a real Mosquitto and a SQLite registry per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hub.db import Base, make_engine, session_factory
from hub.registry import Registry
from provisioning.testing import RunningBroker, TestFleet, make_test_fleet, running_mosquitto


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
