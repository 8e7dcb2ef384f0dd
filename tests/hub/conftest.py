"""Fixtures for hub tests: a hub on SQLite in a temporary directory."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hub.db import transaction
from hub.tables import Claim, User
from hub.testing import HubFiles, hub_in


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


def add_claim(
    hub: HubFiles, user_id: int, device_id: str, start: datetime, minutes: int = 60
) -> int:
    with transaction(hub.sessions) as session:
        claim = Claim(
            device_id=device_id,
            user_id=user_id,
            started_at=start,
            expires_at=start + timedelta(minutes=minutes),
            client_informed=True,
        )
        session.add(claim)
        session.flush()
        return claim.id
