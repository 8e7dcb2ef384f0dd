"""Security headers on every response, CSRF checks on every state-changing request, request
bodies and ids within bounds, and the client address as seen through trusted proxies only."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import HTTPException, Request, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "no-store",
}
HSTS = "max-age=31536000; includeSubDomains"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


#: INTEGER columns hold ids (PostgreSQL ``integer``; SQLite's are wider).
DB_INT_MAX = 2**31 - 1
TOO_LARGE = "Förfrågan är för stor."


async def security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    add_security_headers(response, secure=request.app.state.hub.settings.secure_cookies)
    return response


def add_security_headers(response: Response, *, secure: bool) -> None:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)


def ids_in_range(request: Request) -> None:
    """Refuse an int path parameter (404) or query parameter (400) the database cannot hold."""
    dependant = getattr(request.scope.get("route"), "dependant", None)
    if dependant is None:
        return
    if any(_too_big(f, request.path_params.get(f.alias)) for f in dependant.path_params):
        raise HTTPException(status_code=404, detail="Sidan finns inte.")
    if any(_too_big(f, request.query_params.get(f.alias)) for f in dependant.query_params):
        raise HTTPException(status_code=400, detail="Adressen innehåller ett ogiltigt tal.")


def _too_big(field: Any, value: str | None) -> bool:
    if value is None or field.field_info.annotation is not int:
        return False
    try:
        return abs(int(value)) > DB_INT_MAX
    except ValueError:  # not a number, or too many digits: the validation error says so
        return False


class BodyLimit:
    """ASGI middleware: bodies over ``max_bytes`` get 413 before the app reads (spools) them.

    A ``Content-Length`` over the limit is refused before any byte is read. A chunked body
    is counted as it streams; at the limit the app is told the client left (so it stops
    reading) and its answer is replaced by the 413 page.
    """

    def __init__(
        self, app: ASGIApp, max_bytes: int, page: Callable[[Request, int, str], Response]
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.page = page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
        elif self._declared(scope) > self.max_bytes:
            await self.page(Request(scope), 413, TOO_LARGE)(scope, receive, send)
        else:
            await self._counted(scope, receive, send)

    async def _counted(self, scope: Scope, receive: Receive, send: Send) -> None:
        seen, exceeded, started = 0, False, False

        async def counting_receive() -> Message:
            nonlocal seen, exceeded
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                exceeded = True
                return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded and not started:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not exceeded:
                raise
        if exceeded and not started:
            await self.page(Request(scope), 413, TOO_LARGE)(scope, receive, send)

    def _declared(self, scope: Scope) -> int:
        for name, value in scope["headers"]:
            if name == b"content-length":
                return int(value) if value.isdigit() else self.max_bytes + 1
        return 0


async def csrf_protect(request: Request) -> None:
    """Refuse a non-GET request unless it carries the session's CSRF token."""
    if request.method in SAFE_METHODS:
        return
    token = request.headers.get(CSRF_HEADER)
    if token is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        token = value if isinstance(value, str) else None
    expected = request.session.get("csrf")
    if not isinstance(expected, str) or not token or not secrets.compare_digest(token, expected):
        raise HTTPException(status_code=403, detail="Ogiltig eller saknad säkerhetstoken.")


def safe_next(target: str | None) -> str:
    """Only same-site paths are followed after login (no open redirect)."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


def client_address(request: Request, trusted_proxies: tuple[str, ...]) -> str:
    """The client's address: ``X-Forwarded-For`` counts only when the peer is a trusted proxy.

    The rightmost hop not itself a trusted proxy is the client (earlier hops are the
    client's own claim and may be forged).
    """
    peer = request.client.host if request.client else "okand"
    forwarded = request.headers.get("x-forwarded-for")
    if forwarded is None or peer not in trusted_proxies:
        return peer
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    untrusted = [hop for hop in hops if hop not in trusted_proxies]
    return untrusted[-1] if untrusted else peer
