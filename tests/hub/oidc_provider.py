"""A tiny OpenID Connect provider on loopback for login tests (code flow, RS256 ID tokens).

It logs in whoever it is told to (``username``), like a municipality's IdP after the
person authenticated there.
"""

from __future__ import annotations

import base64
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import urlencode

import uvicorn
from fastapi import FastAPI, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "samtal-hub"
CLIENT_SECRET = "provider-secret"


def _rsa_jwk(kid: str) -> tuple[RSAKey, dict[str, Any]]:
    private = RSAKey.generate_key(2048, parameters={"kid": kid})
    return private, dict(private.as_dict(private=False))


@dataclass
class Provider:
    """State of the stand-in OIDC provider: its issuer, user and issued codes."""

    issuer: str
    username: str = "anna.oidc"
    forge: bool = False
    """Sign ID tokens with a key that is not in the published JWKS."""
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.key, self.public = _rsa_jwk("k1")
        self.rogue, _ = _rsa_jwk("k1")

    def id_token(self, client_id: str, nonce: str | None) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": f"sub-{self.username}",
            "aud": client_id,
            "iat": now,
            "exp": now + 300,
            "preferred_username": self.username,
        }
        if nonce:
            claims["nonce"] = nonce
        key = self.rogue if self.forge else self.key
        return jwt.encode({"alg": "RS256", "kid": "k1"}, claims, key)


def make_app(provider: Provider) -> FastAPI:
    app = FastAPI()

    @app.get("/.well-known/openid-configuration")
    def metadata() -> dict[str, Any]:
        return {
            "issuer": provider.issuer,
            "authorization_endpoint": f"{provider.issuer}/authorize",
            "token_endpoint": f"{provider.issuer}/token",
            "jwks_uri": f"{provider.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        }

    @app.get("/jwks")
    def jwks() -> dict[str, Any]:
        return {"keys": [provider.public]}

    @app.get("/authorize")
    def authorize(
        client_id: str, redirect_uri: str, state: str, nonce: str | None = None
    ) -> RedirectResponse:
        if client_id != CLIENT_ID:
            raise HTTPException(400, "unknown client")
        code = secrets.token_urlsafe(16)
        provider.codes[code] = {"nonce": nonce, "redirect_uri": redirect_uri}
        return RedirectResponse(f"{redirect_uri}?{urlencode({'code': code, 'state': state})}")

    @app.post("/token")
    def token(
        request: Request,
        code: Annotated[str, Form()],
        client_id: Annotated[str | None, Form()] = None,
        client_secret: Annotated[str | None, Form()] = None,
    ) -> dict[str, Any]:
        if not _client_ok(request, client_id, client_secret):
            raise HTTPException(401, "bad client")
        grant = provider.codes.pop(code, None)
        if grant is None:
            raise HTTPException(400, "bad code")
        return {
            "access_token": secrets.token_urlsafe(16),
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": provider.id_token(CLIENT_ID, grant["nonce"]),
        }

    return app


def _client_ok(request: Request, client_id: str | None, client_secret: str | None) -> bool:
    header = request.headers.get("authorization", "")
    if header.startswith("Basic "):
        client_id, _, client_secret = base64.b64decode(header[6:]).decode().partition(":")
    return client_id == CLIENT_ID and client_secret == CLIENT_SECRET


@contextmanager
def running_provider(port: int, **kwargs: Any) -> Iterator[Provider]:
    """Serve a provider on 127.0.0.1:port in a thread for the duration of the block."""
    provider = Provider(issuer=f"http://127.0.0.1:{port}", **kwargs)
    server = uvicorn.Server(
        uvicorn.Config(make_app(provider), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("OIDC test provider did not start")
        time.sleep(0.05)
    try:
        yield provider
    finally:
        server.should_exit = True
        thread.join(timeout=5)
