"""The whole path on one machine: Swedish speech in a meeting room → a note in a caseworker's inbox.

    python scripts/demo.py [--once] [--speed N] [--meeting ID] [--workdir DIR]

1. provisions a local fleet with the IT command line (CA, broker config, device "rum-1"
   in "Rum 1", first-boot bundle);
2. starts Mosquitto with mutual TLS, the hub (SQLite) with its enrolment endpoint and an
   ingest worker, and the device daemon, which enrols itself from its bundle and then reads
   a generated Swedish meeting from an ALSA file PCM, with gpiozero mock pins;
3. logs in to the hub as the demo caseworker and claims the room (ticking "klienten är
   informerad"), presses the device's button through its control socket;
4. plays the meeting (in real time, or N times faster with --speed), long-presses to stop;
5. waits for the note in the caseworker's inbox and prints it with its flags.

Without --once the hub keeps running for you to log in; Ctrl-C stops everything.
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from rich.console import Console
from rich.panel import Panel
from rich.text import Text

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from demo_note import render_note  # noqa: E402 - after the repo is importable
from demo_tap import BrokerTap, plaintext_found, read_tap  # noqa: E402

from hub.commands import HubMqttSettings  # noqa: E402

console = Console()
PY = sys.executable
DEVICE_ID = "rum-1"
ROOM = "Rum 1"
CASEWORKER = ("anna", "Anna Berg", "demo-losenord-2026")
ROOT_PASSPHRASE = "demo-root-passphrase"  # noqa: S105 - a throwaway demo fleet


class DemoError(RuntimeError):
    """A demo step failed; the message names the step and the log to read."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_for(what: str, check: Callable[[], bool], timeout: float, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    hint = f"; see {log}" if log else ""
    msg = f"timed out after {timeout:.0f} s waiting for {what}{hint}"
    raise DemoError(msg)


