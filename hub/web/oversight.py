"""Pages for the data-protection officer (audit log) and IT admins (accounts, unassigned)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from hub.services.audit import ACTION_LABELS, AuditFilter
from hub.web.context import hub, render, require_role

router = APIRouter()
AUDIT_PAGE = 100
UNASSIGNED_PAGE = 100


@router.get("/audit")
def audit_log(
    request: Request, sida: int = 1, anvandare: str = "", anteckning: str = "", handelse: str = ""
) -> Response:
    """The log, newest first, filtered by user, note (or other object) and action."""
    user = require_role(request, "dataskyddsombud")
    page = max(sida, 1)
    wanted = {
        "anvandare": anvandare.strip(),
        "anteckning": anteckning.strip(),
        "handelse": handelse,
    }
    note = wanted["anteckning"]
    where = AuditFilter(
        actor=wanted["anvandare"] or None,
        target=(f"note:{note}" if note.isdigit() else note) or None,
        action=handelse or None,
    )
    read = hub(request).audit.read(user, page=page, size=AUDIT_PAGE, where=where)
    pages = max((read.total + AUDIT_PAGE - 1) // AUDIT_PAGE, 1)
    query = urlencode({k: v for k, v in wanted.items() if v})
    return render(
        request,
        "audit.html",
        {
            "entries": read.entries,
            "check": read.check,
            "page": page,
            "pages": pages,
            "total": read.total,
            "wanted": wanted,
            "query": f"&{query}" if query else "",
            "actions": sorted(ACTION_LABELS.items(), key=lambda item: item[1]),
        },
    )


@router.get("/admin")
def admin(request: Request) -> Response:
    """Accounts and notes without an owner (metadata only: IT never reads note text)."""
    user = require_role(request, "it_admin")
    ctx = hub(request)
    users = ctx.accounts.listing()
    unassigned = ctx.notes.unassigned(user, limit=UNASSIGNED_PAGE)
    caseworkers = [u for u in users if u.role == "handlaggare" and u.active]
    return render(
        request,
        "admin.html",
        {
            "users": users,
            "unassigned": unassigned.rows,
            "unassigned_total": unassigned.total,
            "caseworkers": caseworkers,
        },
    )


@router.post("/admin/notes/{note_pk}/assign")
def assign(request: Request, note_pk: int, handlaggare: Annotated[int, Form()]) -> Response:
    """Give an unassigned note to a caseworker (e.g. the meeting ran without a claim)."""
    user = require_role(request, "it_admin")
    hub(request).notes.assign(user, note_pk, handlaggare)
    return RedirectResponse("/admin?tilldelad=1", status_code=303)
