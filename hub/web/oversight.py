"""Pages for the data-protection officer (audit log) and IT admins (accounts, unassigned)."""

from __future__ import annotations

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from hub import audit
from hub.db import transaction
from hub.tables import NoteStatus, StoredNote, User
from hub.web.context import hub, render, require_role

router = APIRouter()
AUDIT_PAGE = 100
UNASSIGNED_PAGE = 100


@router.get("/audit")
def audit_log(request: Request, sida: int = 1) -> Response:
    user = require_role(request, "dataskyddsombud")
    ctx = hub(request)
    page = max(sida, 1)
    with transaction(ctx.sessions) as session:
        audit.append(
            session, actor=user.username, action="audit_read", target="audit", detail={"sida": page}
        )
        entries = audit.page(session, offset=(page - 1) * AUDIT_PAGE, limit=AUDIT_PAGE)
        total = audit.count(session)
    with ctx.sessions() as session:
        check = audit.verify(session)
    pages = max((total + AUDIT_PAGE - 1) // AUDIT_PAGE, 1)
    return render(
        request, "audit.html", {"entries": entries, "check": check, "page": page, "pages": pages}
    )


@router.get("/admin")
def admin(request: Request) -> Response:
    """Accounts and notes without an owner (metadata only: IT never reads note text)."""
    user = require_role(request, "it_admin")
    ctx = hub(request)
    with transaction(ctx.sessions) as session:
        users = session.scalars(select(User).order_by(User.username)).all()
        unassigned, total = ctx.store.inbox(session, None, offset=0, limit=UNASSIGNED_PAGE)
        audit.append(
            session,
            actor=user.username,
            action="list",
            target="unassigned",
            detail={"antal": total},
        )
    caseworkers = [u for u in users if u.role == "handlaggare" and u.active]
    return render(
        request,
        "admin.html",
        {
            "users": users,
            "unassigned": unassigned,
            "unassigned_total": total,
            "caseworkers": caseworkers,
        },
    )


@router.post("/admin/notes/{note_pk}/assign")
def assign(request: Request, note_pk: int, handlaggare: int = Form(...)) -> Response:
    """Give an unassigned note to a caseworker (e.g. the meeting ran without a claim)."""
    user = require_role(request, "it_admin")
    with transaction(hub(request).sessions) as session:
        row = session.get(StoredNote, note_pk)
        if row is None or row.owner_id is not None or row.status == NoteStatus.RADERAD:
            raise HTTPException(status_code=404, detail="Anteckningen saknar inte ägare.")
        owner = session.get(User, handlaggare)
        if owner is None or owner.role != "handlaggare" or not owner.active:
            raise HTTPException(status_code=422, detail="Välj en aktiv handläggare.")
        row.owner_id = owner.id
        audit.append(
            session,
            actor=user.username,
            action="assign",
            target=f"note:{row.id}",
            detail={"till": owner.username},
        )
    return RedirectResponse("/admin?tilldelad=1", status_code=303)
