"""authlib adapter: the municipality's OpenID Connect provider as a login method."""

from __future__ import annotations

from typing import Any

from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.starlette_client import OAuth
from joserfc.errors import JoseError
from starlette.requests import Request

from hub.errors import HubError
from hub.settings import OidcSettings


class OidcLoginError(HubError):
    """The provider's answer did not prove who logged in; the message is for the log."""


def make_oauth(settings: OidcSettings) -> Any:
    """An authlib registry with one client, ``oidc``, validating ID tokens by discovery."""
    oauth = OAuth()
    oauth.register(
        "oidc",
        server_metadata_url=settings.metadata_url,
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        client_kwargs={"scope": "openid profile email"},
    )
    return oauth


async def identity(oauth: Any, request: Request, claim: str) -> str:
    """Finish the code flow and return the verified ID token's ``claim`` value."""
    try:
        token = await oauth.oidc.authorize_access_token(request)
    except OAuthError as exc:
        msg = f"provider refused: {exc.description or exc.error}"
        raise OidcLoginError(msg) from exc
    except JoseError as exc:
        msg = f"ID token failed verification: {exc}"
        raise OidcLoginError(msg) from exc
    claims = token.get("userinfo") or {}
    value = claims.get(claim)
    if not value:
        msg = f"ID token has no {claim!r} claim"
        raise OidcLoginError(msg)
    return str(value)
