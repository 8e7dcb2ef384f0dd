"""``python -m hub``: serve the web app and the enrolment endpoint, manage accounts, run
retention, verify the audit log, migrate the database."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from hub import bootstrap, config
from hub.commands import CommandPublisher
from hub.enrolment import create_enrolment_app
from hub.errors import HubError
from hub.migrate import head_revision, upgrade
from hub.services import retention
from hub.services.accounts import AccountError, create_user, set_unit
from hub.services.evidence import document, render
from hub.services.evidence.pack import gather
from hub.services.evidence.proofs import DEFAULT_JUNIT
from hub.settings import HubSettings
from hub.store import audit
from hub.store.db import make_engine, session_factory
from hub.store.keyring import Keyring, load_master_key
from hub.store.notes import NoteStore
from hub.web.app import create_app
from provisioning.authority import FleetAuthority
from provisioning.enrolment import EnrolmentService
from provisioning.errors import ProvisioningError
from provisioning.layout import FleetLayout
from provisioning.registry import open_registry

cli = typer.Typer(help="Samtal hub.", no_args_is_help=True)
audit_cli = typer.Typer(help="The audit log.", no_args_is_help=True)
db_cli = typer.Typer(help="The note database.", no_args_is_help=True)
cli.add_typer(audit_cli, name="audit")
cli.add_typer(db_cli, name="db")

ConfigOption = Annotated[
    Path,
    typer.Option("--config", "-c", envvar="SAMTAL_HUB_CONFIG", help="Hub TOML configuration."),
]
DEFAULT_CONFIG = Path("/etc/samtal/hub.toml")
FleetOption = Annotated[
    Path, typer.Option("--fleet", envvar="SAMTAL_FLEET", help="Fleet directory (its CA issues)")
]
DatabaseOption = Annotated[
    str,
    typer.Option("--db", envvar="SAMTAL_HUB_DB", help="Hub database URL (default: <fleet>/hub.db)"),
]


def _settings(path: Path) -> HubSettings:
    try:
        return config.load(path)[0]
    except config.ConfigError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc


def _store(settings: HubSettings) -> tuple[NoteStore, Keyring]:
    keyring = Keyring(
        load_master_key(settings.master_key_file),
        session_factory(make_engine(settings.keystore_url)),
    )
    return NoteStore(session_factory(make_engine(settings.database_url)), keyring), keyring


def _cli_actor() -> str:
    return f"cli:{os.environ.get('USER', 'okand')}"


@cli.command()
def init(config_path: ConfigOption = DEFAULT_CONFIG) -> None:
    """Create the master key (if absent), migrate the database, create the key store."""
    bootstrap.init(_settings(config_path))
    typer.echo("hub initialised")


@cli.command()
def serve(
    config_path: ConfigOption = DEFAULT_CONFIG,
    host: str = "127.0.0.1",
    port: int = 8080,
) -> None:
    """Run the web app (behind a TLS-terminating reverse proxy)."""
    settings, mqtt = config.load(config_path)
    sender = CommandPublisher.start(mqtt) if mqtt else None  # connects in the background
    if sender is None:
        typer.echo("no [mqtt] section: room claims are refused until it is configured", err=True)
    uvicorn.run(
        create_app(settings, claim_sender=sender),
        host=host,
        port=port,
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=list(settings.trusted_proxies),
    )


@cli.command("serve-enrolment")
def serve_enrolment(
    fleet: FleetOption = Path("fleet"),
    db: DatabaseOption = "",
    host: str = "127.0.0.1",
    port: int = 8443,
) -> None:
    """Serve the device enrolment endpoint over HTTPS with a fleet-issued certificate."""
    layout = FleetLayout(fleet)
    try:
        authority = FleetAuthority(layout)
        if not layout.enrolment_cert.exists():
            authority.issue_server(host, layout.enrolment_cert, layout.enrolment_key)
        service = EnrolmentService(authority, open_registry(db or layout.default_database_url))
    except ProvisioningError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    uvicorn.run(
        create_enrolment_app(service),
        host=host,
        port=port,
        ssl_certfile=str(layout.enrolment_cert),
        ssl_keyfile=str(layout.enrolment_key),
    )


@cli.command("create-user")
def create_user_command(
    username: str,
    *,
    role: Annotated[str, typer.Option(help="handlaggare, it_admin, dataskyddsombud or enhetschef")],
    name: Annotated[str | None, typer.Option(help="Display name")] = None,
    oidc: Annotated[str | None, typer.Option(help="OIDC username claim value")] = None,
    unit: Annotated[str | None, typer.Option(help="Organisational unit (enhet)")] = None,
    password_stdin: Annotated[bool, typer.Option(help="Read the password from stdin")] = False,
    config_path: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Create an account with a password (prompted or from stdin) and/or an OIDC login."""
    settings = _settings(config_path)
    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif oidc is None:
        password = typer.prompt("Lösenord", hide_input=True, confirmation_prompt=True)
    sessions = session_factory(make_engine(settings.database_url))
    try:
        user = create_user(
            sessions,
            username=username,
            role=role,
            display_name=name,
            password=password,
            oidc_subject=oidc,
            unit=unit,
        )
    except AccountError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"created {user.username} ({user.role})")


