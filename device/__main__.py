"""Command line: `python -m device run | self-test | list-devices | control ...`."""

from __future__ import annotations

import json
import logging
import signal
import threading
from pathlib import Path
from typing import Annotated

import typer

from device import config, control, selftest
from device.app import App
from device.capture.keys import FileStorageKey
from device.capture.spool import Spool
from device.events import FinishedRecording
from device.hardware.button import GpioButton
from device.hardware.indicator import Indicator
from device.hardware.mic import PyAudioMic, list_input_devices
from device.system import Notifier, configure_logging

cli = typer.Typer(help="Meeting-room recorder daemon.", no_args_is_help=True)
control_cli = typer.Typer(help="Talk to a running daemon over its control socket.")
cli.add_typer(control_cli, name="control")
log = logging.getLogger("device")

ConfigOpt = Annotated[Path | None, typer.Option("--config", "-c", help="TOML settings file")]


def _log_only(found: FinishedRecording) -> None:
    log.info("recording %s waits on the spool for speech", found.recording_id)


@cli.command()
def run(config_path: ConfigOpt = None) -> None:
    """Run the daemon until SIGTERM/SIGINT."""
    settings = config.load(config_path)
    spool = Spool(settings.spool, FileStorageKey.load_or_create(settings.spool.storage_key_path))
    indicator = Indicator(settings.indicator)
    mic = PyAudioMic(settings.mic)
    app = App(
        settings, indicator=indicator, mic=mic, spool=spool, consumer=_log_only, notifier=Notifier()
    )
    configure_logging(app.context, journald=settings.system.journald)
    button = GpioButton(settings.button, app.post)
    server = control.ControlServer(settings.control.socket_path, app)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    app.start(mic_probe=mic.find_device)
    server.start()
    try:
        app.run(stop)
    finally:
        server.close()
        button.close()
        indicator.close()
        mic.close()


@cli.command("self-test")
def self_test(config_path: ConfigOpt = None) -> None:
    """Check config, model files, microphone and light; exit 1 on any failure."""
    logging.basicConfig(level=logging.WARNING)
    results = selftest.run_all(config.load(config_path))
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
