"""``python -m hub evidence`` over a seeded hub (real SQLite, real PKI): what it states."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from pathlib import Path

import pytest
from sqlalchemy import update
from typer.testing import CliRunner

from hub.__main__ import cli
from hub.migrate import head_revision
from hub.services.evidence.document import document
from hub.services.evidence.flows import device_boundary
from hub.services.evidence.inventory import TABLES
from hub.services.evidence.pack import EvidencePack, gather
from hub.services.evidence.proofs import CLAIMS, junit_key
from hub.services.evidence.render import HTML_NAME, PDF_NAME, html
from hub.settings import RetentionSettings
from hub.store.db import Base, transaction
from hub.store.keyring import KeyStoreBase
from hub.store.tables import StoredNote
from provisioning import pki
from provisioning.broker import acl_text
from provisioning.registry import NewDevice, Registry
from tests.hub.conftest import Web, make_web, post

RETENTION = RetentionSettings(draft_days=21, approved_days=45, exported_days=9)
NOW = dt.datetime.now(dt.UTC)


def _device(web: Web, device_id: str, days: int) -> None:
    """Register and activate a device with a real certificate valid ``days`` days."""
    root = pki.make_root_ca()
    cert = pki.issue_leaf(
        root, device_id, pki.new_key().public_key(), lifetime=dt.timedelta(days=days)
    )
    registry = Registry(web.ctx.sessions)
    expires = NOW + dt.timedelta(days=1)
    registry.add(
        NewDevice(device_id, device_id.title(), f"Rum {device_id[-1]}", f"t-{device_id}", expires)
    )
    registry.activate(device_id, bytes(32), cert.serial_number, cert.not_valid_after_utc)


def _received(web: Web, pk: int, days_ago: int) -> None:
    with transaction(web.ctx.sessions) as session:
        moment = NOW - dt.timedelta(days=days_ago)
        session.execute(update(StoredNote).where(StoredNote.id == pk).values(received_at=moment))


@pytest.fixture(scope="module")
def seeded(
    tmp_path_factory: pytest.TempPathFactory, web_template: tuple[Path, dict[str, int]]
) -> Web:
    """Anna reads and deletes, Bertil probes her note, Dora reads the log, one note is
    past retention, rum-2's certificate ends in 10 days and rum-3 is revoked (the tests
    only read it, so it is made once)."""
    web = make_web(tmp_path_factory.mktemp("seeded"), web_template, retention=RETENTION)
    kept, gone, old = (web.deliver(m) for m in ("n-1", "n-2", "n-3"))
    _received(web, kept, 1)
    _received(web, old, 40)
    anna = web.client("anna")
    anna.get("/notes")
    anna.get(f"/notes/{kept}")
    post(anna, f"/notes/{gone}/delete", {"bekrafta": "ja"})
    anna.get("/audit")  # 403, refused
    web.client("bertil").get(f"/notes/{kept}")  # 404, refused
    web.client("dora").get("/audit")
    _device(web, "rum-2", 10)
    _device(web, "rum-3", 365)
    Registry(web.ctx.sessions).revoke("rum-3")
    return web


def _junit(path: Path, *, fail: str | None = None) -> Path:
    """A JUnit XML in which every claimed test passed, except ``fail``."""
    cases = []
    for node_id in {t for c in CLAIMS for t in c.tests}:
        classname, name = junit_key(node_id)
        inner = "<failure>boom</failure>" if node_id == fail else ""
        cases.append(f'<testcase classname="{classname}" name="{name}">{inner}</testcase>')
    path.write_text(f"<testsuites><testsuite>{''.join(cases)}</testsuite></testsuites>")
    return path


def _pack(web: Web, junit: Path) -> EvidencePack:
    return gather(web.settings, junit=junit, head_revision=head_revision(), now=NOW)


def _text(web: Web, junit: Path) -> str:
    page = html(document(_pack(web, junit)))
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_document_names_the_configured_retention_days(seeded: Web, tmp_path: Path) -> None:
    """The HTML states each retention period as configured, not the defaults."""
    text = _text(seeded, _junit(tmp_path / "j.xml"))
    assert "raderas 21 dagar efter att de kom in" in text
    assert "raderas 45 dagar efter godkännandet" in text
    assert "raderas 9 dagar efter första exporten" in text


def test_document_names_every_role(seeded: Web, tmp_path: Path) -> None:
    """Each role appears with its Swedish name and the pages it may reach."""
    text = _text(seeded, _junit(tmp_path / "j.xml"))
    for title in ("Handläggare (handlaggare)", "IT-administratör", "Dataskyddsombud"):
        assert title in text
    assert "GET /audit Hela loggboken" in text


def test_accesses_are_counted_per_role(seeded: Web, tmp_path: Path) -> None:
    """Reads and refusals of the seeded hub are counted per role, as numbers only."""
    roles = {r.role: r for r in _pack(seeded, _junit(tmp_path / "j.xml")).state.roles}
    caseworkers = dict(roles["handlaggare"].by_action)
    assert caseworkers["Läste anteckning"] == 1
    assert caseworkers["Raderade anteckning"] == 1
    assert roles["handlaggare"].refused == 2
    assert dict(roles["dataskyddsombud"].by_action)["Läste loggboken"] == 1
    assert roles["it_admin"].total == 0


def test_refusals_retention_and_shredding_are_counted(seeded: Web, tmp_path: Path) -> None:
    """Two refusals, one note past retention and one shredded note are reported."""
    state = _pack(seeded, _junit(tmp_path / "j.xml")).state
    assert state.refused == 2
    assert state.past_retention == 1
    assert state.shredded == 1
    assert state.chain.ok


def test_revoked_devices_and_expiring_certificates_are_listed(seeded: Web, tmp_path: Path) -> None:
    """rum-3 is listed as revoked and rum-2's ten-day certificate as expiring."""
    state = _pack(seeded, _junit(tmp_path / "j.xml")).state
    assert [d.device_id for d in state.revoked] == ["rum-3"]
    assert [d.device_id for d in state.expiring] == ["rum-2"]


