"""Pages for the data-protection officer (audit log) and IT admins (accounts, unassigned)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import func, select

from hub import audit
from hub.db import transaction
from hub.tables import StoredNote, User
from hub.web.context import hub, render, require_role

router = APIRouter()
AUDIT_PAGE = 100


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
    require_role(request, "it_admin")
    with hub(request).sessions() as session:
        users = session.scalars(select(User).order_by(User.username)).all()
        unassigned = session.scalar(
            select(func.count())
            .select_from(StoredNote)
            .where(StoredNote.owner_id.is_(None), StoredNote.status != "raderad")
        )
    return render(request, "admin.html", {"users": users, "unassigned": unassigned or 0})
