"""IT admins give notes without an owner to a caseworker, seeing only time and room."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from hub.store import audit
from hub.store.tables import StoredNote
from tests.hub.conftest import Web, post
from tests.hub.harness import sample_payload


def _unassigned(web: Web) -> int:
    """A note received with no claim on the device: it has no owner."""
    web.ctx.store.accept_note(
        device_id="rum-1",
        meeting_id="lost",
        payload=sample_payload("lost"),
        received_at=datetime.now(UTC),
    )
    with web.ctx.sessions() as session:
        pk = session.scalar(select(StoredNote.id).where(StoredNote.meeting_id == "lost"))
    assert pk is not None
    return int(pk)


def test_admin_sees_unassigned_notes_without_content(web: Web) -> None:
    """The admin page lists the note's room and time but none of its text."""
    _unassigned(web)
    page = web.client("ivar").get("/admin").text
    assert "Rum 1" in page
    assert "Elsa" not in page
    assert "19850101-1234" not in page


def test_admin_assigns_a_note_to_a_caseworker(web: Web) -> None:
    """After assignment the caseworker can open the note, and the assignment is audited."""
    pk = _unassigned(web)
    admin = web.client("ivar")
    response = post(admin, f"/admin/notes/{pk}/assign", {"handlaggare": str(web.users["anna"])})
    assert response.status_code == 303
    assert web.client("anna").get(f"/notes/{pk}").status_code == 200
    with web.ctx.sessions() as session:
        assert "assign" in [e.action for e in audit.for_target(session, f"note:{pk}")]


def test_owned_note_cannot_be_reassigned(web: Web) -> None:
    """A note that already has an owner is not the admin's to move (404)."""
    pk = web.deliver("n-1")
    admin = web.client("ivar")
    response = post(admin, f"/admin/notes/{pk}/assign", {"handlaggare": str(web.users["bertil"])})
    assert response.status_code == 404


def test_note_cannot_be_assigned_to_a_non_caseworker(web: Web) -> None:
    """Only active caseworkers can receive notes."""
    pk = _unassigned(web)
    response = post(
        web.client("ivar"), f"/admin/notes/{pk}/assign", {"handlaggare": str(web.users["dora"])}
    )
    assert response.status_code == 422
