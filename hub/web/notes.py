"""Inbox and note pages: read, edit, name speakers, approve, delete. Every read is audited."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from hub.services import flag_decisions, left_out, review
from hub.services.notes import NoteDocument, OpenedNote
from hub.web.context import caseworker, hub, render
from wire.note import Note
from wire.transcript import Segment

router = APIRouter()


@router.get("/notes")
def inbox(request: Request, sida: int = 1) -> Response:
    user = caseworker(request)
    ctx = hub(request)
    size = ctx.settings.page_size
    page = max(sida, 1)
    listed = ctx.notes.inbox(user, page=page, size=size)
    pages = max((listed.total + size - 1) // size, 1)
    return render(
        request,
        "inbox.html",
        {"rows": listed.rows, "page": page, "pages": pages, "total": listed.total},
    )


@router.get("/notes/{note_pk}")
def view(request: Request, note_pk: int, infor: str | None = None) -> Response:
    user = caseworker(request)
    ctx = hub(request)
    context = note_context(ctx.notes.open(user, note_pk), adding=infor)
    context["webhook"] = ctx.settings.webhook is not None
    return render(request, "note.html", context)


@router.get("/notes/{note_pk}/note.json")
def view_json(request: Request, note_pk: int) -> Response:
    """The note the page shows (the approved version once there is one), as wire.note JSON."""
    user = caseworker(request)
    opened = hub(request).notes.open(user, note_pk, detail={"format": "json"})
    return JSONResponse(review.shown_note(opened.doc).to_dict())


def note_context(opened: OpenedNote, adding: str | None = None) -> dict[str, Any]:
    """What the review view shows; ``adding`` is the left-out segment whose form is open."""
    doc = opened.doc
    shown = review.shown_note(doc)
    segments = doc.transcript.segments
    flagged = {f.segment_id for f in shown.flaggor} - {None}
    uncited = left_out.left_out(doc, shown)
    return {
        "row": opened.ref,
        "doc": doc,
        "note": shown,
        "locked": review.is_locked(doc),
        "segments": segments,
        "segment_index": {s.id: s for s in segments},
        "flagged_segments": flagged,
        "speaker_labels": sorted({s.speaker for s in segments}),
        "flag_views": flag_decisions.flag_views(doc),
        "open_count": len(flag_decisions.open_flags(doc)),
        "progress": flag_decisions.progress(doc),
        "choice_titles": flag_decisions.CHOICE_TITLES,
        "left_out": {s.id for s in uncited},
        "first_left_out": uncited[0].id if uncited else None,
        "added_ids": _added(doc, shown),
        "left_out_text": left_out.count_text(len(uncited)),
        **_adding(doc, uncited, adding),
        "error": None,
    }


def _adding(doc: NoteDocument, uncited: list[Segment], adding: str | None) -> dict[str, Any]:
    """The left-out segment the caseworker is adding (its form open) and its suggested section."""
    segment = next((s for s in uncited if s.id == adding), None)
    if segment is None or review.is_locked(doc):
        return {"adding": None, "suggested": None}
    return {"adding": segment.id, "suggested": left_out.suggested_section(doc, segment)}


def _added(doc: NoteDocument, shown: Note) -> set[str]:
    """Statements the caseworker added at the hub: theirs, and not in the AI draft."""
    drafted = {s.id for s in doc.draft.statements()}
    return {s.id for s in shown.statements() if s.source == "caseworker"} - drafted


@router.get("/notes/{note_pk}/edit")
def edit_page(request: Request, note_pk: int) -> Response:
    user = caseworker(request)
    opened = hub(request).notes.open(user, note_pk, detail={"sida": "redigera"})
    if review.is_locked(opened.doc):
        raise HTTPException(status_code=409, detail="Anteckningen är godkänd och låst.")
    return render(request, "edit.html", note_context(opened))


@router.post("/notes/{note_pk}/edit")
async def edit_save(request: Request, note_pk: int) -> Response:
    user = caseworker(request)
    form = await request.form()
    texts = {k[5:]: str(v) for k, v in form.items() if k.startswith("text-")}
    klartext = form.get("klartext")
    changed = hub(request).notes.change(
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
    hub(request).notes.change(
        user, note_pk, "rename_speaker", lambda doc: review.rename_speakers(doc, roles)
    )
    return RedirectResponse(f"/notes/{note_pk}?roller=sparade#talare", status_code=303)


@router.post("/notes/{note_pk}/flag")
async def decide_flag(request: Request, note_pk: int) -> Response:
    """Record the caseworker's choice for one flag (Behåll, Ta bort påståendet, Redigera)."""
    user = caseworker(request)
    form = {k: str(v) for k, v in (await request.form()).items()}
    number = int(form["flagga"]) if form.get("flagga", "").isdigit() else 0
    detail = hub(request).notes.change(
        user,
        note_pk,
        "flag_decision",
        lambda doc: flag_decisions.decide(
            doc, number - 1, form.get("beslut", ""), form.get("text"), form.get("nyckel")
        ),
        describe=lambda detail: detail,
    )
    statement = detail.get("pastaende")
    if detail["val"] == flag_decisions.Choice.REDIGERA and statement and "andrade" not in detail:
        return RedirectResponse(_edit_url(note_pk, statement), status_code=303)
    return RedirectResponse(f"/notes/{note_pk}?beslut={number}#flagga-{number}", status_code=303)


