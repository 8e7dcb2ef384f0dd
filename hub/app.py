"""``create_app(settings)``: the hub's FastAPI application."""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware

from hub.accounts import LoginLimiter
from hub.claims import ClaimSender, UnconnectedClaimSender
from hub.db import make_engine, session_factory
from hub.keyring import Keyring, load_master_key
from hub.settings import HubSettings
from hub.store import NoteStore
from hub.web import auth, exports, notes, oversight, rooms
from hub.web.context import (
    ForbiddenError,
    HubContext,
    LoginRequiredError,
    make_templates,
    render,
)
from hub.web.oidc import make_oauth
from hub.web.security import csrf_protect, security_headers

STATIC = Path(__file__).resolve().parent / "static"
#: Routers other hub modules contribute; included when the module is installed.
OPTIONAL_ROUTERS = ("hub.enrolment", "hub.fleet")
#: Session-cookie pages: every non-GET route in them requires the CSRF token.
BROWSER_ROUTERS = (auth.router, rooms.router, notes.router, exports.router, oversight.router)


def create_app(settings: HubSettings, *, claim_sender: ClaimSender | None = None) -> FastAPI:
    """Build the web app over the databases and key named in ``settings``."""
    app = FastAPI(title="Samtal hub", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.hub = _context(settings, claim_sender)
    app.middleware("http")(security_headers)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.session_secret,
        session_cookie="samtal_session",
        max_age=settings.session_max_age_s,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in BROWSER_ROUTERS:
        app.include_router(router, dependencies=[Depends(csrf_protect)])
    _include_optional(app)
    _error_pages(app)
    return app


def _context(settings: HubSettings, claim_sender: ClaimSender | None) -> HubContext:
    if len(settings.session_secret) < 32:
        msg = "session_secret must be at least 32 characters of random text"
        raise ValueError(msg)
    sessions = session_factory(make_engine(settings.database_url))
    keyring = Keyring(
        load_master_key(settings.master_key_file),
        session_factory(make_engine(settings.keystore_url)),
    )
    oauth = None
    if settings.oidc is not None:
        oauth = make_oauth(settings.oidc)
    return HubContext(
        settings=settings,
        sessions=sessions,
        keyring=keyring,
        store=NoteStore(sessions, keyring),
        claim_sender=claim_sender or UnconnectedClaimSender(),
        limiter=LoginLimiter(settings.login_max_failures, settings.login_window_s),
        templates=make_templates(),
        oauth=oauth,
    )


def _include_optional(app: FastAPI) -> None:
    templates = app.state.hub.templates
    for name in OPTIONAL_ROUTERS:
        present = importlib.util.find_spec(name) is not None
        templates.env.globals[f"has_{name.rsplit('.', 1)[-1]}"] = present
        if not present:
            continue
        module = importlib.import_module(name)
        router = getattr(module, "router", None)
        if router is None:
            msg = f"{name} exists but defines no `router` to include"
            raise RuntimeError(msg)
        app.include_router(router)


def _error_pages(app: FastAPI) -> None:
    @app.exception_handler(LoginRequiredError)
    async def login_required(request: Request, _exc: LoginRequiredError) -> Response:
        if request.method == "GET":
            target = quote(
                request.url.path + (f"?{request.url.query}" if request.url.query else ""), safe=""
            )
            return RedirectResponse(f"/login?next={target}", status_code=303)
        return render(request, "error.html", {"message": "Du är inte inloggad."}, status=401)

    @app.exception_handler(ForbiddenError)
    async def forbidden(request: Request, _exc: ForbiddenError) -> Response:
        message = "Din roll har inte behörighet till den här sidan."
        return render(request, "error.html", {"message": message}, status=403)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "Något gick fel."
        if exc.status_code == 404 and message == "Not Found":
            message = "Sidan finns inte."
        return render(request, "error.html", {"message": message}, status=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, _exc: RequestValidationError) -> Response:
        message = "Formuläret är inte fullständigt ifyllt."
        return render(request, "error.html", {"message": message}, status=422)
