"""IT command line: ``python -m provisioning [--fleet DIR] [--db URL] COMMAND``.

It works on the fleet directory and on the device registry in the hub's database; it never
runs the hub (the enrolment endpoint is ``python -m hub serve-enrolment``) and never
migrates its database (``python -m hub db upgrade`` does).
"""

from __future__ import annotations

import getpass
import json
import os
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table
from typer.core import TyperGroup

from provisioning import stickers as stickers_mod
from provisioning.authority import FleetAuthority, init_fleet
from provisioning.broker import BrokerSettings, reload_broker, write_broker_config
from provisioning.enrol import DeviceRow, Enroller, check_device_id, check_room, parse_csv
from provisioning.errors import CsvError, ProvisioningError
from provisioning.layout import FleetLayout
from provisioning.registry import Registry, open_registry
from provisioning.remote_config import signed_config
from provisioning.revocation import revoke_device
from provisioning.settings import FleetSettings

console = Console()
_state: dict[str, str] = {}


class _Edge(TyperGroup):
    """Every command's edge: a provisioning error becomes its message and exit status 1."""

    def invoke(self, ctx: Any) -> Any:  # typer's vendored click.Context; its path is private
        try:
            return super().invoke(ctx)
        except ProvisioningError as exc:
            _fail(str(exc))


app = typer.Typer(cls=_Edge, help="Provision the fleet: CA, enrolment, revocation, broker config.")


def _layout() -> FleetLayout:
    return FleetLayout(Path(_state["fleet"]))


def _registry() -> Registry:
    """The registry in the hub database; fails if the hub's migrations have not been run."""
    return open_registry(_state.get("db") or _layout().default_database_url)


@app.callback()
def _options(
    fleet: Annotated[Path, typer.Option(envvar="SAMTAL_FLEET", help="Fleet directory")] = Path(
        "fleet"
    ),
    db: Annotated[str, typer.Option(envvar="SAMTAL_HUB_DB", help="Hub database URL")] = "",
) -> None:
    _state["fleet"] = str(fleet)
    _state["db"] = db


@app.command()
def init(
    hub_url: Annotated[str, typer.Option(help="Base URL of the hub")] = "https://127.0.0.1:8443",
    broker_host: str = "127.0.0.1",
    broker_port: int = 8883,
    hubs: Annotated[str, typer.Option(help="Comma-separated hub worker ids")] = "hub-1",
    device_cert_days: float = 30.0,
) -> None:
    """Create the root CA (passphrase-protected), issuing CA, CRL, broker/hub certs and keys."""
    passphrase = os.environ.get("SAMTAL_ROOT_PASSPHRASE") or getpass.getpass("Root CA passphrase: ")
    settings = FleetSettings(
        hub_url=hub_url,
        broker_host=broker_host,
        broker_port=broker_port,
        hubs=tuple(h.strip() for h in hubs.split(",") if h.strip()),
        device_cert_days=device_cert_days,
    )
    made = init_fleet(_layout(), passphrase.encode(), settings)
    console.print(f"fleet created in {_layout().root}")
    console.print(f"hub HPKE key id {made.hpke_key_id}, config key id {made.config_key_id}")


@app.command()
def enroll(
    name: Annotated[str, typer.Argument(help="Device id, e.g. rum-1 (certificate CN)")],
    room: Annotated[str, typer.Option(help="Room label shown to caseworkers")],
    label: Annotated[str, typer.Option(help="Display name (default: the id)")] = "",
) -> None:
    """Enrol one device: one-time token and first-boot bundle (bundles/<id>.zip)."""
    try:
        row = DeviceRow(check_device_id(name), check_room(room), label or name)
    except ValueError as exc:
        _fail(str(exc))
    done = Enroller(_layout(), _registry()).enroll([row])
    console.print(f"enrolled {name}; copy {done[0].bundle} to its boot partition")


