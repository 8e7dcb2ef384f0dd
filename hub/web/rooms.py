"""Room claim pages: the QR sticker's URL, the caseworker's running claims, early release."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from hub import audit
from hub.claims import ClaimError, active_claim, claim_room, claims_of, release_claim
from hub.db import transaction
from hub.registry import Registry
from hub.tables import Claim
from hub.web.context import caseworker, hub, render
from wire.topics import check_device_id

router = APIRouter()


def _device_or_404(request: Request, device_id: str) -> str:
    """A known, active device id; anything else is "not found" (no probing of ids)."""
    try:
        check_device_id(device_id)
    except ValueError:
        raise HTTPException(status_code=404, detail="Enheten finns inte.") from None
    record = Registry(hub(request).sessions).get(device_id)
    if record is None or not record.is_active:
        raise HTTPException(status_code=404, detail="Enheten finns inte eller är spärrad.")
    return record.room or record.name


@router.get("/claim/{device_id}")
def claim_page(request: Request, device_id: str) -> Response:
    user = caseworker(request)
    room = _device_or_404(request, device_id)
    now = datetime.now(UTC)
    with hub(request).sessions() as session:
        current = active_claim(session, device_id, now)
    busy = current is not None and current.user_id != user.id
    return render(
        request,
        "claim.html",
        {
            "device_id": device_id,
            "room": room,
            "busy": busy,
            "error": None,
            "durations": hub(request).settings.claim_minutes,
        },
    )


@router.post("/claim/{device_id}")
def claim_submit(
    request: Request,
    device_id: str,
    minutes: int = Form(...),
    informerad: str | None = Form(None),
) -> Response:
    user = caseworker(request)
    room = _device_or_404(request, device_id)
    ctx = hub(request)
    if minutes not in ctx.settings.claim_minutes:
        raise HTTPException(status_code=422, detail="Välj en av de angivna tiderna.")
    try:
        with transaction(ctx.sessions) as session:
            claim_room(
                session,
                ctx.claim_sender,
                user=user,
                device_id=device_id,
                minutes=minutes,
                client_informed=informerad == "ja",
            )
    except ClaimError as exc:
        return render(
            request,
            "claim.html",
            {
                "device_id": device_id,
                "room": room,
                "busy": False,
                "error": str(exc),
                "durations": ctx.settings.claim_minutes,
            },
            status=409 if "används" in str(exc) else 422,
        )
    return RedirectResponse("/claims", status_code=303)


@router.get("/claims")
def my_claims(request: Request) -> Response:
    user = caseworker(request)
    with transaction(hub(request).sessions) as session:
        running = claims_of(session, user, datetime.now(UTC))
        audit.append(
            session,
            actor=user.username,
            action="list",
            target="claims",
            detail={"antal": len(running)},
        )
    return render(request, "claims.html", {"claims": running})


@router.post("/claims/{claim_id}/release")
def release(request: Request, claim_id: int) -> Response:
    user = caseworker(request)
    ctx = hub(request)
    try:
        with transaction(ctx.sessions) as session:
            claim = session.get(Claim, claim_id)
            if claim is None or claim.user_id != user.id:
                raise HTTPException(status_code=404, detail="Bokningen finns inte.")
            release_claim(session, ctx.claim_sender, user=user, claim=claim)
    except ClaimError as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from exc
    return RedirectResponse("/claims", status_code=303)
