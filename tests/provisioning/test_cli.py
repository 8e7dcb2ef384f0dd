"""The IT command line, run in-process through typer's test runner."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import inspect
from typer.testing import CliRunner, Result

from hub.migrate import upgrade
from hub.store.db import make_engine, session_factory
from provisioning import pki
from provisioning.__main__ import app
from provisioning.errors import PkiError
from provisioning.layout import FleetLayout
from provisioning.registry import Registry
from wire.signed_config import SignedConfig, verify_config

PASSPHRASE = "a long passphrase"


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("SAMTAL_FLEET", str(tmp_path / "fleet"))
    monkeypatch.setenv("SAMTAL_HUB_DB", f"sqlite:///{tmp_path / 'hub.db'}")
    monkeypatch.setenv("SAMTAL_ROOT_PASSPHRASE", PASSPHRASE)
    upgrade(f"sqlite:///{tmp_path / 'hub.db'}")  # the hub's migrations, run before IT's tools
    runner = CliRunner()
    assert _run(runner, "init", "--hub-url", "https://hub.test").exit_code == 0
    return runner


def _run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(app, list(args))


def _registry(tmp_path: Path) -> Registry:
    return Registry(session_factory(make_engine(f"sqlite:///{tmp_path / 'hub.db'}")))


@pytest.mark.usefixtures("cli")
def test_init_protects_root_key_with_passphrase(tmp_path: Path) -> None:
    """The root CA key opens with the passphrase and not without it."""
    layout = FleetLayout(tmp_path / "fleet")
    pki.load_key(layout.root_ca_key, PASSPHRASE.encode())
    with pytest.raises(PkiError):
        pki.load_key(layout.root_ca_key, None)


def test_init_refuses_to_overwrite_a_fleet(cli: CliRunner) -> None:
    """A second init on the same directory fails and keeps the CA."""
    result = _run(cli, "init")
    assert result.exit_code != 0


def test_enroll_writes_bundle_and_pending_device(cli: CliRunner, tmp_path: Path) -> None:
    """``enroll`` registers a pending device and writes its bundle zip."""
    result = _run(cli, "enroll", "rum-1", "--room", "Ekorren")
    assert result.exit_code == 0, result.output
    record = _registry(tmp_path).get("rum-1")
    assert record is not None
    assert (record.status, record.room) == ("pending", "Ekorren")
    assert (tmp_path / "fleet" / "bundles" / "rum-1.zip").exists()


def test_token_is_stored_only_hashed(cli: CliRunner, tmp_path: Path) -> None:
    """The clear token is in the bundle but nowhere in the hub database file."""
    _run(cli, "enroll", "rum-1", "--room", "Ekorren")
    with zipfile.ZipFile(tmp_path / "fleet" / "bundles" / "rum-1.zip") as archive:
        manifest = archive.read("enrolment.json").decode()
    token = manifest.split('"token": "')[1].split('"')[0]
    assert len(token) >= 40
    database = b"".join(p.read_bytes() for p in tmp_path.glob("hub.db*"))
    assert token.encode() not in database


def test_enroll_rejects_bad_room(cli: CliRunner, tmp_path: Path) -> None:
    """A room label with markup is refused and nothing is registered."""
    result = _run(cli, "enroll", "rum-1", "--room", "<b>x</b>")
    assert result.exit_code == 1
    assert _registry(tmp_path).get("rum-1") is None


def test_bulk_enroll_refuses_file_with_bad_row(cli: CliRunner, tmp_path: Path) -> None:
    """One bad row stops the run: the error names the line and no device is enrolled."""
    csv = tmp_path / "devices.csv"
    csv.write_text("name,room\nrum-1,Ekorren\nrum-1,Björken\n", encoding="utf-8")
    result = _run(cli, "bulk-enroll", str(csv))
    assert result.exit_code == 1
    assert "line 3" in result.output
    assert _registry(tmp_path).list() == []


def test_bulk_enroll_enrols_every_good_row(cli: CliRunner, tmp_path: Path) -> None:
    """A clean file enrols all its devices."""
    csv = tmp_path / "devices.csv"
    csv.write_text("name,room\nrum-1,Ekorren\nrum-2,Björken\n", encoding="utf-8")
    assert _run(cli, "bulk-enroll", str(csv)).exit_code == 0
    assert [r.device_id for r in _registry(tmp_path).list()] == ["rum-1", "rum-2"]


def test_revoke_marks_device_revoked(cli: CliRunner, tmp_path: Path) -> None:
    """``revoke`` through the CLI marks the device revoked in the registry."""
    _run(cli, "enroll", "rum-1", "--room", "Ekorren")
    assert _run(cli, "revoke", "rum-1").exit_code == 0
    record = _registry(tmp_path).get("rum-1")
    assert record is not None
    assert record.status == "revoked"


def test_revoke_unknown_device_fails_clearly(cli: CliRunner) -> None:
    """Revoking a device that does not exist exits non-zero naming it."""
    result = _run(cli, "revoke", "rum-9")
    assert result.exit_code == 1
    assert "rum-9" in result.output


def test_broker_config_has_identity_settings(cli: CliRunner, tmp_path: Path) -> None:
    """broker-config writes a mosquitto.conf with certificate identities and the CRL."""
    assert _run(cli, "broker-config", "--port", "18883").exit_code == 0
    conf = (tmp_path / "fleet" / "broker" / "mosquitto.conf").read_text()
    for line in ("use_identity_as_username true", "use_username_as_clientid true", "crlfile "):
        assert line in conf


def test_stickers_pdf_is_written(cli: CliRunner, tmp_path: Path) -> None:
    """``stickers`` writes a PDF when asked for one."""
    _run(cli, "enroll", "rum-1", "--room", "Ekorren")
    out = tmp_path / "stickers.pdf"
    assert _run(cli, "stickers", "--out", str(out)).exit_code == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_rotate_broker_issues_new_server_certificate(cli: CliRunner, tmp_path: Path) -> None:
    """``rotate broker`` replaces the broker's certificate with a new serial."""
    layout = FleetLayout(tmp_path / "fleet")
    before = pki.load_cert(layout.broker_cert).serial_number
    assert _run(cli, "rotate", "broker").exit_code == 0
    assert pki.load_cert(layout.broker_cert).serial_number != before


