"""Log in (local password or OIDC), log out, and the start page per role."""

from __future__ import annotations

import logging
import math
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from hub.services.accounts import Account
from hub.web.context import current_user, hub, render
from hub.web.oidc import OidcLoginError, identity
from hub.web.security import client_address, safe_next

router = APIRouter()
log = logging.getLogger(__name__)
START_PAGES = {
    "handlaggare": "/notes",
    "dataskyddsombud": "/audit",
    "it_admin": "/admin",
    "enhetschef": "/uppfoljning",
}


@router.get("/")
def start(request: Request) -> Response:
    user = current_user(request)
    return RedirectResponse(START_PAGES.get(user.role, "/login"), status_code=303)


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:  # noqa: A002 - the query name
    oidc = hub(request).settings.oidc
    return render(
        request,
        "login.html",
        {"next": safe_next(next), "oidc_label": oidc.label if oidc else None, "error": None},
    )


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",  # noqa: A002 - the form field is called next
) -> Response:
    ctx = hub(request)
    client = client_address(request, ctx.settings.trusted_proxies)
    context = {
        "next": safe_next(next),
        "oidc_label": ctx.settings.oidc.label if ctx.settings.oidc else None,
    }
    wait = ctx.limiter.wait_s(username, client)
    if wait > 0:
        ctx.audit.login_limited(username.strip(), client)
        error = "För många misslyckade inloggningar. Vänta en stund och försök igen."
        response = render(request, "login.html", {**context, "error": error}, status=429)
        response.headers["Retry-After"] = str(math.ceil(wait))
        return response
    user = ctx.accounts.login(username.strip(), password, client)
    if user is None:
        ctx.limiter.failed(username, client)
        error = "Fel användarnamn eller lösenord."
        return render(request, "login.html", {**context, "error": error}, status=401)
    ctx.limiter.succeeded(username)
    return start_session(request, user, safe_next(next))


def start_session(request: Request, user: Account, target: str) -> Response:
    """A fresh session (new CSRF token) so a planted session id cannot be reused."""
    request.session.clear()
    now = hub(request).clock()
    request.session.update(
        uid=user.id, at=now, seen=now, epoch=user.session_epoch, csrf=secrets.token_urlsafe(32)
    )
    if target == "/":
        target = START_PAGES.get(user.role, "/")
    return RedirectResponse(target, status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    user = current_user(request)
    hub(request).accounts.logout(user)
    request.session.clear()
    return RedirectResponse("/login?utloggad=1", status_code=303)


@router.get("/login/oidc")
async def oidc_start(request: Request, next: str = "/") -> Response:  # noqa: A002 - the query name
    ctx = hub(request)
    if ctx.oauth is None:
        return render(
            request, "error.html", {"message": "Extern inloggning är inte aktiverad."}, status=404
        )
    request.session["oidc_next"] = safe_next(next)
    redirect_uri = str(request.url_for("oidc_callback"))
    response: Response = await ctx.oauth.oidc.authorize_redirect(request, redirect_uri)
    return response


@router.get("/login/oidc/callback", name="oidc_callback")
async def oidc_callback(request: Request) -> Response:
    ctx = hub(request)
    if ctx.oauth is None or ctx.settings.oidc is None:
        return render(
            request, "error.html", {"message": "Extern inloggning är inte aktiverad."}, status=404
        )
    try:
        subject = await identity(ctx.oauth, request, ctx.settings.oidc.username_claim)
    except OidcLoginError as exc:
        log.warning("OIDC login failed: %s", exc)
        message = "Inloggningen kunde inte bekräftas. Försök igen."
        return render(request, "error.html", {"message": message}, status=401)
    user = ctx.accounts.oidc_login(subject)
    if user is None:
        message = "Ditt konto finns inte i hubben. Kontakta IT-avdelningen."
        return render(request, "error.html", {"message": message}, status=403)
    target = str(request.session.get("oidc_next", "/"))
    return start_session(request, user, target)
