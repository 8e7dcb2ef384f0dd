"""authlib adapter: the municipality's OpenID Connect provider as a login method."""

from __future__ import annotations

from typing import Any

from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.starlette_client import OAuth

from hub.settings import OidcSettings

__all__ = ["OAuthError", "make_oauth"]


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
