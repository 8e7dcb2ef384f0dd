"""Exports of an approved note: PDF, Word, "kopiera till journalen" text, case-system push."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from hub.services import export, review
from hub.services.notes import NoteDocument, NoteRef
from hub.web.context import caseworker, hub, render

router = APIRouter()

EXPORT_BY_LINK = (
    "Export görs med knapparna på anteckningens sida. En länk kan inte exportera, "
    "eftersom exporten ändrar anteckningens status och startar gallringstiden."
)


@router.post("/notes/{note_pk}/export.pdf")
def pdf(request: Request, note_pk: int) -> Response:
    user = caseworker(request)
    ctx = hub(request)
    org, fonts = ctx.settings.organisation, ctx.settings.pdf_font_dir
    body = ctx.notes.export(
        user, note_pk, "pdf", lambda doc, _ref: export.pdf_bytes(doc, org, fonts)
    )
    headers = {"Content-Disposition": f'attachment; filename="journalanteckning-{note_pk}.pdf"'}
    return Response(body, media_type="application/pdf", headers=headers)


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@router.post("/notes/{note_pk}/export.docx")
def word(request: Request, note_pk: int) -> Response:
    user = caseworker(request)
    ctx = hub(request)
    org = ctx.settings.organisation
    body = ctx.notes.export(user, note_pk, "docx", lambda doc, _ref: export.docx_bytes(doc, org))
    filename = f"journalanteckning-{note_pk}.docx"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(body, media_type=DOCX_TYPE, headers=headers)


@router.post("/notes/{note_pk}/journal")
def journal(request: Request, note_pk: int) -> Response:
    user = caseworker(request)
    ctx = hub(request)
    org = ctx.settings.organisation
    text = ctx.notes.export(
        user, note_pk, "journaltext", lambda doc, _ref: review.journal_text(doc, org)
    )
    return render(request, "journal.html", {"note_pk": note_pk, "text": text})


@router.get("/notes/{note_pk}/export.pdf")
@router.get("/notes/{note_pk}/export.docx")
@router.get("/notes/{note_pk}/journal")
def export_by_link(request: Request, note_pk: int) -> Response:
    """A link (from this site or another) never exports: exporting changes the note's status
    and starts its retention clock, so it takes the note page's form (POST with CSRF)."""
    response = render(
        request, "export_link.html", {"message": EXPORT_BY_LINK, "note_pk": note_pk}, 405
    )
    response.headers["Allow"] = "POST"
    return response


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