def test_inventory_lists_the_live_tables_and_revision(seeded: Web, tmp_path: Path) -> None:
    """The tables found in both databases and the alembic revision are stated."""
    inventory = _pack(seeded, _junit(tmp_path / "j.xml")).inventory
    assert {"hub_notes", "hub_audit", "devices"} <= {t.name for t in inventory.notes.tables}
    assert [t.name for t in inventory.keystore.tables] == ["subject_keys"]
    assert inventory.revision == head_revision()


def test_a_failed_test_shows_its_claim_as_not_proven(seeded: Web, tmp_path: Path) -> None:
    """A claim whose test failed in the given run reads INTE BEVISAT with the failed test."""
    failed = CLAIMS[7].tests[0]
    text = _text(seeded, _junit(tmp_path / "j.xml", fail=failed))
    assert f"{failed}: underkänt" in text
    assert text.count("INTE BEVISAT") == 1
    assert f"{len(CLAIMS) - 1} av {len(CLAIMS)} påståenden bevisade" in text


def _config(web: Web, tmp_path: Path) -> Path:
    path = tmp_path / "hub.toml"
    path.write_text(
        f'[hub]\ndatabase_url = "{web.settings.database_url}"\n'
        f'keystore_url = "{web.settings.keystore_url}"\nmaster_key_file = "master.key"\n'
        f'session_secret = "{"s" * 40}"\n[hub.retention]\ndraft_days = 21\n'
    )
    return path


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["evidence", *args])
    return result.exit_code, result.stdout + result.stderr


def test_command_writes_html_and_pdf(seeded: Web, tmp_path: Path) -> None:
    """``evidence`` writes both files and says how many claims are proven."""
    config, junit = _config(seeded, tmp_path), _junit(tmp_path / "j.xml")
    code, out = _run("--config", str(config), "--out", str(tmp_path / "ut"), "--junit", str(junit))
    assert code == 0, out
    assert f"{len(CLAIMS)} of {len(CLAIMS)} claims proven" in out
    pdf = (tmp_path / "ut" / PDF_NAME).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert b"DejaVuSans" in pdf
    assert b"Helvetica" not in pdf
    assert "21 dagar" in (tmp_path / "ut" / HTML_NAME).read_text("utf-8")


def test_missing_config_exits_2(tmp_path: Path) -> None:
    """A configuration file that is not there is refused with status 2."""
    code, out = _run("--config", str(tmp_path / "nope.toml"), "--out", str(tmp_path / "ut"))
    assert code == 2
    assert "nope.toml" in out


def test_unreadable_junit_exits_2_and_writes_nothing(seeded: Web, tmp_path: Path) -> None:
    """Without a readable JUnit XML the command exits 2 and leaves no output folder."""
    config = _config(seeded, tmp_path)
    code, out = _run("--config", str(config), "--out", str(tmp_path / "ut"), "--junit", "x.xml")
    assert code == 2
    assert "make test" in out
    assert not (tmp_path / "ut").exists()


def test_unwritable_out_dir_exits_2(seeded: Web, tmp_path: Path) -> None:
    """An output path that cannot be a folder is refused with status 2, naming it."""
    config, junit = _config(seeded, tmp_path), _junit(tmp_path / "j.xml")
    blocker = tmp_path / "fil"
    blocker.write_text("ingen mapp")
    code, out = _run("--config", str(config), "--out", str(blocker / "ut"), "--junit", str(junit))
    assert code == 2
    assert str(blocker) in out


def test_missing_database_exits_2_and_creates_none(tmp_path: Path) -> None:
    """A configured SQLite database that does not exist is refused, not created empty."""
    config = tmp_path / "hub.toml"
    config.write_text(
        f'[hub]\ndatabase_url = "sqlite:///{tmp_path}/saknas.db"\n'
        f'keystore_url = "sqlite:///{tmp_path}/keys.db"\nmaster_key_file = "master.key"\n'
        f'session_secret = "{"s" * 40}"\n'
    )
    junit = _junit(tmp_path / "j.xml")
    code, out = _run("--config", str(config), "--out", str(tmp_path / "ut"), "--junit", str(junit))
    assert code == 2
    assert "python -m hub init" in out
    assert not (tmp_path / "saknas.db").exists()


def test_every_table_has_a_swedish_description() -> None:
    """Each table the hub or its key store declares is described in the inventory."""
    declared = set(Base.metadata.tables) | set(KeyStoreBase.metadata.tables)
    assert sorted(declared - set(TABLES)) == []


def test_device_boundary_is_read_from_the_broker_acl() -> None:
    """The device's topics are the ACL's patterns; the note topic carries note and transcript."""
    flows = device_boundary().flows
    patterns = [
        line.split()[2] for line in acl_text(("hub-1",)).splitlines() if line.startswith("pattern ")
    ]
    assert [f.topic for f in flows] == [p.replace("%u", "<enhet>") for p in patterns]
    assert flows[0].carries == ("note", "transcript")
    assert all("audio" not in field for flow in flows for field in flow.carries)
