"""What every request handler needs: settings, databases, store, templates, current user."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from hub.errors import HubError
from hub.services.accounts import ROLE_NAMES, Account
from hub.services.login_limits import LoginLimiter
from hub.services.review import FLAG_TITLES, SECTION_TITLES, STATUS_TITLES
from hub.services.wiring import Services
from hub.settings import HubSettings
from hub.web import swedish

TEMPLATES = Path(__file__).resolve().parent / "templates"


class LoginRequiredError(HubError):
    """No valid session: pages redirect to the login page."""


class IdleLogoutError(LoginRequiredError):
    """The session went unused for longer than ``session_idle_s`` and was ended."""


class ForbiddenError(HubError):
    """Logged in, but the role does not allow this page."""


@dataclass(frozen=True)
class HubContext(Services):
    """The hub's services plus what the web layer itself holds."""

    settings: HubSettings
    limiter: LoginLimiter
    templates: Jinja2Templates
    oauth: Any = None
    """authlib OAuth registry when OIDC is configured."""
    clock: Callable[[], float] = field(default=time.time)
    """Wall-clock seconds for session age and idle time (tests inject a fake)."""


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES))
    templates.env.globals.update(
        section_titles=SECTION_TITLES,
        flag_titles=FLAG_TITLES,
        status_titles=STATUS_TITLES,
        role_names=ROLE_NAMES,
    )
    templates.env.filters["mmss"] = _mmss
    templates.env.filters["antal"] = swedish.antal
    templates.env.filters["decimal"] = swedish.decimal
    templates.env.filters["line_breaks"] = swedish.line_breaks
    templates.env.filters["swedish_time"] = swedish.swedish_time
    return templates


def _mmss(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def hub(request: Request) -> HubContext:
    context: HubContext = request.app.state.hub
    return context


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def current_user(request: Request) -> Account:
    """The logged-in, active user, or :class:`LoginRequiredError`."""
    uid = request.session.get("uid")
    ctx = hub(request)
    now = ctx.clock()
    issued = float(request.session.get("at", 0))
    if not isinstance(uid, int) or now - issued > ctx.settings.session_max_age_s:
        raise LoginRequiredError
    if now - float(request.session.get("seen", issued)) > ctx.settings.session_idle_s:
        request.session.clear()
        raise IdleLogoutError
    user = ctx.accounts.get(uid)
    if user is None or not user.active or request.session.get("epoch") != user.session_epoch:
        request.session.clear()
        raise LoginRequiredError
    request.session["seen"] = now
    return user


def require_role(request: Request, *roles: str) -> Account:
    user = current_user(request)
    if user.role not in roles:
        hub(request).audit.refused(user.username, request.url.path, status=403, reason="roll")
        raise ForbiddenError
    return user


def caseworker(request: Request) -> Account:
    return require_role(request, "handlaggare")


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    """Render a template with the user, CSRF token and organisation filled in."""
    ctx = hub(request)
    values = {
        "request": request,
        "csrf": csrf_token(request),
        "organisation": ctx.settings.organisation,
        "user": _maybe_user(request),
    }
    values.update(context or {})
    return ctx.templates.TemplateResponse(request, name, values, status_code=status)


def _maybe_user(request: Request) -> Account | None:
    try:
        return current_user(request)
    except LoginRequiredError:
        return None
