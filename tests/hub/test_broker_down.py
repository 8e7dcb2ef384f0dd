"""The hub web app serves while the broker is down; claims wait for the connection."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner

import hub.__main__ as hub_main
from hub.commands import CommandPublisher
from hub.services.claims import OFFLINE
from hub.store.tables import Claim
from hub.web.app import create_app
from tests.hub.conftest import Web, login, post
from tests.hub.stack import hub_mqtt
from tests.provisioning.harness import (
    RunningBroker,
    TestFleet,
    free_port,
    make_test_fleet,
    running_mosquitto,
)

CLAIM = {"minutes": "30", "informerad": "ja"}


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> TestFleet:
    return make_test_fleet(tmp_path_factory.mktemp("fleet"), hubs=("hub-1",))


@pytest.fixture
def down(fleet: TestFleet) -> Iterator[CommandPublisher]:
    """A claim sender aimed at a port where no broker listens."""
    nowhere = RunningBroker(fleet, fleet.broker_settings.host, free_port())
    publisher = CommandPublisher.start(hub_mqtt(fleet, nowhere, "hub-1"))
    yield publisher
    publisher.close()


def _app(web: Web, sender: CommandPublisher) -> FastAPI:
    return create_app(web.settings, claim_sender=sender)


def _claims(app: FastAPI) -> int:
    with app.state.hub.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(Claim)) or 0)


def test_serve_starts_and_serves_login_without_a_broker(
    web: Web, fleet: TestFleet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``hub serve`` with an unreachable broker hands uvicorn an app that serves /login."""
    certs = fleet.hubs["hub-1"]
    config = tmp_path / "hub.toml"
    settings = web.settings
    config.write_text(
        f'[hub]\ndatabase_url = "{settings.database_url}"\n'
        f'keystore_url = "{settings.keystore_url}"\n'
        f'master_key_file = "{settings.master_key_file}"\n'
        f'session_secret = "{settings.session_secret}"\n'
        f'[mqtt]\nclient_id = "hub-1"\nbroker_host = "{fleet.broker_settings.host}"\n'
        f'broker_port = {free_port()}\nca_file = "{fleet.ca_cert}"\n'
        f'cert_file = "{certs.cert}"\nkey_file = "{certs.key}"\n'
    )
    served: list[FastAPI] = []
    senders: list[Any] = []

    def build(settings: Any, *, claim_sender: Any) -> FastAPI:
        senders.append(claim_sender)
        return create_app(settings, claim_sender=claim_sender)

    monkeypatch.setattr(hub_main, "create_app", build)
    monkeypatch.setattr(hub_main.uvicorn, "run", lambda app, **_: served.append(app))
    result = CliRunner().invoke(hub_main.cli, ["serve", "--config", str(config)])
    assert result.exit_code == 0, result.output
    [app], [sender] = served, senders
    try:
        assert TestClient(app).get("/login").status_code == 200
        assert app.state.hub.claims.connection().connected is False
    finally:
        sender.close()  # its loop thread would otherwise keep retrying


def test_a_claim_while_disconnected_is_refused_in_swedish(web: Web, down: CommandPublisher) -> None:
    """While the broker is down a claim gets the Swedish message and stores nothing."""
    app = _app(web, down)
    client = TestClient(app, follow_redirects=False)
    login(client, "anna")
    response = post(client, "/claim/rum-1", CLAIM)
    assert response.status_code == 422
    assert OFFLINE in response.text
    assert _claims(app) == 0


def test_fleet_page_shows_the_hub_is_not_connected(web: Web, down: CommandPublisher) -> None:
    """The IT fleet page says the hub is not connected to the devices."""
    client = TestClient(_app(web, down), follow_redirects=False)
    login(client, "ivar")
    page = client.get("/admin/fleet").text
    assert "inte ansluten sedan" in page


def test_fleet_page_says_when_mqtt_is_not_configured(web: Web) -> None:
    """Without an [mqtt] section the fleet page says claims are refused."""
    client = TestClient(create_app(web.settings), follow_redirects=False)
    login(client, "ivar")
    assert "ingen MQTT-anslutning är konfigurerad" in client.get("/admin/fleet").text


@pytest.mark.slow
def test_sender_connects_when_the_broker_comes_up(web: Web, fleet: TestFleet) -> None:
    """A sender started before the broker connects once it is up, and claims go through."""
    port = free_port()
    later = RunningBroker(fleet, fleet.broker_settings.host, port)
    publisher = CommandPublisher.start(hub_mqtt(fleet, later, "hub-1"), retry_max_s=2)
    try:
        app = _app(web, publisher)
        client = TestClient(app, follow_redirects=False)
        login(client, "anna")
        assert post(client, "/claim/rum-1", CLAIM).status_code == 422
        with running_mosquitto(fleet, port=port):
            assert publisher.wait_connected(30)
            assert post(client, "/claim/rum-1", CLAIM).status_code == 303
            assert _claims(app) == 1
            login(client, "ivar")
            assert "ansluten sedan" in client.get("/admin/fleet").text
            assert "inte ansluten" not in client.get("/admin/fleet").text
    finally:
        publisher.close()
