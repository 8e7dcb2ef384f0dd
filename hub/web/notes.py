"""Inbox and note pages: read, edit, name speakers, approve, delete. Every read is audited."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from hub import audit, review
from hub.db import transaction
from hub.store import NoteDocument, NoteUnavailableError
from hub.tables import NoteStatus, StoredNote, User
from hub.web.context import caseworker, hub, render

router = APIRouter()


def owned_note(session: Session, note_pk: int, user: User) -> StoredNote:
    """The user's own note; anyone else's (or none) is 404, a deleted one 410."""
    row = session.get(StoredNote, note_pk)
    if row is None or row.owner_id != user.id:
        raise HTTPException(status_code=404, detail="Anteckningen finns inte.")
    if row.status == NoteStatus.RADERAD:
        raise HTTPException(status_code=410, detail="Anteckningen är raderad.")
    return row


def target(row: StoredNote) -> str:
    return f"note:{row.id}"


@router.get("/notes")
def inbox(request: Request, sida: int = 1) -> Response:
    user = caseworker(request)
    ctx = hub(request)
    size = ctx.settings.page_size
    page = max(sida, 1)
    with transaction(ctx.sessions) as session:
        rows, total = ctx.store.inbox(session, user.id, offset=(page - 1) * size, limit=size)
        audit.append(
            session,
            actor=user.username,
            action="list",
            target="inbox",
            detail={"sida": page, "antal": len(rows)},
        )
    pages = max((total + size - 1) // size, 1)
    return render(
        request, "inbox.html", {"rows": rows, "page": page, "pages": pages, "total": total}
    )


@router.get("/notes/{note_pk}")
def view(request: Request, note_pk: int) -> Response:
    user = caseworker(request)
    ctx = hub(request)
    with transaction(ctx.sessions) as session:
        row = owned_note(session, note_pk, user)
        doc = load_document(ctx.store.load, row)
        audit.append(session, actor=user.username, action="view", target=target(row))
    context = note_context(row, doc)
    context["webhook"] = ctx.settings.webhook is not None
    return render(request, "note.html", context)


def note_context(row: StoredNote, doc: NoteDocument) -> dict[str, Any]:
    shown = doc.approved[-1].note if doc.approved else doc.current
    segments = doc.transcript.segments
    flagged = {f.segment_id for f in shown.flaggor} - {None}
    return {
        "row": row,
        "doc": doc,
        "note": shown,
        "locked": review.is_locked(doc),
        "segments": segments,
        "segment_index": {s.id: s for s in segments},
        "flagged_segments": flagged,
        "speaker_labels": sorted({s.speaker for s in segments}),
        "error": None,
    }


def load_document(loader: Callable[[StoredNote], NoteDocument], row: StoredNote) -> NoteDocument:
    try:
        return loader(row)
    except NoteUnavailableError as exc:
        raise HTTPException(status_code=410, detail="Anteckningen är raderad.") from exc


@router.get("/notes/{note_pk}/edit")
def edit_page(request: Request, note_pk: int) -> Response:
    user = caseworker(request)
    ctx = hub(request)
    with transaction(ctx.sessions) as session:
        row = owned_note(session, note_pk, user)
        doc = load_document(ctx.store.load, row)
        audit.append(
            session,
            actor=user.username,
            action="view",
            target=target(row),
            detail={"sida": "redigera"},
        )
    if review.is_locked(doc):
        raise HTTPException(status_code=409, detail="Anteckningen är godkänd och låst.")
    return render(request, "edit.html", note_context(row, doc))


@router.post("/notes/{note_pk}/edit")
async def edit_save(request: Request, note_pk: int) -> Response:
    user = caseworker(request)
    form = await request.form()
    texts = {k[5:]: str(v) for k, v in form.items() if k.startswith("text-")}
    klartext = form.get("klartext")
    changed = _mutate(
        request,
        user,
        note_pk,
        "edit",
        lambda doc: review.edit(doc, texts, str(klartext) if klartext else None),
    )
    return RedirectResponse(f"/notes/{note_pk}?sparad={len(changed)}", status_code=303)


@router.post("/notes/{note_pk}/speakers")
async def speakers(request: Request, note_pk: int) -> Response:
    user = caseworker(request)
    form = await request.form()
    roles = {k[8:]: str(v) for k, v in form.items() if k.startswith("speaker-")}
    _mutate(
        request, user, note_pk, "rename_speaker", lambda doc: review.rename_speakers(doc, roles)
    )
    return RedirectResponse(f"/notes/{note_pk}#talare", status_code=303)


@router.post("/notes/{note_pk}/approve")
def approve(request: Request, note_pk: int) -> Response:
    user = caseworker(request)
    now = datetime.now(UTC).replace(microsecond=0)
    _mutate(
        request, user, note_pk, "approve", lambda doc: review.approve(doc, by=user.username, at=now)
    )
    return RedirectResponse(f"/notes/{note_pk}?godkand=1", status_code=303)


def _mutate(
    request: Request, user: User, note_pk: int, action: str, change: Callable[[NoteDocument], Any]
) -> Any:
    """Load, change, audit and save one note in one transaction."""
    ctx = hub(request)
    try:
        with transaction(ctx.sessions) as session:
            row = owned_note(session, note_pk, user)
            doc = load_document(ctx.store.load, row)
            result = change(doc)
            ctx.store.save(row, doc)
            if action == "approve":
                row.status, row.approved_at = NoteStatus.GODKAND, datetime.now(UTC)
            audit.append(
                session,
                actor=user.username,
                action=action,
                target=target(row),
                detail={"resultat": result} if action != "approve" else {"version": result},
            )
    except review.ReviewError as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from exc
    return result


CASE_REF = re.compile(r"^[0-9A-Za-zÅÄÖåäö][0-9A-Za-zÅÄÖåäö ./:-]{0,39}$")


@router.post("/notes/{note_pk}/case")
def link_case(request: Request, note_pk: int, arende: str = Form(...)) -> Response:
    """Link the note to a case number, so the case can later be shredded as a whole."""
    user = caseworker(request)
    case_ref = arende.strip()
    if not CASE_REF.fullmatch(case_ref):
        raise HTTPException(status_code=422, detail="Ange ett giltigt ärendenummer.")
    ctx = hub(request)
    with transaction(ctx.sessions) as session:
        row = owned_note(session, note_pk, user)
        doc = load_document(ctx.store.load, row)
        ctx.store.link_case(row, doc, case_ref)
        audit.append(session, actor=user.username, action="link_case", target=target(row))
    return RedirectResponse(f"/notes/{note_pk}#arende", status_code=303)


@router.post("/notes/{note_pk}/delete")
def delete(request: Request, note_pk: int, bekrafta: str | None = Form(None)) -> Response:
    user = caseworker(request)
    if bekrafta != "ja":
        raise HTTPException(status_code=422, detail="Bekräfta att anteckningen ska raderas.")
    ctx = hub(request)
    with transaction(ctx.sessions) as session:
        row = owned_note(session, note_pk, user)
        ctx.store.erase(session, row)
        audit.append(session, actor=user.username, action="delete", target=target(row))
    return RedirectResponse("/notes?raderad=1", status_code=303)
