"""Command line: `python -m device run | enroll | renew | retention | self-test | control ...`."""

from __future__ import annotations

import json
import logging
import signal
import sys
import threading
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from device import config, control, retention, selftest
from device.enrolment import EnrolmentSettings, enrol_first_boot, renew_if_due
from device.errors import DeviceError
from device.hardware.mic import list_input_devices
from device.settings import DeviceSettings

cli = typer.Typer(help="Meeting-room recorder daemon.", no_args_is_help=True)
control_cli = typer.Typer(help="Talk to a running daemon over its control socket.")
cli.add_typer(control_cli, name="control")

ConfigOpt = Annotated[Path | None, typer.Option("--config", "-c", help="TOML settings file")]


@cli.command()
def run(config_path: ConfigOpt = None) -> None:
    """Run the daemon until SIGTERM/SIGINT; with a delivery section, the whole pipeline."""
    settings = _load(config_path)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    from device.daemon import run_daemon  # noqa: PLC0415  (loads speech, note and MQTT)

    try:
        run_daemon(settings, stop)
    except (DeviceError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc


def _load(config_path: Path | None) -> DeviceSettings:
    try:
        return config.load(config_path)
    except config.ConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc


StateOpt = Annotated[Path, typer.Option("--state", help="data partition, e.g. /var/lib/samtal")]


@cli.command()
def enroll(
    bundle: Annotated[Path, typer.Option("--bundle", help="enrolment bundle folder or zip")],
    state: StateOpt,
) -> None:
    """First boot: make keys, enrol with the hub, keep the identity under STATE/identity."""
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    settings = EnrolmentSettings(identity_dir=state / "identity", bundle_dir=bundle)
    try:
        identity = enrol_first_boot(settings)
    except (DeviceError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"enrolled as {identity.device_id}")


@cli.command()
def renew(state: StateOpt, config_path: ConfigOpt = None) -> None:
    """Renew the TLS certificate when two thirds of its lifetime have passed."""
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    base = _load(config_path).identity
    settings = replace(base, identity_dir=state / "identity")
    try:
        renewed = renew_if_due(settings)
    except (DeviceError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo("renewed; restart samtal-device to use it" if renewed else "not due")


@cli.command("retention")
def retention_sweep(config_path: ConfigOpt = None) -> None:
    """Delete undelivered recordings and transcripts past meeting.retention_hours."""
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    removed = retention.sweep(_load(config_path))
    typer.echo(f"deleted {len(removed)} recording(s)")


ModelsOnlyOpt = Annotated[
    bool, typer.Option("--models-only", help="only config, model files and one real decode each")
]


@cli.command("self-test")
def self_test(config_path: ConfigOpt = None, *, models_only: ModelsOnlyOpt = False) -> None:
    """Check config, model files, one real decode of each model (in child processes),
    microphone and light; exit 1 on any failure."""
    logging.basicConfig(level=logging.WARNING)
    results = selftest.run_all(_load(config_path), models_only=models_only)
    for name, ok, detail in results:
        typer.echo(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}")
    if not all(ok for _, ok, _ in results):
        raise typer.Exit(1)


@cli.command("list-devices")
def list_devices() -> None:
    """List audio input devices PyAudio can open."""
    for index, name, channels in list_input_devices():
        typer.echo(f"{index:3d}  {channels:3d} ch  {name}")


SocketOpt = Annotated[Path | None, typer.Option("--socket", help="control socket path")]


def _control(
    config_path: Path | None, socket_path: Path | None, request: dict[str, object]
) -> None:
    path = socket_path or config.load(config_path).control.socket_path
    try:
        reply = control.send(path, request)
    except control.ControlError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    typer.echo(json.dumps(reply, indent=2))
    if not reply.get("ok"):
        raise typer.Exit(1)


@control_cli.command()
def claim(
    caseworker: Annotated[str, typer.Option("--caseworker", help="caseworker id")],
    minutes: Annotated[float, typer.Option("--minutes", help="claim length")] = 90.0,
    config_path: ConfigOpt = None,
    socket_path: SocketOpt = None,
) -> None:
    """Arm the device for a caseworker."""
    _control(
        config_path, socket_path, {"cmd": "claim", "caseworker": caseworker, "minutes": minutes}
    )


@control_cli.command()
def release(config_path: ConfigOpt = None, socket_path: SocketOpt = None) -> None:
    """Withdraw the claim."""
    _control(config_path, socket_path, {"cmd": "release"})


@control_cli.command()
def press(config_path: ConfigOpt = None, socket_path: SocketOpt = None) -> None:
    """A short button press: start, pause or resume."""
    _control(config_path, socket_path, {"cmd": "press"})


@control_cli.command("long-press")
def long_press(config_path: ConfigOpt = None, socket_path: SocketOpt = None) -> None:
    """A long button press: stop."""
    _control(config_path, socket_path, {"cmd": "long-press"})


@control_cli.command()
def status(config_path: ConfigOpt = None, socket_path: SocketOpt = None) -> None:
    """Print the daemon's state."""
    _control(config_path, socket_path, {"cmd": "status"})


def main() -> None:
    """Entry point for `samtal-device`."""
    cli()


if __name__ == "__main__":
    main()