@router.post("/notes/{note_pk}/segment")
async def add_segment(request: Request, note_pk: int) -> Response:
    """Turn a transcript segment the note left out into a statement of the chosen section."""
    user = caseworker(request)
    form = {k: str(v) for k, v in (await request.form()).items()}
    detail = hub(request).notes.change(
        user,
        note_pk,
        "add_statement",
        lambda doc: left_out.add_statement(doc, form.get("avsnitt", ""), form.get("rubrik", "")),
        describe=lambda detail: detail,
    )
    statement = detail["pastaende"]
    return RedirectResponse(f"/notes/{note_pk}?tillagd={statement}#st-{statement}", 303)


def _edit_url(note_pk: int, statement_id: str) -> str:
    """Where the caseworker edits one statement after choosing Redigera on its flag."""
    # No fragment: a target element would stop the browser from autofocusing the text box.
    return f"/notes/{note_pk}?redigera={statement_id}"


def _approve(doc: NoteDocument, by: str, at: datetime, confirmed: str | None) -> int:
    # Checked on the loaded note, so someone else's note is refused as not found first.
    if confirmed != "ja":
        raise HTTPException(status_code=422, detail="Bekräfta att du har granskat anteckningen.")
    flag_decisions.require_resolved(doc)
    return review.approve(doc, by=by, at=at)


@router.post("/notes/{note_pk}/approve")
def approve(
    request: Request, note_pk: int, granskad: Annotated[str | None, Form()] = None
) -> Response:
    """Lock the note as a new version, once every flag is decided and the review confirmed."""
    user = caseworker(request)
    now = datetime.now(UTC).replace(microsecond=0)
    hub(request).notes.change(
        user, note_pk, "approve", lambda doc: _approve(doc, user.username, now, granskad)
    )
    return RedirectResponse(f"/notes/{note_pk}?godkand=1", status_code=303)


@router.post("/notes/{note_pk}/new-version")
def new_version(
    request: Request, note_pk: int, skal: Annotated[str | None, Form()] = None
) -> Response:
    """Reopen an approved note for a new version, giving the reason (kept and audited)."""
    user = caseworker(request)
    hub(request).notes.change(
        user, note_pk, "new_version", lambda doc: _reopen(doc, skal), describe=lambda d: d
    )
    return RedirectResponse(f"/notes/{note_pk}?ny_version=1", status_code=303)


def _reopen(doc: NoteDocument, reason: str | None) -> dict[str, Any]:
    if not (reason or "").strip():
        raise HTTPException(status_code=422, detail="Ange varför en ny version behövs.")
    return review.reopen(doc, reason or "")


CASE_REF = re.compile(r"^[0-9A-Za-zÅÄÖåäö][0-9A-Za-zÅÄÖåäö ./:-]{0,39}$")


@router.post("/notes/{note_pk}/case")
def link_case(request: Request, note_pk: int, arende: Annotated[str, Form()]) -> Response:
    """Link the note to a case number, so the case can later be shredded as a whole."""
    user = caseworker(request)
    case_ref = arende.strip()
    if not CASE_REF.fullmatch(case_ref):
        raise HTTPException(status_code=422, detail="Ange ett giltigt ärendenummer.")
    hub(request).notes.link_case(user, note_pk, case_ref)
    return RedirectResponse(f"/notes/{note_pk}#arende", status_code=303)


@router.post("/notes/{note_pk}/delete")
def delete(
    request: Request, note_pk: int, bekrafta: Annotated[str | None, Form()] = None
) -> Response:
    user = caseworker(request)
    if bekrafta != "ja":
        raise HTTPException(status_code=422, detail="Bekräfta att anteckningen ska raderas.")
    hub(request).notes.delete(user, note_pk)
    return RedirectResponse("/notes?raderad=1", status_code=303)