def test_sign_config_writes_verifiable_document(cli: CliRunner, tmp_path: Path) -> None:
    """sign-config output verifies against the fleet's config public key."""
    source, out = tmp_path / "settings.json", tmp_path / "signed.json"
    source.write_text('{"heartbeat_s": 30}', encoding="utf-8")
    assert _run(cli, "sign-config", str(source), "--serial", "3", "--out", str(out)).exit_code == 0
    public = FleetLayout(tmp_path / "fleet").config_signing_public_key.read_bytes()
    signed = SignedConfig.from_dict(json.loads(out.read_text()))
    assert verify_config(signed, public) == {"heartbeat_s": 30}


def test_cli_refuses_an_unmigrated_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the registry tables in the hub database the CLI exits 1 naming the migration."""
    monkeypatch.setenv("SAMTAL_FLEET", str(tmp_path / "fleet"))
    monkeypatch.setenv("SAMTAL_HUB_DB", f"sqlite:///{tmp_path / 'empty.db'}")
    monkeypatch.setenv("SAMTAL_ROOT_PASSPHRASE", PASSPHRASE)
    runner = CliRunner()
    assert _run(runner, "init").exit_code == 0
    result = _run(runner, "enroll", "rum-1", "--room", "Ekorren")
    assert result.exit_code == 1
    assert "python -m hub db upgrade" in " ".join(result.output.split())


def test_cli_does_not_migrate_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Listing devices on an unmigrated database leaves it without any hub tables."""
    monkeypatch.setenv("SAMTAL_FLEET", str(tmp_path / "fleet"))
    monkeypatch.setenv("SAMTAL_HUB_DB", f"sqlite:///{tmp_path / 'empty.db'}")
    assert _run(CliRunner(), "list").exit_code == 1
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    assert inspect(engine).get_table_names() == []


def test_cli_has_no_serve_enrolment_command(cli: CliRunner) -> None:
    """The IT command line does not serve the hub's enrolment endpoint (the hub's CLI does)."""
    assert _run(cli, "serve-enrolment").exit_code == 2
