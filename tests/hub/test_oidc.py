"""OIDC login against a real (tiny) provider on loopback: code flow with signed ID tokens."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from hub.fake_commands import FakeClaimSender
from hub.services.accounts import create_user
from hub.settings import OidcSettings
from hub.web.app import create_app
from tests.hub.harness import settings_for
from tests.hub.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider, running_provider


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def provider() -> Iterator[Provider]:
    with running_provider(_free_port()) as running:
        yield running


@pytest.fixture
def client(
    tmp_path: Path, web_template: tuple[Path, dict[str, int]], provider: Provider
) -> TestClient:
    for name in ("hub.db", "keys.db", "master.key"):
        shutil.copy(web_template[0] / name, tmp_path / name)
    oidc = OidcSettings(
        metadata_url=f"{provider.issuer}/.well-known/openid-configuration",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
    )
    app = create_app(settings_for(tmp_path, oidc=oidc), claim_sender=FakeClaimSender())
    create_user(
        app.state.hub.sessions, username="anna2", role="handlaggare", oidc_subject="anna.oidc"
    )
    return TestClient(app, follow_redirects=False)


def _oidc_login(client: TestClient) -> Any:
    """Go hub → provider (real HTTP) → hub callback, like a browser would."""
    to_provider = client.get("/login/oidc?next=/notes")
    assert to_provider.status_code in (302, 303, 307)
    back = httpx.get(to_provider.headers["location"], follow_redirects=False)
    callback = httpx.URL(back.headers["location"])
    return client.get(f"{callback.path}?{callback.query.decode()}")


def test_oidc_login_starts_a_session(client: TestClient) -> None:
    """A provider-signed ID token for a known account logs the caseworker in."""
    response = _oidc_login(client)
    assert response.headers["location"] == "/notes"
    assert client.get("/notes").status_code == 200


def test_oidc_user_without_an_account_is_refused(client: TestClient, provider: Provider) -> None:
    """A person the IdP knows but the hub has no account for gets 403."""
    provider.username = "okand.person"
    assert _oidc_login(client).status_code == 403
    assert client.get("/notes").status_code == 303


def test_id_token_signed_with_an_unknown_key_is_refused(
    client: TestClient, provider: Provider
) -> None:
    """An ID token not signed by the provider's published key does not log anyone in."""
    provider.forge = True
    assert _oidc_login(client).status_code == 401
    assert client.get("/notes").status_code == 303
