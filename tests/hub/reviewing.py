"""Test steps of a caseworker's review over HTTP: decide every flag, then approve."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.hub.conftest import post


def open_flag_count(client: TestClient, pk: int) -> int:
    """How many flags the current note has (all undecided on a fresh note)."""
    flags: list[Any] = client.get(f"/notes/{pk}/note.json").json()["flaggor"]
    return len(flags)


def keep_all_flags(client: TestClient, pk: int) -> None:
    """Choose *Behåll* for every flag of the note (refused, and harmless, once it is locked)."""
    for index in range(1, open_flag_count(client, pk) + 1):
        post(client, f"/notes/{pk}/flag", {"flagga": str(index), "beslut": "behall"})


def approve(client: TestClient, pk: int) -> Any:
    """Keep every flag, tick the confirmation and approve; return the approval's response."""
    keep_all_flags(client, pk)
    return post(client, f"/notes/{pk}/approve", {"granskad": "ja"})