@cli.command("set-unit")
def set_unit_command(
    username: str,
    unit: Annotated[str, typer.Argument(help="Organisational unit; empty for none")],
    config_path: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Put an account in an organisational unit (enhet) for the effect measures."""
    sessions = session_factory(make_engine(_settings(config_path).database_url))
    try:
        set_unit(sessions, username, unit)
    except AccountError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"{username}: {unit.strip() or 'no unit'}")


@cli.command("retention")
def retention_command(config_path: ConfigOption = DEFAULT_CONFIG) -> None:
    """Crypto-shred notes past their retention deadline (run from a timer)."""
    settings = _settings(config_path)
    store, _ = _store(settings)
    sessions = session_factory(make_engine(settings.database_url))
    report = retention.run(sessions, store, settings.retention, datetime.now(UTC))
    typer.echo(
        f"shredded {report.total} notes: {report.drafts} drafts, "
        f"{report.approved} approved, {report.exported} exported"
    )


@cli.command("shred-subject")
def shred_subject(subject_id: str, config_path: ConfigOption = DEFAULT_CONFIG) -> None:
    """Delete one subject key: all its notes become unreadable, also in backups."""
    settings = _settings(config_path)
    store, _ = _store(settings)
    sessions = session_factory(make_engine(settings.database_url))
    count = retention.shred_subject(sessions, store, subject_id, actor=_cli_actor())
    typer.echo(f"shredded subject {subject_id}: {count} notes")


@cli.command("shred-case")
def shred_case(case_ref: str, config_path: ConfigOption = DEFAULT_CONFIG) -> None:
    """Crypto-shred every note linked to a case number (ärendenummer)."""
    settings = _settings(config_path)
    store, _ = _store(settings)
    sessions = session_factory(make_engine(settings.database_url))
    count = retention.shred_case(sessions, store, case_ref, actor=_cli_actor())
    typer.echo(f"shredded {count} notes of the case")


@audit_cli.command("verify")
def audit_verify(config_path: ConfigOption = DEFAULT_CONFIG) -> None:
    """Recompute the audit hash chain; exit 1 and name the first bad entry if broken."""
    settings = _settings(config_path)
    with session_factory(make_engine(settings.database_url))() as session:
        result = audit.verify(session)
    if not result.ok:
        typer.echo(
            f"audit chain BROKEN after {result.entries} good entries: {result.problem}", err=True
        )
        raise typer.Exit(1)
    typer.echo(f"audit chain intact: {result.entries} entries")


@cli.command("evidence")
def evidence(
    out: Annotated[Path, typer.Option("--out", help="Folder for the HTML and the PDF")],
    config_path: ConfigOption = DEFAULT_CONFIG,
    junit: Annotated[
        Path, typer.Option("--junit", help="JUnit XML of the last test run (make test)")
    ] = DEFAULT_JUNIT,
) -> None:
    """Write the DPIA evidence pack (Swedish HTML and PDF) from the running hub."""
    settings = _settings(config_path)
    try:
        pack = gather(settings, junit=junit, head_revision=head_revision(), now=datetime.now(UTC))
        paths = render.write(document.document(pack), out, settings.pdf_font_dir)
    except HubError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    proven = sum(c.proven for c in pack.claims)
    typer.echo(f"wrote {paths[0]} and {paths[1]}: {proven} of {len(pack.claims)} claims proven")


@db_cli.command("upgrade")
def db_upgrade(
    config_path: ConfigOption = DEFAULT_CONFIG,
    url: Annotated[str, typer.Option(help="Database URL instead of the config's")] = "",
) -> None:
    """Apply the alembic migrations to the note database (which holds the device registry)."""
    upgrade(url or _settings(config_path).database_url)
    typer.echo("database at head")


def main() -> None:
    try:
        cli()
    except HubError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from exc


if __name__ == "__main__":
    main()
