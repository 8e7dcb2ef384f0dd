"""Fleet status: heartbeats stored from status messages, the IT fleet page and its plots."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from hub.bootstrap import init
from hub.ingest.status import record_status
from hub.services.accounts import create_user
from hub.services.fleet import weekly_series
from hub.store.db import make_engine, session_factory
from hub.web.app import create_app
from hub.web.charts import bar_chart
from provisioning.registry import NewDevice, Registry
from tests.hub.harness import settings_for
from wire.heartbeat import Heartbeat

PASSWORD = "ett-langt-losenord"
BEAT = Heartbeat(
    software_version="0.1.0",
    uptime_s=7200.0,
    free_disk_bytes=12_000_000_000,
    queue_length=2,
    model_versions={"asr": "whisper-base"},
    temperature_c=51.5,
    last_recording_at="2026-11-20T10:00:00+00:00",
)


def _active(registry: Registry, device_id: str = "rum-1") -> None:
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    registry.add(NewDevice(device_id, device_id, "Ekorren", f"t-{device_id}", soon))
    registry.activate(device_id, bytes(32), 1, soon)


def _status(state: str = "online", **extra: object) -> bytes:
    return json.dumps({"device_id": "rum-1", "state": state, "pending": 2, **extra}).encode()


def test_status_with_heartbeat_is_stored(registry: Registry) -> None:
    """An online status carrying a heartbeat updates the device's record."""
    _active(registry)
    assert record_status(registry, "rum-1", _status(heartbeat=BEAT.to_dict()))
    record = registry.get("rum-1")
    assert record is not None
    assert record.online == 1
    assert record.heartbeat is not None
    assert record.heartbeat["software_version"] == "0.1.0"


def test_last_will_marks_device_offline(registry: Registry) -> None:
    """The broker-published offline status marks the device offline."""
    _active(registry)
    record_status(registry, "rum-1", _status())
    record_status(registry, "rum-1", _status("offline"))
    record = registry.get("rum-1")
    assert record is not None
    assert record.online == 0


def test_status_for_other_device_is_refused(registry: Registry) -> None:
    """A payload naming another device than its topic is ignored."""
    _active(registry)
    assert not record_status(registry, "rum-2", _status())


def test_malformed_heartbeat_is_refused(registry: Registry) -> None:
    """A heartbeat missing required fields is ignored, not stored."""
    _active(registry)
    assert not record_status(registry, "rum-1", _status(heartbeat={"uptime_s": 1}))
    record = registry.get("rum-1")
    assert record is not None
    assert record.heartbeat is None


def test_status_from_revoked_device_is_refused(registry: Registry) -> None:
    """A revoked device's status does not update the registry."""
    _active(registry)
    registry.revoke("rum-1")
    assert not record_status(registry, "rum-1", _status())


def test_weekly_series_buckets_by_iso_week() -> None:
    """Recordings count by meeting week, deliveries by arrival, time saved by approval."""
    monday = dt.date(2026, 11, 16)
    at = dt.datetime(2026, 11, 17, 9, tzinfo=dt.UTC)
    rows = [("2026-11-10", at, None), ("2026-11-17", at, at)]
    series = weekly_series(rows, today=monday + dt.timedelta(days=3), weeks=2)
    assert series.weeks == ("2026-v46", "2026-v47")
    assert series.recordings == (1, 1)
    assert series.delivered == (0, 2)
    assert series.hours_saved == (0.0, 0.3)


def test_bar_chart_escapes_labels() -> None:
    """Chart titles and labels are escaped, so a room name cannot inject markup."""
    svg = str(bar_chart("<x>", ["<b>"], [1], "st"))
    assert "<x>" not in svg
    assert "&lt;x&gt;" in svg


@pytest.fixture
def admin_client(tmp_path: Path) -> TestClient:
    settings = settings_for(tmp_path)
    init(settings)
    sessions = session_factory(make_engine(settings.database_url))
    hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    for name, role in (("ivar", "it_admin"), ("anna", "handlaggare")):
        create_user(sessions, username=name, role=role, password=PASSWORD, hasher=hasher)
    registry = Registry(sessions)
    _active(registry)
    record_status(registry, "rum-1", _status(heartbeat=BEAT.to_dict()))
    return TestClient(create_app(settings), follow_redirects=False)


def _login(client: TestClient, username: str) -> None:
    page = client.get("/login")
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    form = {"username": username, "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=form).status_code == 303


def test_fleet_page_shows_devices_and_charts(admin_client: TestClient) -> None:
    """IT sees each device with its heartbeat and three SVG charts."""
    _login(admin_client, "ivar")
    page = admin_client.get("/admin/fleet")
    assert page.status_code == 200
    assert "rum-1" in page.text
    assert "whisper-base" in page.text
    assert page.text.count("<svg") == 3


def test_fleet_page_is_for_it_only(admin_client: TestClient) -> None:
    """A caseworker is refused the fleet page."""
    _login(admin_client, "anna")
    assert admin_client.get("/admin/fleet").status_code == 403


def test_fleet_page_counts_one_device_in_the_singular(admin_client: TestClient) -> None:
    """One registered device reads "1 enhet.", not "1 enheter."."""
    _login(admin_client, "ivar")
    page = admin_client.get("/admin/fleet").text
    assert "1 enhet." in page
    assert "1 enheter" not in page


def test_fleet_page_writes_hours_with_a_decimal_comma(admin_client: TestClient) -> None:
    """The estimated hours saved use the Swedish decimal comma."""
    _login(admin_client, "ivar")
    page = admin_client.get("/admin/fleet").text
    assert re.search(r"\d+,\d timmar", page)