@app.command("bulk-enroll")
def bulk_enroll(csv_file: Annotated[Path, typer.Argument(help="CSV: name,room[,label]")]) -> None:
    """Enrol every row of a CSV, or none: any bad row refuses the whole run."""
    registry = _registry()
    try:
        rows = parse_csv(csv_file.read_text(encoding="utf-8-sig"), registry.existing_ids())
    except CsvError as exc:
        for line, problem in exc.problems:
            console.print(f"[red]line {line}[/red]: {problem}")
        _fail(f"{len(exc.problems)} bad row(s); nothing was enrolled")
    columns = (BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("enrolling", total=len(rows))
        done = Enroller(_layout(), registry).enroll(rows, lambda n: progress.advance(task, n))
    console.print(f"enrolled {len(done)} devices; bundles in {_layout().bundles}")


@app.command("list")
def list_devices() -> None:
    """Show every device with status, room, certificate expiry and last heartbeat."""
    table = Table("device", "room", "status", "certificate until", "last seen")
    for record in _registry().list():
        expires = record.cert_expires_at
        seen = record.last_seen_at
        table.add_row(
            record.device_id,
            record.room,
            record.status,
            expires.strftime("%Y-%m-%d %H:%M") if expires else "-",
            seen.strftime("%Y-%m-%d %H:%M") if seen else "-",
        )
    console.print(table)


@app.command()
def revoke(device_id: str) -> None:
    """Revoke a device now: hub refuses its notes, CRL updated, broker reloaded (SIGHUP)."""
    done = revoke_device(_layout(), _registry(), device_id)
    reloaded = f"broker pid {done.broker_pid} reloaded" if done.broker_pid else "no broker running"
    console.print(f"revoked {device_id}: {len(done.serials)} certificate(s) on the CRL, {reloaded}")


@app.command()
def rotate(
    what: Annotated[str, typer.Argument(help="broker | hub | crl | token")],
    target: Annotated[str, typer.Argument(help="hub id (hub) or device id (token)")] = "",
) -> None:
    """Rotate server-side credentials; devices renew their own certificates."""
    layout = _layout()
    authority = FleetAuthority(layout)
    if what == "broker":
        authority.issue_broker(authority.settings.broker_host)
    elif what == "hub" and target:
        authority.issue_hub(target)
    elif what == "crl":
        authority.write_crl()
    elif what == "token" and target:
        done = Enroller(layout, _registry()).reissue_token(target)
        console.print(f"new one-time token for {target} in {done.bundle}")
        return
    else:
        _fail("usage: rotate broker | rotate hub HUB_ID | rotate crl | rotate token DEVICE_ID")
    pid = reload_broker(layout)
    console.print(f"rotated {what} {target}".strip() + (f"; broker {pid} reloaded" if pid else ""))


@app.command("broker-config")
def broker_config(
    port: Annotated[int, typer.Option(help="Listener port (default: fleet setting)")] = 0,
    user: Annotated[str, typer.Option(help="Unix user Mosquitto runs as")] = "",
) -> None:
    """Write mosquitto.conf, the ACL and the CRL into the fleet's broker/ folder."""
    layout = _layout()
    authority = FleetAuthority(layout)
    fleet = authority.settings
    authority.write_crl()
    settings = BrokerSettings(
        host=fleet.broker_host,
        port=port or fleet.broker_port,
        hubs=fleet.hubs,
        run_as_user=user or None,
    )
    conf = write_broker_config(layout, settings)
    console.print(f"wrote {conf}, {layout.broker_acl} and {layout.crl}")


@app.command()
def stickers(
    out: Annotated[Path, typer.Option(help="stickers.pdf, or a folder for one PNG per device")],
) -> None:
    """Claim QR stickers for every enrolled, unrevoked device, labelled with its room."""
    hub_url = FleetSettings.load(_layout().settings).hub_url
    devices = [(r.device_id, r.room) for r in _registry().list() if r.status != "revoked"]
    made = stickers_mod.stickers_for(hub_url, devices)
    if out.suffix.lower() == ".pdf":
        stickers_mod.write_pdf(made, out)
    else:
        for sticker in made:
            stickers_mod.write_png(sticker, out / f"{sticker.device_id}.png")
    console.print(f"{len(made)} sticker(s) written to {out}")


@app.command("sign-config")
def sign_config_cmd(
    settings_file: Annotated[Path, typer.Argument(help="JSON object of device settings")],
    serial: Annotated[int, typer.Option(help="Document number; must grow with every push")],
    out: Annotated[Path, typer.Option(help="Where to write the signed document")],
) -> None:
    """Sign a device settings document with the fleet config key (for the hub to push)."""
    try:
        settings = json.loads(settings_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        _fail(f"cannot read {settings_file}: {exc}")
    if not isinstance(settings, dict):
        _fail(f"{settings_file} must hold a JSON object")
    signed = signed_config(_layout(), settings, serial)
    out.write_text(json.dumps(signed.to_dict(), indent=2), encoding="utf-8")
    console.print(f"signed config serial {serial} written to {out}")


def _fail(message: str) -> NoReturn:
    console.print(f"[red]error:[/red] {message}")
    raise typer.Exit(1)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
