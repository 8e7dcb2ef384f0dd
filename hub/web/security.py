"""Security headers on every response, CSRF checks on every state-changing request, and
the client address as seen through trusted proxies only."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable

from fastapi import HTTPException, Request, Response

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


async def security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.app.state.hub.settings.secure_cookies:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


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
