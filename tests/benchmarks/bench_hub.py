"""Hub benchmarks: inbox page with 10,000 notes (p95 target 100 ms), note view, ingest rate.

Run: ``.venv/bin/python -m tests.benchmarks.bench_hub`` (prints JSON). The first notes are stored
through ``NoteStore.accept_note``; to reach 10,000 quickly the rest are copies of those
rows (same encrypted columns, new ids), which is what the inbox query reads anyway.
"""

from __future__ import annotations

import re
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import insert, select

from hub.bootstrap import init
from hub.fake_commands import FakeClaimSender
from hub.services.accounts import create_user
from hub.store.db import transaction
from hub.store.tables import StoredNote
from hub.web.app import create_app
from tests.benchmarks.report import Row, command, emit, row
from tests.hub.harness import add_claim, sample_payload, settings_for

NOTES = 10_000
REAL = 200
REQUESTS = 200
COMMAND = command("bench_hub")
_row = partial(row, command=COMMAND)
PASSWORD = "bench-losenord-123"


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def _seed(app: Any, owner: int) -> float:
    """Store REAL notes through accept_note, then copy rows up to NOTES; return notes/s."""
    ctx = app.state.hub
    start = datetime(2026, 1, 1, tzinfo=UTC)
    add_claim(ctx.sessions, owner, "rum-1", start, minutes=400 * 24 * 60)
    began = time.perf_counter()
    for i in range(REAL):
        ctx.store.accept_note(
            device_id="rum-1",
            meeting_id=f"n-{i}",
            payload=sample_payload(f"n-{i}", started_at="2026-06-01T10:00:00+00:00"),
            received_at=start + timedelta(days=200, minutes=i),
        )
    rate = REAL / (time.perf_counter() - began)
    with transaction(ctx.sessions) as session:
        real = session.scalars(select(StoredNote)).all()
        columns = [c.key for c in StoredNote.__table__.columns if c.key != "id"]
        rows = []
        for i in range(REAL, NOTES):
            src = real[i % REAL]
            row = {c: getattr(src, c) for c in columns}
            row.update(meeting_id=f"n-{i}", received_at=start + timedelta(minutes=i))
            rows.append(row)
        session.execute(insert(StoredNote), rows)
    return rate


def _login(client: TestClient) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token is not None
    client.post(
        "/login", data={"username": "anna", "password": PASSWORD, "csrf_token": token.group(1)}
    )


def _timed(client: TestClient, url: str) -> list[float]:
    client.get(url)  # warm caches
    samples = []
    for _ in range(REQUESTS):
        began = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.text[:500]
    return samples


def run() -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="bench-hub-") as tmp:
        settings = settings_for(Path(tmp))
        init(settings)
        app = create_app(settings, claim_sender=FakeClaimSender())
        owner = create_user(
            app.state.hub.sessions,
            username="anna",
            role="handlaggare",
            password=PASSWORD,
            hasher=PasswordHasher(time_cost=1, memory_cost=1024),
        ).id
        rate = _seed(app, owner)
        client = TestClient(app)
        _login(client)
        first = _timed(client, "/notes")
        last = _timed(client, f"/notes?sida={NOTES // settings.page_size}")
        with app.state.hub.sessions() as session:
            pk = session.scalar(select(StoredNote.id).where(StoredNote.meeting_id == "n-0"))
        view = _timed(client, f"/notes/{pk}")
    return [
        _row(
            "hub inbox page 1 with 10,000 notes, p95",
            _p95(first),
            "ms",
            "<= 100 ms",
            _p95(first) <= 100,
        ),
        _row(
            "hub inbox last page (offset 9,950) with 10,000 notes, p95",
            _p95(last),
            "ms",
            "<= 100 ms",
            _p95(last) <= 100,
        ),
        _row("hub inbox page 1, p50", statistics.median(first), "ms", None, None),
        _row("hub note view (decrypt + audit), p95", _p95(view), "ms", None, None),
        _row("hub accept_note on SQLite (synchronous=FULL)", rate, "notes/s", None, None),
    ]


if __name__ == "__main__":
    emit(run())
