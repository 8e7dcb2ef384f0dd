"""``create_app(settings)``: the hub's FastAPI application."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware

from hub.services.claims import ClaimSender, UnconnectedClaimSender
from hub.services.export import ExportError
from hub.services.login_limits import LoginLimiter, LoginLimits
from hub.services.notes import NoteGoneError, NoteNotFoundError, OwnerError
from hub.services.review import ReviewError
from hub.services.wiring import open_services
from hub.settings import HubSettings
from hub.web import auth, exports, fleet, measures, notes, oversight, rooms
from hub.web.context import (
    ForbiddenError,
    HubContext,
    IdleLogoutError,
    LoginRequiredError,
    make_templates,
    render,
)
from hub.web.oidc import make_oauth
from hub.web.security import (
    BodyLimit,
    add_security_headers,
    csrf_protect,
    ids_in_range,
    security_headers,
)

log = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"
#: IT API routers: not session-cookie pages, so no CSRF token. Device enrolment is not
#: here: ``python -m hub serve-enrolment`` serves it from its own app on its own port.
API_ROUTERS = (fleet.router,)
#: Session-cookie pages: every non-GET route in them requires the CSRF token.
BROWSER_ROUTERS = (
    auth.router,
    rooms.router,
    notes.router,
    exports.router,
    oversight.router,
    measures.router,
)


def create_app(
    settings: HubSettings,
    *,
    claim_sender: ClaimSender | None = None,
    clock: Callable[[], float] | None = None,
) -> FastAPI:
    """Build the web app over the databases and key named in ``settings``.

    ``clock`` (seconds) replaces the wall and monotonic clocks of sessions and login limits.
    """
    app = FastAPI(title="Samtal hub", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.hub = _context(settings, claim_sender, clock)
    app.middleware("http")(security_headers)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.session_secret,
        session_cookie="samtal_session",
        max_age=settings.session_max_age_s,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes, page=bare_error_page)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in BROWSER_ROUTERS:
        app.include_router(router, dependencies=[Depends(ids_in_range), Depends(csrf_protect)])
    for router in API_ROUTERS:
        app.include_router(router, dependencies=[Depends(ids_in_range)])
    _error_pages(app)
    return app


def _context(
    settings: HubSettings, claim_sender: ClaimSender | None, clock: Callable[[], float] | None
) -> HubContext:
    if len(settings.session_secret) < 32:
        msg = "session_secret must be at least 32 characters of random text"
        raise ValueError(msg)
    services = open_services(settings, claim_sender or UnconnectedClaimSender())
    return HubContext(
        **services.parts(),
        settings=settings,
        limiter=LoginLimiter(_login_limits(settings), clock or time.monotonic),
        templates=make_templates(),
        oauth=make_oauth(settings.oidc) if settings.oidc is not None else None,
        clock=clock or time.time,
    )


def _login_limits(settings: HubSettings) -> LoginLimits:
    return LoginLimits(
        user_failures=settings.login_max_failures,
        client_failures=settings.login_client_max_failures,
        window_s=settings.login_window_s,
        backoff_s=settings.login_backoff_s,
    )


def _error_pages(app: FastAPI) -> None:
    @app.exception_handler(LoginRequiredError)
    async def login_required(request: Request, exc: LoginRequiredError) -> Response:
        if request.method == "GET":
            target = quote(
                request.url.path + (f"?{request.url.query}" if request.url.query else ""), safe=""
            )
            idle = "&inaktiv=1" if isinstance(exc, IdleLogoutError) else ""
            return RedirectResponse(f"/login?next={target}{idle}", status_code=303)
        return render(request, "error.html", {"message": "Du är inte inloggad."}, status=401)

    @app.exception_handler(ForbiddenError)
    async def forbidden(request: Request, _exc: ForbiddenError) -> Response:
        message = "Din roll har inte behörighet till den här sidan."
        return render(request, "error.html", {"message": message}, status=403)

    _service_errors(app)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "Något gick fel."
        if exc.status_code == 404 and message == "Not Found":
            message = "Sidan finns inte."
        return render(request, "error.html", {"message": message}, status=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        places = {str(error["loc"][0]) for error in exc.errors() if error.get("loc")}
        if "path" in places:
            return render(request, "error.html", {"message": "Sidan finns inte."}, status=404)
        if "query" in places:
            message = "Adressen innehåller ett ogiltigt värde."
            return render(request, "error.html", {"message": message}, status=400)
        message = "Formuläret är inte fullständigt ifyllt."
        return render(request, "error.html", {"message": message}, status=422)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        return bare_error_page(request, 500, UNEXPECTED)


UNEXPECTED = "Något gick fel i hubben. Försök igen om en stund eller kontakta IT-avdelningen."


def bare_error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """The error page outside the middleware stack: no session, the headers added here."""
    ctx: HubContext = request.app.state.hub
    values = {"request": request, "csrf": "", "organisation": ctx.settings.organisation}
    response = ctx.templates.TemplateResponse(
        request, "error.html", {**values, "user": None, "message": message}, status_code=status
    )
    add_security_headers(response, secure=ctx.settings.secure_cookies)
    return response


#: Service errors whose Swedish message is the page's, by the HTTP status they get.
SERVICE_ERRORS: tuple[tuple[type[Exception], int], ...] = (
    (NoteNotFoundError, 404),
    (NoteGoneError, 410),
    (ReviewError, 409),
    (OwnerError, 422),
)
EXPORT_FAILED = "Ärendesystemet tog inte emot anteckningen. Försök igen senare."


def _service_errors(app: FastAPI) -> None:
    for error, status in SERVICE_ERRORS:
        app.add_exception_handler(error, _error_page(status))

    @app.exception_handler(ExportError)
    async def export_failed(request: Request, _exc: ExportError) -> Response:
        return render(request, "error.html", {"message": EXPORT_FAILED}, status=502)


def _error_page(status: int) -> Any:
    async def page(request: Request, exc: Exception) -> Response:
        return render(request, "error.html", {"message": str(exc)}, status=status)

    return page
