"""The hub's side of fleet commands: ``python -m hub serve-enrolment`` and ``db upgrade --url``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from typer.testing import CliRunner

import hub.__main__ as hub_cli
from hub.migrate import upgrade
from provisioning.enrolment import EnrolmentService
from provisioning.registry import open_registry
from tests.provisioning.harness import TestFleet


def _serve(fleet: TestFleet, db: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    served: dict[str, Any] = {}
    monkeypatch.setattr(hub_cli.uvicorn, "run", lambda app, **kw: served.update(app=app, **kw))
    args = ["serve-enrolment", "--fleet", str(fleet.directory), "--db", db, "--port", "18443"]
    result = CliRunner().invoke(hub_cli.cli, args)
    served["result"] = result
    return served


def test_serves_the_enrolment_app_over_fleet_tls(
    fleet: TestFleet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a migrated database it runs the enrolment app with a fleet-issued server certificate."""
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    upgrade(db)
    served = _serve(fleet, db, monkeypatch)
    assert served["result"].exit_code == 0, served["result"].output
    app: FastAPI = served["app"]
    assert isinstance(app.state.enrolment, EnrolmentService)
    assert served["port"] == 18443
    assert served["ssl_certfile"] == str(fleet.layout.enrolment_cert)
    assert fleet.layout.enrolment_cert.exists()


def test_refuses_an_unmigrated_database(
    fleet: TestFleet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the hub's migrations it exits 1 naming the migrate command and serves nothing."""
    served = _serve(fleet, f"sqlite:///{tmp_path / 'empty.db'}", monkeypatch)
    assert served["result"].exit_code == 1
    assert "python -m hub db upgrade" in served["result"].output
    assert "app" not in served


def test_db_upgrade_by_url_makes_the_registry_usable(tmp_path: Path) -> None:
    """``python -m hub db upgrade --url`` migrates a database named without a hub config."""
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    result = CliRunner().invoke(hub_cli.cli, ["db", "upgrade", "--url", db])
    assert result.exit_code == 0, result.output
    assert open_registry(db).list() == []
