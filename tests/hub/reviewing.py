"""Test steps of a caseworker's review over HTTP (decide every flag, then approve), and what
the tests read back from the hub's store."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from hub.store import audit
from hub.store.notes import NoteDocument
from hub.store.tables import StoredNote
from tests.hub.conftest import Web, post

UNICODE_NAMES = "Łukasz Đorđević, Şükrü, Nguyễn och عائشة"
"""Names a Latin-1 font cannot set: the exports must keep them."""
SHORT_LINE = "Vi träffades den 1 december 2026."
"""A short first line of a statement: the exports must not take it for a heading."""


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


def stored_doc(web: Web, pk: int) -> NoteDocument:
    """The note's decrypted document as the store holds it now."""
    with web.ctx.sessions() as session:
        row = session.get(StoredNote, pk)
        assert row is not None
        return web.ctx.store.load(row)


def audit_entries(web: Web, pk: int, action: str) -> list[Any]:
    """The note's audit entries of one action, oldest first."""
    with web.ctx.sessions() as session:
        return [e for e in audit.for_target(session, f"note:{pk}") if e.action == action]


def export_state(web: Web, pk: int) -> tuple[str, object, list[str]]:
    """The note's status, its export time and every audit action on it."""
    with web.ctx.sessions() as session:
        row = session.get(StoredNote, pk)
        assert row is not None
        actions = [e.action for e in audit.for_target(session, f"note:{pk}")]
        return row.status, row.exported_at, actions


def approved_unicode_note(web: Web) -> int:
    """Anna's note with Unicode names, a short two-line statement and a case number,
    approved; return its pk."""
    pk = web.deliver("n-1", framkom_text=f"{SHORT_LINE}\nAndra raden.")
    anna = web.client("anna")
    post(anna, f"/notes/{pk}/edit", {"text-st3": f"{UNICODE_NAMES} kommer till nästa möte."})
    post(anna, f"/notes/{pk}/case", {"arende": "IFO-2026-123"})
    approve(anna, pk)
    return pk
