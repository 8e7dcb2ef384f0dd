"""Test steps for the effect measures: meetings of a unit's caseworkers in a chosen week, a
unit manager, a hub whose clock stands in a chosen week, and reading the CSV back."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from hub.services.accounts import create_user, set_unit
from hub.store.tables import StoredNote
from tests.hub.conftest import FAST_HASHER, PASSWORD, Web, make_web
from tests.hub.harness import add_claim, sample_payload

TODAY = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
"""The hub's clock in these tests: Wednesday of ISO week 2026-v48."""
WEEK = "2026-v47"
MONDAY = datetime(2026, 11, 16, 7, 0, tzinfo=UTC)
"""Monday of ``WEEK``: meetings are put on its days, two hours apart."""
UNIT = "Barn och unga"
OTHER_UNIT = "Ekonomiskt bistånd"


def web_at(directory: Path, template: tuple[Path, dict[str, int]], **overrides: Any) -> Web:
    """A hub whose clock stands at ``TODAY``, with anna in ``UNIT`` and bertil in the other."""
    web = make_web(directory, template, clock=TODAY.timestamp, **overrides)
    set_unit(web.ctx.sessions, "anna", UNIT)
    set_unit(web.ctx.sessions, "bertil", OTHER_UNIT)
    return web


def meeting(web: Web, number: int, owner: str = "anna", **kwargs: Any) -> int:
    """Meeting ``number`` of ``WEEK``, held by ``owner`` in rum-1 and stored; return its pk."""
    start = MONDAY + timedelta(hours=2 * number)
    add_claim(web.ctx.sessions, web.users[owner], "rum-1", start - timedelta(minutes=5), 60)
    meeting_id = f"m-{number:03d}"
    payload = sample_payload(
        meeting_id,
        handlaggare=owner,
        started_at=start.isoformat(),
        datum=start.date().isoformat(),
        **kwargs,
    )
    web.ctx.store.accept_note(
        device_id="rum-1",
        meeting_id=meeting_id,
        payload=payload,
        received_at=start + timedelta(hours=1),
    )
    with web.ctx.sessions() as session:
        return session.scalars(
            select(StoredNote.id).where(StoredNote.meeting_id == meeting_id)
        ).one()


def manager(web: Web, username: str, unit: str) -> TestClient:
    """A unit manager (enhetschef) of ``unit``, logged in."""
    create_user(
        web.ctx.sessions,
        username=username,
        role="enhetschef",
        password=PASSWORD,
        unit=unit,
        hasher=FAST_HASHER,
    )
    return web.client(username)


def csv_rows(client: TestClient) -> list[dict[str, str]]:
    """The CSV export as one dict per row (header → cell)."""
    reply = client.get("/uppfoljning.csv")
    assert reply.status_code == 200, reply.text
    text = reply.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def row_of(rows: list[dict[str, str]], unit: str, week: str = WEEK) -> dict[str, str]:
    """The CSV row of one unit's week."""
    found = [r for r in rows if r["enhet"] == unit and r["vecka"] == week]
    assert len(found) == 1, rows
    return found[0]
