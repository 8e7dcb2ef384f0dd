"""Room claim pages: the QR sticker's URL, the caseworker's running claims, early release."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from hub import audit
from hub.claims import ClaimError, active_claim, claim_room, claims_of, release_claim
from hub.db import transaction
from hub.tables import Claim
from hub.web.context import caseworker, hub, render
from provisioning.registry import Registry
from wire.note import Participant
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
    present = [(user.display_name, CASEWORKER_ROLE)]
    return render(
        request,
        "claim.html",
        {
            "device_id": device_id,
            "room": room,
            "busy": busy,
            "error": None,
            "durations": hub(request).settings.claim_minutes,
            "rows": _rows(present),
        },
    )


CASEWORKER_ROLE = "socialsekreterare"
PRESENT_ROWS = 5
"""Rows on the claim page for who is present (the caseworker's own is filled in)."""


def _rows(present: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return present + [("", "")] * max(0, PRESENT_ROWS - len(present))


def _participants(names: list[str], roles: list[str]) -> list[Participant]:
    """The filled-in rows; a name without a role (or the reverse) is an error in Swedish."""
    people = []
    for raw_name, raw_role in zip(names, roles, strict=False):
        name, role = " ".join(raw_name.split()), " ".join(raw_role.split())
        if not name and not role:
            continue
        if not name or not role:
            msg = f"Ange både namn och roll för {name or role}."
            raise ClaimError(msg)
        if len(name) > 200 or len(role) > 100:
            raise ClaimError("Namnet eller rollen är för lång.")
        people.append(Participant(name, role))
    return people


@router.post("/claim/{device_id}")
def claim_submit(
    request: Request,
    device_id: str,
    *,
    minutes: Annotated[int, Form()],
    informerad: Annotated[str | None, Form()] = None,
    namn: Annotated[list[str] | None, Form()] = None,
    roll: Annotated[list[str] | None, Form()] = None,
) -> Response:
    namn, roll = namn or [], roll or []
    user = caseworker(request)
    room = _device_or_404(request, device_id)
    ctx = hub(request)
    if minutes not in ctx.settings.claim_minutes:
        raise HTTPException(status_code=422, detail="Välj en av de angivna tiderna.")
    try:
        people = _participants(namn, roll)
        with transaction(ctx.sessions) as session:
            claim_room(
                session,
                ctx.claim_sender,
                user=user,
                device_id=device_id,
                minutes=minutes,
                client_informed=informerad == "ja",
                participants=people,
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
                "rows": _rows(list(zip(namn, roll, strict=False))),
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
