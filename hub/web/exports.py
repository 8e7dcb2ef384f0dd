"""Exports of an approved note: PDF, "kopiera till journalen" text, push to the case system."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from hub.services import export, review
from hub.services.notes import NoteDocument, NoteRef
from hub.web.context import caseworker, hub, render

router = APIRouter()


@router.get("/notes/{note_pk}/export.pdf")
def pdf(request: Request, note_pk: int) -> Response:
    user = caseworker(request)
    ctx = hub(request)
    org = ctx.settings.organisation
    body = ctx.notes.export(user, note_pk, "pdf", lambda doc, _ref: export.pdf_bytes(doc, org))
    headers = {"Content-Disposition": f'attachment; filename="journalanteckning-{note_pk}.pdf"'}
    return Response(body, media_type="application/pdf", headers=headers)


@router.get("/notes/{note_pk}/journal")
def journal(request: Request, note_pk: int) -> Response:
    user = caseworker(request)
    ctx = hub(request)
    org = ctx.settings.organisation
    text = ctx.notes.export(
        user, note_pk, "journaltext", lambda doc, _ref: review.journal_text(doc, org)
    )
    return render(request, "journal.html", {"note_pk": note_pk, "text": text})


@router.post("/notes/{note_pk}/push")
def push(request: Request, note_pk: int) -> Response:
    user = caseworker(request)
    ctx = hub(request)
    webhook = ctx.settings.webhook
    if webhook is None:
        raise HTTPException(status_code=404, detail="Ingen koppling till ärendesystem finns.")

    def send(doc: NoteDocument, ref: NoteRef) -> int:
        final = review.final_version(doc)
        payload = export.webhook_payload(
            doc,
            note_ref=f"{ctx.settings.organisation}:{note_pk}",
            device_id=ref.device_id,
            approved_by=final.by,
            organisation=ctx.settings.organisation,
        )
        return export.push(webhook, payload)

    ctx.notes.export(user, note_pk, "webhook", send)
    return RedirectResponse(f"/notes/{note_pk}?skickad=1", status_code=303)
