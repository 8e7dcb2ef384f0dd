"""Exports of an approved note: PDF, "kopiera till journalen" text, push to the case system."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from hub import audit, export, review
from hub.db import transaction
from hub.store import NoteDocument
from hub.tables import NoteStatus, StoredNote, User
from hub.web.context import caseworker, hub, render
from hub.web.notes import load_document, owned_note, target

router = APIRouter()


def _export(
    request: Request,
    user: User,
    note_pk: int,
    kind: str,
    produce: Callable[[NoteDocument, StoredNote], Any],
) -> Any:
    """Produce an export of the approved note and record it, in one transaction."""
    ctx = hub(request)
    with transaction(ctx.sessions) as session:
        row = owned_note(session, note_pk, user)
        doc = load_document(ctx.store.load, row)
        try:
            result = produce(doc, row)
        except review.ReviewError as exc:
            raise HTTPException(status_code=409, detail=str(exc)) from exc
        except export.ExportError as exc:
            raise HTTPException(
                status_code=502,
                detail=("Ärendesystemet tog inte emot anteckningen. Försök igen senare."),
            ) from exc
        row.status = NoteStatus.EXPORTERAD
        row.exported_at = row.exported_at or datetime.now(UTC)
        audit.append(
            session,
            actor=user.username,
            action="export",
            target=target(row),
            detail={"format": kind, "version": len(doc.approved)},
        )
    return result


@router.get("/notes/{note_pk}/export.pdf")
def pdf(request: Request, note_pk: int) -> Response:
    user = caseworker(request)
    org = hub(request).settings.organisation
    body = _export(request, user, note_pk, "pdf", lambda doc, _row: export.pdf_bytes(doc, org))
    headers = {"Content-Disposition": f'attachment; filename="journalanteckning-{note_pk}.pdf"'}
    return Response(body, media_type="application/pdf", headers=headers)


@router.get("/notes/{note_pk}/journal")
def journal(request: Request, note_pk: int) -> Response:
    user = caseworker(request)
    org = hub(request).settings.organisation
    text = _export(
        request, user, note_pk, "journaltext", lambda doc, _row: review.journal_text(doc, org)
    )
    return render(request, "journal.html", {"note_pk": note_pk, "text": text})


@router.post("/notes/{note_pk}/push")
def push(request: Request, note_pk: int) -> Response:
    user = caseworker(request)
    ctx = hub(request)
    webhook = ctx.settings.webhook
    if webhook is None:
        raise HTTPException(status_code=404, detail="Ingen koppling till ärendesystem finns.")

    def send(doc: NoteDocument, row: StoredNote) -> int:
        review.final_note(doc)
        payload = export.webhook_payload(
            doc,
            note_ref=f"{ctx.settings.organisation}:{note_pk}",
            device_id=row.device_id,
            approved_by=doc.approved[-1].by,
            organisation=ctx.settings.organisation,
        )
        return export.push(webhook, payload)

    _export(request, user, note_pk, "webhook", send)
    return RedirectResponse(f"/notes/{note_pk}?skickad=1", status_code=303)
