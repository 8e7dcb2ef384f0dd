"""``python -m hub``: init, create-user, audit verify, shred-subject, retention."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from hub.__main__ import cli
from hub.store import audit
from hub.store.db import make_engine, session_factory, transaction
from hub.store.keyring import Keyring, load_master_key
from hub.store.notes import NoteStore, NoteUnavailableError
from hub.store.tables import AuditEntry, StoredNote, User
from tests.hub.harness import sample_payload

CONFIG = """
[hub]
database_url = "sqlite:///{d}/hub.db"
keystore_url = "sqlite:///{d}/keys.db"
master_key_file = "master.key"
session_secret = "{secret}"
[hub.retention]
draft_days = 30
exported_days = 14
approved_days = 30
"""


@dataclass(frozen=True)
class Result:
    """What one CLI run returned and printed."""

    returncode: int
    stdout: str
    stderr: str


def hub_cli(config: Path, *args: str, stdin: str = "") -> Result:
    """Run the CLI in-process (same entry point as ``python -m hub``)."""
    result = CliRunner().invoke(cli, [*args, "--config", str(config)], input=stdin)
    return Result(result.exit_code, result.stdout, result.stderr)


def test_python_m_hub_runs_as_a_program(config: Path) -> None:
    """The module entry point works as a real process (audit verify on a fresh hub)."""
    result = subprocess.run(
        [sys.executable, "-m", "hub", "audit", "verify", "--config", str(config)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "intact: 0 entries" in result.stdout


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "hub.toml"
    path.write_text(CONFIG.format(d=tmp_path, secret="s" * 40))
    assert hub_cli(path, "init").returncode == 0
    return path


def _store(config: Path) -> NoteStore:
    d = config.parent
    keyring = Keyring(
        load_master_key(d / "master.key"), session_factory(make_engine(f"sqlite:///{d}/keys.db"))
    )
    return NoteStore(session_factory(make_engine(f"sqlite:///{d}/hub.db")), keyring)


def _sessions(config: Path) -> sessionmaker[Session]:
    return session_factory(make_engine(f"sqlite:///{config.parent}/hub.db"))


def test_create_user_with_password_from_stdin(config: Path) -> None:
    """create-user stores an argon2id hash, never the password."""
    result = hub_cli(
        config,
        "create-user",
        "anna",
        "--role",
        "handlaggare",
        "--password-stdin",
        stdin="ett-langt-losenord\n",
    )
    assert result.returncode == 0, result.stderr
    with _sessions(config)() as session:
        user = session.scalars(select(User)).one()
    assert user.password_hash is not None
    assert user.password_hash.startswith("$argon2id$")


def test_create_user_refuses_a_short_password(config: Path) -> None:
    """A too-short password is refused with a clear message and no account."""
    result = hub_cli(
        config, "create-user", "anna", "--role", "handlaggare", "--password-stdin", stdin="kort\n"
    )
    assert result.returncode == 1
    assert "at least 12 characters" in result.stderr


def test_create_user_refuses_an_unknown_role(config: Path) -> None:
    """Roles are handlaggare, it_admin or dataskyddsombud."""
    result = hub_cli(config, "create-user", "x", "--role", "chef", "--oidc", "x")
    assert result.returncode == 1
    assert "role 'chef'" in result.stderr


def test_audit_verify_passes_on_an_intact_chain(config: Path) -> None:
    """``audit verify`` exits 0 and counts the entries."""
    _store(config).accept_note(
        device_id="rum-1",
        meeting_id="n-1",
        payload=sample_payload("n-1"),
        received_at=datetime.now(UTC),
    )
    result = hub_cli(config, "audit", "verify")
    assert result.returncode == 0
    assert "intact: 1 entries" in result.stdout


def test_audit_verify_fails_on_tampering(config: Path) -> None:
    """``audit verify`` exits 1 and names the altered entry."""
    _store(config).accept_note(
        device_id="rum-1",
        meeting_id="n-1",
        payload=sample_payload("n-1"),
        received_at=datetime.now(UTC),
    )
    with transaction(_sessions(config)) as session:
        session.execute(update(AuditEntry).values(actor="nagon-annan"))
    result = hub_cli(config, "audit", "verify")
    assert result.returncode == 1
    assert "entry 1 was altered" in result.stderr


def test_shred_subject_makes_notes_unreadable_and_keeps_audit(config: Path) -> None:
    """After shred-subject the note cannot be decrypted, and its audit rows remain."""
    store = _store(config)
    store.accept_note(
        device_id="rum-1",
        meeting_id="n-1",
        payload=sample_payload("n-1"),
        received_at=datetime.now(UTC),
    )
    with _sessions(config)() as session:
        row = session.scalars(select(StoredNote)).one()
    assert hub_cli(config, "shred-subject", row.subject_id).returncode == 0
    with _sessions(config)() as session:
        fresh = session.get(StoredNote, row.id)
        assert fresh is not None
        with pytest.raises(NoteUnavailableError):
            store.load(fresh)
        assert [e.action for e in audit.for_target(session, f"note:{row.id}")] == ["ingest"]
        assert audit.for_target(session, f"subject:{row.subject_id}")[0].action == "shred"
    assert hub_cli(config, "audit", "verify").returncode == 0


def test_retention_shreds_old_drafts_only(config: Path) -> None:
    """A draft older than draft_days is shredded; a fresh one is kept."""
    store = _store(config)
    now = datetime.now(UTC)
    store.accept_note(
        device_id="rum-1",
        meeting_id="old",
        payload=sample_payload("old"),
        received_at=now - timedelta(days=31),
    )
    store.accept_note(
        device_id="rum-1",
        meeting_id="new",
        payload=sample_payload("new"),
        received_at=now - timedelta(days=1),
    )
    result = hub_cli(config, "retention")
    assert "shredded 1 notes: 1 drafts" in result.stdout
    with _sessions(config)() as session:
        status = dict(session.execute(select(StoredNote.meeting_id, StoredNote.status)).all())
    assert status == {"old": "raderad", "new": "utkast"}


def test_shred_case_shreds_every_note_of_the_case_only(config: Path) -> None:
    """shred-case makes the case's notes unreadable, leaves other notes, keeps audit rows."""
    store = _store(config)
    for meeting_id in ("a", "b", "c"):
        store.accept_note(
            device_id="rum-1",
            meeting_id=meeting_id,
            payload=sample_payload(meeting_id),
            received_at=datetime.now(UTC),
        )
    with transaction(_sessions(config)) as session:
        for row in session.scalars(select(StoredNote).where(StoredNote.meeting_id != "c")):
            store.link_case(row, store.load(row), "SN 2026/7")
    result = hub_cli(config, "shred-case", "SN 2026/7")
    assert "shredded 2 notes" in result.stdout
    with _sessions(config)() as session:
        rows = {r.meeting_id: r for r in session.scalars(select(StoredNote))}
        for meeting_id in ("a", "b"):
            with pytest.raises(NoteUnavailableError):
                store.load(rows[meeting_id])
            actions = [e.action for e in audit.for_target(session, f"note:{rows[meeting_id].id}")]
            assert actions == ["ingest", "shred"]
        assert store.load(rows["c"]).draft.meeting_id == "c"
