"""Room claim pages: the QR sticker's URL, the caseworker's running claims, early release."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from hub.services.accounts import Account
from hub.services.claims import ClaimError, ClaimNotFoundError, DeviceNotFoundError
from hub.web.context import caseworker, hub, render
from wire.note import Participant
from wire.seats import Seat, parse_seat

router = APIRouter()


def _device_or_404(request: Request, device_id: str, user: Account) -> str:
    """A known, active device's room; anything else is "not found" (no probing of ids)."""
    try:
        return hub(request).claims.room(device_id, user)
    except DeviceNotFoundError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None


@router.get("/claim/{device_id}")
def claim_page(request: Request, device_id: str) -> Response:
    user = caseworker(request)
    room = _device_or_404(request, device_id, user)
    busy = hub(request).claims.busy(user, device_id)
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
            "seats": SEATS,
        },
    )


CASEWORKER_ROLE = "socialsekreterare"
PRESENT_ROWS = 5
"""Rows on the claim page for who is present (the caseworker's own is filled in)."""


SEATS = [(seat.value, seat.label) for seat in Seat]
"""The seat choices of each row, after "Ingen uppgift" (no seat)."""


def _rows(present: list[tuple[str, str]], seats: Sequence[str] = ()) -> list[tuple[str, str, str]]:
    """Name, role and seat value per row, padded with empty rows."""
    seated = [*seats, *[""] * (len(present) - len(seats))]
    rows = [(name, role, seat) for (name, role), seat in zip(present, seated, strict=False)]
    return rows + [("", "", "")] * max(0, PRESENT_ROWS - len(rows))


def _participants(names: list[str], roles: list[str], seats: list[str]) -> list[Participant]:
    """The filled-in rows; a name without a role (or the reverse) is an error in Swedish."""
    people = []
    for index, (raw_name, raw_role) in enumerate(zip(names, roles, strict=False)):
        name, role = " ".join(raw_name.split()), " ".join(raw_role.split())
        if not name and not role:
            continue
        if not name or not role:
            msg = f"Ange både namn och roll för {name or role}."
            raise ClaimError(msg)
        if len(name) > 200 or len(role) > 100:
            raise ClaimError("Namnet eller rollen är för lång.")
        people.append(Participant(name, role, plats=_seat(seats, index, name)))
    return people


def _seat(seats: list[str], index: int, name: str) -> Seat | None:
    """The row's seat; a row without a seat field (an older page) has none."""
    try:
        return parse_seat(seats[index] if index < len(seats) else None)
    except ValueError:
        msg = f"Välj en av platserna i listan för {name}."
        raise ClaimError(msg) from None


@router.post("/claim/{device_id}")
def claim_submit(
    request: Request,
    device_id: str,
    *,
    minutes: Annotated[int, Form()],
    informerad: Annotated[str | None, Form()] = None,
    namn: Annotated[list[str] | None, Form()] = None,
    roll: Annotated[list[str] | None, Form()] = None,
    plats: Annotated[list[str] | None, Form()] = None,
) -> Response:
    namn, roll, plats = namn or [], roll or [], plats or []
    user = caseworker(request)
    room = _device_or_404(request, device_id, user)
    ctx = hub(request)
    if minutes not in ctx.settings.claim_minutes:
        raise HTTPException(status_code=422, detail="Välj en av de angivna tiderna.")
    try:
        people = _participants(namn, roll, plats)
        ctx.claims.claim(
            user,
            device_id,
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
                "rows": _rows(list(zip(namn, roll, strict=False)), plats),
                "seats": SEATS,
            },
            status=409 if "används" in str(exc) else 422,
        )
    return RedirectResponse("/claims", status_code=303)


@router.get("/claims")
def my_claims(request: Request) -> Response:
    user = caseworker(request)
    running = hub(request).claims.running(user)
    return render(request, "claims.html", {"claims": running})


@router.post("/claims/{claim_id}/release")
def release(request: Request, claim_id: int) -> Response:
    user = caseworker(request)
    try:
        hub(request).claims.release(user, claim_id)
    except ClaimNotFoundError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    except ClaimError as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from exc
    return RedirectResponse("/claims", status_code=303)
