"""Login limits per user name and per client, forwarded addresses, and the idle timeout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import hub.__main__ as hub_main
from hub.store import audit
from tests.hub.conftest import PASSWORD, Web, csrf_of, make_web

WRONG = "fel-losenord-1"
OFFICE = ("10.1.2.3", 50000)
PROXY = "10.0.0.9"


class FakeClock:
    """Seconds that only move when a test moves them."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def limited(tmp_path: Path, web_template: tuple[Path, dict[str, int]], clock: FakeClock) -> Web:
    return make_web(tmp_path, web_template, clock, trusted_proxies=(PROXY,), login_backoff_s=60)


def try_login(
    client: TestClient, username: str, password: str, forwarded: str | None = None
) -> int:
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    data = {"username": username, "password": password, "csrf_token": csrf_of(client)}
    return client.post("/login", data=data, headers=headers).status_code


def office_client(web: Web, peer: tuple[str, int] = OFFICE) -> TestClient:
    return TestClient(web.app, follow_redirects=False, client=peer)


def login_clients(web: Web) -> list[str]:
    with web.ctx.sessions() as session:
        return [json.loads(e.detail)["klient"] for e in audit.for_target(session, "session")]


def test_flood_on_one_user_does_not_lock_out_a_colleague(limited: Web) -> None:
    """Many wrong passwords for anna leave bertil, from the same address, able to log in."""
    client = office_client(limited)
    for _ in range(limited.settings.login_max_failures * 3):
        try_login(client, "anna", WRONG)
    assert try_login(office_client(limited), "bertil", PASSWORD) == 303


def test_attacked_user_waits_even_with_the_right_password(limited: Web, clock: FakeClock) -> None:
    """After the allowed failures anna's right password is refused until the back-off passes."""
    client = office_client(limited)
    for _ in range(limited.settings.login_max_failures):
        try_login(client, "anna", WRONG)
    assert try_login(client, "anna", PASSWORD) == 429
    clock.now += limited.settings.login_backoff_s + 1
    assert try_login(client, "anna", PASSWORD) == 303


def test_back_off_doubles_with_each_further_failure(limited: Web, clock: FakeClock) -> None:
    """A failure after the first wait makes the next wait twice as long."""
    client = office_client(limited)
    for _ in range(limited.settings.login_max_failures):
        try_login(client, "anna", WRONG)
    clock.now += limited.settings.login_backoff_s + 1
    try_login(client, "anna", WRONG)
    clock.now += limited.settings.login_backoff_s + 1
    assert try_login(client, "anna", PASSWORD) == 429
    clock.now += limited.settings.login_backoff_s
    assert try_login(client, "anna", PASSWORD) == 303


def test_client_trying_many_user_names_is_refused(
    tmp_path: Path, web_template: tuple[Path, dict[str, int]]
) -> None:
    """Past its own higher count, a client is refused for every user name."""
    web = make_web(tmp_path, web_template, login_client_max_failures=8)
    client = office_client(web)
    for number in range(8):
        try_login(client, f"gissning{number}", WRONG)
    assert try_login(client, "bertil", PASSWORD) == 429


def test_spoofed_forwarded_for_is_ignored(limited: Web) -> None:
    """From an untrusted peer X-Forwarded-For neither escapes the limit nor reaches the audit."""
    client = office_client(limited)
    for number in range(limited.settings.login_max_failures):
        try_login(client, "anna", WRONG, forwarded=f"203.0.113.{number}")
    assert try_login(client, "anna", PASSWORD, forwarded="203.0.113.99") == 429
    assert set(login_clients(limited)) == {OFFICE[0]}


def test_forwarded_for_from_a_trusted_proxy_is_honoured(limited: Web) -> None:
    """Behind a configured proxy the client address is the one the proxy forwarded."""
    client = office_client(limited, (PROXY, 40000))
    assert try_login(client, "anna", WRONG, forwarded="203.0.113.7, 198.51.100.4") == 401
    assert login_clients(limited) == ["198.51.100.4"]


def test_idle_session_is_logged_out(limited: Web, clock: FakeClock) -> None:
    """A session unused for longer than the idle time goes to the login page with a notice."""
    client = office_client(limited)
    try_login(client, "anna", PASSWORD)
    clock.now += limited.settings.session_idle_s + 1
    response = client.get("/notes")
    assert response.headers["location"].endswith("&inaktiv=1")
    assert "efter en stunds inaktivitet" in client.get(response.headers["location"]).text


def test_session_in_use_stays_logged_in(limited: Web, clock: FakeClock) -> None:
    """Each request restarts the idle time, so a working caseworker is not logged out."""
    client = office_client(limited)
    try_login(client, "anna", PASSWORD)
    for _ in range(3):
        clock.now += limited.settings.session_idle_s - 1
        assert client.get("/notes").status_code == 200


def test_serve_hands_the_trusted_proxies_to_uvicorn(
    tmp_path: Path, web_template: tuple[Path, dict[str, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``python -m hub serve`` lets uvicorn believe forwarded headers only from the proxies."""
    make_web(tmp_path, web_template)
    config = tmp_path / "hub.toml"
    config.write_text(
        f'[hub]\ndatabase_url = "sqlite:///{tmp_path}/hub.db"\n'
        f'keystore_url = "sqlite:///{tmp_path}/keys.db"\nmaster_key_file = "master.key"\n'
        f'session_secret = "{"s" * 40}"\ntrusted_proxies = ["{PROXY}"]\n'
    )
    seen: dict[str, object] = {}
    monkeypatch.setattr(hub_main.uvicorn, "run", lambda _app, **kwargs: seen.update(kwargs))
    result = CliRunner().invoke(hub_main.cli, ["serve", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert seen["forwarded_allow_ips"] == [PROXY]
    assert seen["proxy_headers"] is True