@dataclass
class Processes:
    """Background services, stopped in reverse order."""

    logs: Path
    running: list[tuple[str, subprocess.Popen[bytes], Path]] = field(default_factory=list)

    def start(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> Path:
        log = self.logs / f"{name}.log"
        handle = log.open("wb")
        proc = subprocess.Popen(
            argv, stdout=handle, stderr=subprocess.STDOUT, env=env, cwd=REPO, start_new_session=True
        )
        self.running.append((name, proc, log))
        return log

    def check_alive(self) -> None:
        for name, proc, log in self.running:
            if proc.poll() is not None:
                msg = f"{name} exited with {proc.returncode}; see {log}"
                raise DemoError(msg)

    def stop_all(self) -> None:
        for name, proc, _ in reversed(self.running):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    console.print(f"[yellow]{name} did not stop in 15 s; killing it")
                    proc.kill()
                    proc.wait()
        self.running.clear()


def run(argv: list[str], env: dict[str, str], *, stdin: str | None = None) -> str:
    result = subprocess.run(
        argv, env=env, cwd=REPO, input=stdin, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        msg = f"{' '.join(argv[2:5])} failed:\n{result.stdout}{result.stderr}"
        raise DemoError(msg)
    return result.stdout


@dataclass
class Layout:
    root: Path

    @property
    def fleet(self) -> Path:
        return self.root / "fleet"

    @property
    def hub(self) -> Path:
        return self.root / "hub"

    @property
    def device(self) -> Path:
        return self.root / "device"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def hub_db(self) -> str:
        return f"sqlite:///{self.hub / 'hub.db'}"


@dataclass
class Ports:
    mqtt: int = field(default_factory=free_port)
    web: int = field(default_factory=free_port)
    enrol: int = field(default_factory=free_port)


def environment(layout: Layout) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        SAMTAL_FLEET=str(layout.fleet),
        SAMTAL_HUB_DB=layout.hub_db,
        SAMTAL_ROOT_PASSPHRASE=ROOT_PASSPHRASE,
        SAMTAL_HUB_CONFIG=str(layout.hub / "hub.toml"),
        PYTHONPATH=str(REPO),
    )
    return env


def provision(layout: Layout, ports: Ports, env: dict[str, str]) -> None:
    hub_url = f"https://127.0.0.1:{ports.enrol}"
    prov = [PY, "-m", "provisioning"]
    run([*prov, "init", "--hub-url", hub_url, "--broker-port", str(ports.mqtt),
         "--hubs", "hub-1,hub-web-1,hub-tap", "--device-cert-days", "7"], env)  # fmt: skip
    run([*prov, "enroll", DEVICE_ID, "--room", ROOM, "--label", ROOM], env)
    # Mosquitto would drop to its own user, who cannot write in the demo's folder.
    user = pwd.getpwuid(os.getuid()).pw_name
    run([*prov, "broker-config", "--port", str(ports.mqtt), "--user", user], env)


def write_hub_config(layout: Layout, ports: Ports) -> None:
    fleet = layout.fleet
    (layout.hub / "session.secret").write_text(os.urandom(32).hex())
    (layout.hub / "hub.toml").write_text(
        f"""[hub]
database_url = "{layout.hub_db}"
keystore_url = "sqlite:///{layout.hub / "keys.db"}"
master_key_file = "master.key"
session_secret_file = "session.secret"
organisation = "Socialtjänsten Demokommun"
secure_cookies = false   # plain http on loopback; production runs behind a TLS proxy

[mqtt]
client_id = "hub-web-1"
broker_host = "127.0.0.1"
broker_port = {ports.mqtt}
ca_file = "{fleet / "pki/ca.pem"}"
cert_file = "{fleet / "hubs/hub-web-1.pem"}"
key_file = "{fleet / "hubs/hub-web-1.key"}"
"""
    )
    worker = {
        "mqtt": {
            "client_id": "hub-1",
            "broker_host": "127.0.0.1",
            "broker_port": ports.mqtt,
            "ca_file": str(fleet / "pki/ca.pem"),
            "cert_file": str(fleet / "hubs/hub-1.pem"),
            "key_file": str(fleet / "hubs/hub-1.key"),
        },
        "recipient_key": str(fleet / "keys/hub-hpke.key"),
        "backends": "hub.ingest_worker:from_hub_config",
        "backends_arg": str(layout.hub / "hub.toml"),
    }
    (layout.hub / "ingest-hub-1.json").write_text(json.dumps(worker, indent=2))


def start_hub(layout: Layout, ports: Ports, env: dict[str, str], procs: Processes) -> None:
    config = str(layout.hub / "hub.toml")
    run([PY, "-m", "hub", "init", "--config", config], env)
    username, name, password = CASEWORKER
    run([PY, "-m", "hub", "create-user", username, "--role", "handlaggare", "--name", name,
         "--password-stdin", "--config", config], env, stdin=password + "\n")  # fmt: skip
    mosquitto = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    conf = str(layout.fleet / "broker/mosquitto.conf")
    broker_log = procs.start("mosquitto", [mosquitto, "-c", conf], env)
    wait_for("Mosquitto", lambda: _port_open(ports.mqtt), 20, broker_log)
    enrol_log = procs.start(
        "enrolment", [PY, "-m", "provisioning", "serve-enrolment", "--port", str(ports.enrol)], env
    )
    web_log = procs.start(
        "hub-web", [PY, "-m", "hub", "serve", "--config", config, "--port", str(ports.web)], env
    )
    ingest_log = procs.start(
        "hub-ingest", [PY, "-m", "hub.ingest_worker", str(layout.hub / "ingest-hub-1.json")], env
    )
    wait_for("the enrolment endpoint", lambda: _port_open(ports.enrol), 30, enrol_log)
    wait_for("the hub web app", lambda: _port_open(ports.web), 30, web_log)
    wait_for("the ingest worker", lambda: "subscribed" in ingest_log.read_text(), 30, ingest_log)


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _csrf(html: str) -> str:
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    if token is None:
        msg = "the hub page has no CSRF token"
        raise DemoError(msg)
    return token.group(1)


def claim_room(ports: Ports, minutes: int, present: list[tuple[str, str]]) -> httpx.Client:
    """Log in as the caseworker and claim the room with who is present, as the QR sticker's
    page does (the caseworker's own row comes filled in)."""
    username, _, password = CASEWORKER
    web = httpx.Client(base_url=f"http://127.0.0.1:{ports.web}", follow_redirects=True)
    login = web.get("/login")
    token = _csrf(login.text)
    form = {"username": username, "password": password, "next": "/", "csrf_token": token}
    page = web.post("/login", data=form)
    if page.status_code != 200 or "Logga ut" not in page.text:
        msg = f"login failed ({page.status_code})"
        raise DemoError(msg)
    claim_page = web.get(f"/claim/{DEVICE_ID}")
    done = web.post(
        f"/claim/{DEVICE_ID}",
        data={
            "csrf_token": _csrf(claim_page.text),
            "minutes": str(minutes),
            "informerad": "ja",
            "namn": [name for name, _ in present],
            "roll": [role for _, role in present],
        },
    )
    if done.status_code != 200:
        msg = f"claim refused ({done.status_code}): {done.text[:300]}"
        raise DemoError(msg)
    return web


def start_tap(layout: Layout, ports: Ports) -> BrokerTap:
    """Listen on the broker with hub rights, to show what crosses it."""
    fleet = layout.fleet
    settings = HubMqttSettings(
        "hub-tap", "127.0.0.1", ports.mqtt, fleet / "pki/ca.pem",
        fleet / "hubs/hub-tap.pem", fleet / "hubs/hub-tap.key",
    )  # fmt: skip
    tap = BrokerTap(settings, layout.root / "broker-tap.bin")
    tap.start()
    if not tap.subscribed.wait(20):
        msg = "the broker tap could not subscribe"
        raise DemoError(msg)
    return tap


def report_tap(layout: Layout, tap: BrokerTap, note: dict[str, object]) -> None:
    records = read_tap(tap.path)
    size = sum(len(p) for _, p in records)
    leaked = plaintext_found(records, note)  # type: ignore[arg-type]
    if leaked:
        msg = f"note text crossed the broker readable: {leaked}"
        raise DemoError(msg)
    console.print(
        f"[green]✓[/] the broker carried {len(records)} messages ({size / 1024:.1f} KiB) to a "
        "subscriber with hub rights: no note text readable, only sealed envelopes"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--once", action="store_true", help="exit when the note has arrived")
    parser.add_argument("--speed", type=float, default=1.0, help="play the meeting N× faster")
    parser.add_argument("--meeting", default="m02_barn_skola", help="corpus meeting id")
    parser.add_argument("--no-llm", action="store_true", help="extractive note layer only")
    parser.add_argument("--workdir", type=Path, default=REPO / "var/demo")
    args = parser.parse_args()
    from demo_device import run_device_part  # noqa: PLC0415 - keeps --help fast

    layout = Layout(args.workdir.resolve())
    shutil.rmtree(layout.root, ignore_errors=True)
    for path in (layout.fleet.parent, layout.hub, layout.device, layout.logs):
        path.mkdir(parents=True, exist_ok=True)
    ports, env = Ports(), environment(layout)
    procs = Processes(layout.logs)
    tap: BrokerTap | None = None
    try:
        with console.status("[bold]Provisioning the fleet (CA, broker, device rum-1)…"):
            provision(layout, ports, env)
            write_hub_config(layout, ports)
        console.print("[green]✓[/] fleet provisioned: CA, broker config, rum-1 enrolment bundle")
        with console.status("[bold]Starting Mosquitto (mutual TLS), hub, enrolment, ingest…"):
            start_hub(layout, ports, env, procs)
        console.print(f"[green]✓[/] hub running at http://127.0.0.1:{ports.web}")
        tap = start_tap(layout, ports)
        note = run_device_part(
            layout, ports, env, procs, meeting=args.meeting, speed=args.speed,
            llm=not args.no_llm, console=console,
            claim=lambda minutes, present: claim_room(ports, minutes, present),
            check=procs.check_alive,
        )  # fmt: skip
        console.print(Panel(Text(render_note(note)), title="Journalanteckning i Annas inkorg"))
        report_tap(layout, tap, note)
        username, _, password = CASEWORKER
        console.print(
            f"Hub: http://127.0.0.1:{ports.web}  login: [bold]{username}[/] / [bold]{password}[/]"
        )
        if not args.once:
            console.print("The hub keeps running; press Ctrl-C to stop everything.")
            while True:
                procs.check_alive()
                time.sleep(1)
    except KeyboardInterrupt:
        console.print("stopping…")
    except DemoError as exc:
        console.print(f"[red]demo failed:[/] {exc}")
        return 1
    finally:
        if tap is not None:
            tap.stop()
        procs.stop_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
