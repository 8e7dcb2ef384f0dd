"""The whole path on one machine: Swedish speech in a meeting room → a note in a caseworker's inbox.

    python scripts/demo.py [--once] [--speed N] [--meeting ID] [--workdir DIR]

1. provisions a local fleet with the IT command line (CA, broker config, device "rum-1"
   in "Rum 1", first-boot bundle);
2. starts Mosquitto with mutual TLS, the hub (SQLite) with its enrolment endpoint and an
   ingest worker, and the device daemon, which enrols itself from its bundle and then reads
   a generated Swedish meeting from an ALSA file PCM, with gpiozero mock pins;
3. logs in to the hub as the demo caseworker and claims the room (ticking "klienten är
   informerad"), presses the device's button through its control socket;
4. plays the meeting (in real time, or N times faster with --speed), long-presses to stop,
   and answers the client question on the button with a short press (ja);
5. waits for the note in the caseworker's inbox, reads it over the hub's web interface as
   the caseworker, and prints it with its flags, and the transcript's word error rate
   against the meeting's reference.

Every step goes through a command line or a network interface (IT command line, hub web,
device control socket, MQTT); nothing reads another process's database.
Without --once the hub keeps running for you to log in; Ctrl-C stops everything.
"""

from __future__ import annotations

import argparse
import base64
import csv
import io
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from rich.console import Console
from rich.panel import Panel
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.text import Text

from common.mqtt import TlsIdentity, tls_client
from device import control
from device.hardware.alsa_file import write_alsa_config
from models.corpus import Meeting, ensure_corpus
from models.corpus.wer import word_error_rate
from wire import topics
from wire.note import STATEMENT_FIELDS

REPO = Path(__file__).resolve().parents[1]
console = Console()
PY = sys.executable
DEVICE_ID = "rum-1"
ROOM = "Rum 1"
CASEWORKER = ("anna", "Anna Berg", "demo-losenord-2026")
UNIT = "Barn och unga"
"""The caseworker's organisational unit: the effect measures are counted per unit."""
DPO = ("dora", "Dora Dataskydd", "demo-dso-losenord-2026")
"""The data-protection officer, who reads the effect measures of every unit."""
ROOT_PASSPHRASE = "demo-root-passphrase"  # noqa: S105 - a throwaway demo fleet
PCM = "samtal_demo_mic"
CHANNELS = 4
GEOMETRY = "respeaker-4mic"
RATE = 16000
TAIL_S = 3.0
MODELS = Path("~/.cache/samtal/models").expanduser()
DEMO_MEETING = "demo_barn_skola"
"""m02's lines in the espeak voices whisper-base recognises best (docs/corpus.md)."""
LLM_MODEL = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
"""The instruct test model (Qwen2.5-Coder 1.5B); production configures a larger GGUF."""


class DemoError(RuntimeError):
    """A demo step failed; the message names the step and the log to read."""


# --- processes ------------------------------------------------------------------------------


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


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class Layout:
    """Where the demo keeps the fleet, the broker, the hub and the device under one folder."""

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
    """Free local ports for the demo's broker, hub web app and enrolment service."""

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


# --- the fleet and the hub (IT command line, hub command line) -------------------------------


def provision(layout: Layout, ports: Ports, env: dict[str, str]) -> None:
    hub_url = f"https://127.0.0.1:{ports.enrol}"
    prov = [PY, "-m", "provisioning"]
    run([*prov, "init", "--hub-url", hub_url, "--broker-port", str(ports.mqtt),
         "--hubs", "hub-1,hub-web-1,hub-tap", "--device-cert-days", "7"], env)  # fmt: skip
    # The registry lives in the hub's database: the hub's own command creates its schema.
    run([PY, "-m", "hub", "db", "upgrade", "--url", layout.hub_db], env)
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

[hub.measures]
min_group = 1   # the demo has one meeting; production keeps groups under 5 suppressed
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
        "backends": "hub.ingest.worker:from_hub_config",
        "backends_arg": str(layout.hub / "hub.toml"),
    }
    (layout.hub / "ingest-hub-1.json").write_text(json.dumps(worker, indent=2))


def create_account(
    config: str, env: dict[str, str], account: tuple[str, str, str], role: str, unit: str = ""
) -> None:
    """A hub account through the hub's command line (password on stdin)."""
    username, name, password = account
    argv = [PY, "-m", "hub", "create-user", username, "--role", role, "--name", name]
    argv += ["--unit", unit] if unit else []
    run([*argv, "--password-stdin", "--config", config], env, stdin=password + "\n")


def start_hub(layout: Layout, ports: Ports, env: dict[str, str], procs: Processes) -> None:
    config = str(layout.hub / "hub.toml")
    run([PY, "-m", "hub", "init", "--config", config], env)
    create_account(config, env, CASEWORKER, "handlaggare", unit=UNIT)
    create_account(config, env, DPO, "dataskyddsombud")
    mosquitto = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    conf = str(layout.fleet / "broker/mosquitto.conf")
    broker_log = procs.start("mosquitto", [mosquitto, "-c", conf], env)
    wait_for("Mosquitto", lambda: _port_open(ports.mqtt), 20, broker_log)
    enrol_log = procs.start(
        "enrolment", [PY, "-m", "hub", "serve-enrolment", "--port", str(ports.enrol)], env
    )
    web_log = procs.start(
        "hub-web", [PY, "-m", "hub", "serve", "--config", config, "--port", str(ports.web)], env
    )
    ingest_log = procs.start(
        "hub-ingest", [PY, "-m", "hub.ingest", str(layout.hub / "ingest-hub-1.json")], env
    )
    wait_for("the enrolment endpoint", lambda: _port_open(ports.enrol), 30, enrol_log)
    wait_for("the hub web app", lambda: _port_open(ports.web), 30, web_log)
    wait_for("the ingest worker", lambda: "subscribed" in ingest_log.read_text(), 30, ingest_log)


def hub_has_heard(env: dict[str, str]) -> bool:
    """The IT command line's device list shows a heartbeat ("last seen") from rum-1."""
    listing = run([PY, "-m", "provisioning", "list"], {**env, "COLUMNS": "200"})
    for line in listing.splitlines():
        cells = [c.strip() for c in re.split(r"[│|┃]", line) if c.strip()]
        if cells and cells[0] == DEVICE_ID:
            return cells[-1] != "-"
    return False


# --- the hub's web interface, as the caseworker -----------------------------------------------


def _csrf(html: str) -> str:
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    if token is None:
        msg = "the hub page has no CSRF token"
        raise DemoError(msg)
    return token.group(1)


def log_in(ports: Ports, account: tuple[str, str, str] = CASEWORKER) -> httpx.Client:
    """A web session of a demo account (the caseworker), logged in through the login form."""
    username, _, password = account
    web = httpx.Client(base_url=f"http://127.0.0.1:{ports.web}", follow_redirects=True)
    login = web.get("/login")
    form = {
        "username": username,
        "password": password,
        "next": "/",
        "csrf_token": _csrf(login.text),
    }
    page = web.post("/login", data=form)
    if page.status_code != 200 or "Logga ut" not in page.text:
        msg = f"login failed ({page.status_code})"
        raise DemoError(msg)
    return web


def claim_room(web: httpx.Client, minutes: int, present: list[tuple[str, str]]) -> None:
    """Claim the room with who is present, as the QR sticker's page does (the caseworker's
    own row comes filled in)."""
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


def report_measures(ports: Ports) -> dict[str, str]:
    """The data-protection officer's view of the effect measures: this week's row of the
    caseworker's unit in ``/uppfoljning.csv`` (counts only, never per client)."""
    dpo = log_in(ports, DPO)
    try:
        response = dpo.get("/uppfoljning.csv")
    finally:
        dpo.close()
    if response.status_code != httpx.codes.OK:
        msg = f"the effect measures CSV answered {response.status_code}"
        raise DemoError(msg)
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff")), delimiter=";"))
    ours = [r for r in rows if r["enhet"] == UNIT and r["inspelade_moten"] not in ("", "0")]
    if not ours:
        msg = f"the effect measures CSV has no recorded meeting for {UNIT}"
        raise DemoError(msg)
    row = ours[-1]
    console.print(
        f"Effektmått (/uppfoljning.csv, as the data-protection officer): week {row['vecka']}, "
        f"{UNIT}: {row['inspelade_moten']} meeting recorded, "
        f"{row['andel_godkanda'] or '0'} % approved, client answered ja: "
        f"{row['andel_klientsvar_ja'] or '0'} % (groups under 5 shown: demo threshold 1)"
    )
    return row


def inbox_note_ids(web: httpx.Client) -> list[str]:
    page = web.get("/notes")
    return re.findall(r'href="/notes/([A-Za-z0-9_-]+)"', page.text)


def read_note(web: httpx.Client, note_pk: str) -> dict[str, Any]:
    """The note as the caseworker's inbox shows it (wire.note JSON)."""
    reply = web.get(f"/notes/{note_pk}/note.json")
    if reply.status_code != 200:
        msg = f"the hub did not give the note ({reply.status_code}): {reply.text[:300]}"
        raise DemoError(msg)
    note: dict[str, Any] = reply.json()
    return note


# --- the transcript's word error rate -----------------------------------------------------


class _TranscriptParser(HTMLParser):
    """Collects the segment texts of the note page's transcript (``ol.transkription``)."""

    def __init__(self) -> None:
        super().__init__()
        self.segments: list[str] = []
        self._in_list = False
        self._in_text = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "ol" and "transkription" in classes:
            self._in_list = True
        elif self._in_list and tag == "span" and "text" in classes:
            self._in_text = True
            self.segments.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "span":
            self._in_text = False
        elif tag == "ol":
            self._in_list = False

    def handle_data(self, data: str) -> None:
        if self._in_text:
            self.segments[-1] += data


def read_transcript(web: httpx.Client, note_pk: str) -> str:
    """The transcript as the caseworker's review page shows it, segments joined."""
    page = web.get(f"/notes/{note_pk}")
    if page.status_code != 200:
        msg = f"the hub did not give the note page ({page.status_code}): {page.text[:300]}"
        raise DemoError(msg)
    parser = _TranscriptParser()
    parser.feed(page.text)
    if not parser.segments:
        msg = "the note page shows no transcript segments"
        raise DemoError(msg)
    return " ".join(text.strip() for text in parser.segments)


def report_wer(web: httpx.Client, note_pk: str, meeting: Meeting) -> float:
    """Print the transcript's WER against the meeting's reference, and what it stands for."""
    wer = word_error_rate(meeting.reference.text, read_transcript(web, note_pk))
    console.print(
        f"Transcript WER {wer:.2f} against the reference of {meeting.id} "
        f"({len(meeting.reference.utterances)} utterances)"
    )
    console.print(
        "[dim]The speech is synthetic (espeak-ng) and the test model is whisper-base; "
        "production uses KB-Whisper, trained on Swedish.[/]"
    )
    return wer


# --- the broker tap: what a subscriber with hub rights sees -----------------------------------


class BrokerTap:
    """Subscribes to every device's notes and status and appends them to ``path`` as JSON
    lines (topic, base64 payload), so the demo (and the system test) can show that only
    ciphertext crossed the broker."""

    def __init__(self, identity: TlsIdentity, port: int, path: Path) -> None:
        self.path = path
        self.subscribed = threading.Event()
        self._lock = threading.Lock()
        self._client = tls_client(identity)
        self._client.on_connect = self._on_connect
        self._client.on_subscribe = lambda *_: self.subscribed.set()
        self._client.on_message = self._on_message
        self._client.connect_async("127.0.0.1", port, keepalive=30, clean_start=True)

    def start(self) -> None:
        self._client.loop_start()

    def stop(self) -> None:
        self._client.disconnect()
        self._client.loop_stop()

    def records(self) -> list[tuple[str, bytes]]:
        """The (topic, payload) pairs recorded so far."""
        with self._lock:
            lines = self.path.read_text().splitlines() if self.path.exists() else []
        return [(r["topic"], base64.b64decode(r["payload"])) for r in map(json.loads, lines)]

    def _on_connect(self, client: Any, *_: Any) -> None:
        client.subscribe([(f"{topics.FLEET}/+/notes/#", 1), (f"{topics.FLEET}/+/status", 1)])

    def _on_message(self, _client: Any, _userdata: Any, message: Any) -> None:
        record = {"topic": message.topic, "payload": base64.b64encode(message.payload).decode()}
        with self._lock, self.path.open("a") as out:
            out.write(json.dumps(record) + "\n")


def start_tap(layout: Layout, ports: Ports) -> BrokerTap:
    """Listen on the broker with hub rights, to show what crosses it."""
    fleet = layout.fleet
    identity = TlsIdentity(
        "hub-tap", fleet / "pki/ca.pem", fleet / "hubs/hub-tap.pem", fleet / "hubs/hub-tap.key"
    )
    tap = BrokerTap(identity, ports.mqtt, layout.root / "broker-tap.jsonl")
    tap.start()
    if not tap.subscribed.wait(20):
        msg = "the broker tap could not subscribe"
        raise DemoError(msg)
    return tap


def report_tap(tap: BrokerTap, note: dict[str, Any]) -> None:
    records = tap.records()
    size = sum(len(p) for _, p in records)
    texts = {s["text"][:40] for key in STATEMENT_FIELDS for s in note.get(key, [])
             if len(s["text"]) >= 12}  # fmt: skip
    leaked = [t for t in texts if any(t.encode() in payload for _, payload in records)]
    if leaked:
        msg = f"note text crossed the broker readable: {leaked}"
        raise DemoError(msg)
    console.print(
        f"[green]✓[/] the broker carried {len(records)} messages ({size / 1024:.1f} KiB) to a "
        "subscriber with hub rights: no note text readable, only sealed envelopes"
    )


# --- the room: the device daemon on a file microphone -----------------------------------------


def write_microphone(device_dir: Path, meeting_raw: Path) -> tuple[Path, int]:
    """A 4-channel file-backed ALSA mic: the meeting, then a short silence."""
    audio = np.fromfile(meeting_raw, dtype="<i2").reshape(-1, CHANNELS)
    raw = device_dir / "mic4.raw"
    tail = np.zeros((int(TAIL_S * RATE), CHANNELS), "<i2")
    np.concatenate([audio, tail]).tofile(raw)
    return write_alsa_config(raw, CHANNELS, name=PCM), len(audio)


def write_device_config(device_dir: Path, speed: float, *, llm: bool) -> Path:
    state = device_dir / "state"
    path = device_dir / "device.toml"
    llm_table = f'[note.llm]\nmodel_path = "{MODELS / LLM_MODEL}"\n' if llm else ""
    path.write_text(f"""# Demo device "rum-1": file microphone, mock GPIO pins, enrolled identity.
[mic]
device_name = "{PCM}"
channels = {CHANNELS}
rate = {RATE}
pace = {speed}
[spool]
root = "{state / "spool"}"
storage_key_path = "{state / "identity" / "storage.key"}"
min_free_minutes = 1
[control]
socket_path = "{device_dir / "control.sock"}"
[system]
journald = false
[speech]
models_dir = "{MODELS}"
[speech.asr]
language = "sv"
num_threads = 2
[speech.doa]
geometry = "{GEOMETRY}"
[note]
window_s = 120
{llm_table}[meeting]
transcript_dir = "{state / "transcripts"}"
retention_hours = 72
[identity]
identity_dir = "{state / "identity"}"
[delivery]
heartbeat_s = 5.0
retry_initial_s = 2.0
retry_max_s = 10.0
""")
    return path


def _status(sock: Path) -> dict[str, Any]:
    return control.send(sock, {"cmd": "status"})


def _send(sock: Path, cmd: str) -> dict[str, Any]:
    reply = control.send(sock, {"cmd": cmd})
    if not reply.get("ok", True):
        msg = f"device refused {cmd}: {reply.get('error')}"
        raise DemoError(msg)
    return reply


def _empty(state: Path) -> bool:
    return not any((state / "spool").glob("*")) and not any((state / "transcripts").glob("*"))


@dataclass
class Room:
    """The running device daemon and the meeting it will hear."""

    meeting: Meeting
    frames: int
    sock: Path
    state: Path
    log: Path


def start_device(
    layout: Layout, env: dict[str, str], procs: Processes, args: argparse.Namespace
) -> Room:
    device_dir, state = layout.device, layout.device / "state"
    with console.status("[bold]Preparing the Swedish test meeting and the device…"):
        recording = ensure_corpus()[args.meeting]
        alsa, frames = write_microphone(device_dir, recording.mic4_raw)
        bundle = layout.fleet / "bundles" / f"{DEVICE_ID}.zip"
        run([PY, "-m", "device", "enroll", "--bundle", str(bundle), "--state", str(state)], env)
        config = write_device_config(device_dir, args.speed, llm=not args.no_llm)
    console.print(
        f"[green]✓[/] rum-1 enrolled itself (keys made on the device); meeting "
        f"{args.meeting} ({frames / RATE / 60:.1f} min, {CHANNELS}-mic array)"
    )
    device_env = {**env, "ALSA_CONFIG_PATH": str(alsa), "GPIOZERO_PIN_FACTORY": "mock"}
    log = procs.start("device", [PY, "-m", "device", "run", "--config", str(config)], device_env)
    sock = device_dir / "control.sock"
    wait_for("the device daemon", sock.exists, 90, log)
    # The room is claimable once the hub has heard the device: its heartbeat follows its
    # command subscription on the same connection, so the claim cannot be missed.
    wait_for("the device to come online at the hub", lambda: hub_has_heard(env), 60, log)
    return Room(recording, frames, sock, state, log)


def hold_meeting(room: Room, web: httpx.Client, speed: float, check: Callable[[], None]) -> str:
    """Claim, press, play the meeting, long-press; return the note's id in the inbox."""
    _, caseworker_name, _ = CASEWORKER
    clients = [
        (p["namn"], p["roll"])
        for p in room.meeting.reference.facts["present"]
        if "socialsekreterare" not in p["roll"]
    ]
    claim_room(web, 60, [(caseworker_name, "socialsekreterare"), *clients])
    wait_for(
        "the hub claim to arm the device",
        lambda: _status(room.sock)["state"] == "armed",
        30,
        room.log,
    )
    names = ", ".join(name for name, _ in clients)
    console.print(
        f"[green]✓[/] Anna claimed Rum 1 on the hub with {names} present "
        "(klienten är informerad); LED: armed"
    )
    _send(room.sock, "press")
    console.print("[red]●[/] recording — the LED is on while the microphone is open")
    _play(room.sock, room.frames, speed, check)
    _send(room.sock, "long-press")
    stopped = time.monotonic()
    console.print("[green]✓[/] stopped (long press); transcribing, drafting, sealing, delivering…")
    answer_as_client(room.sock)
    with console.status("[bold]Waiting for the note in Anna's inbox…"):
        wait_for("the note in the inbox", lambda: bool(inbox_note_ids(web)), 600, room.log)
    arrived = time.monotonic() - stopped
    note_pk = inbox_note_ids(web)[0]
    wait_for("the device to delete audio and transcript", lambda: _empty(room.state), 60, room.log)
    console.print(
        f"[green]✓[/] note in Anna's inbox {arrived:.1f} s after stop; audio and transcript "
        "deleted on the device after the hub's ack"
    )
    return note_pk


def answer_as_client(sock: Path) -> None:
    """The client answers the question on the claim page with one short press: ja."""
    state = _send(sock, "press")["state"]
    if state != "answered":
        msg = f"the device did not take the client's answer (state {state})"
        raise DemoError(msg)
    console.print(
        "[green]✓[/] the client answered ”Var det okej att samtalet spelades in?” with a short "
        "press: ja (LED: green); the note carries it to the hub, which counts it only in aggregate"
    )


def _play(sock: Path, frames: int, speed: float, check: Callable[[], None]) -> None:
    columns = (TextColumn("meeting"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"))
    with Progress(*columns, TimeRemainingColumn()) as progress:
        task = progress.add_task("play", total=frames)
        deadline = time.monotonic() + frames / RATE / speed * 3 + 60
        while time.monotonic() < deadline:
            check()
            captured = int(_status(sock).get("captured_frames") or 0)
            progress.update(task, completed=min(captured, frames))
            if captured >= frames:
                return
            time.sleep(0.5)
    msg = "the device did not capture the whole meeting in time"
    raise DemoError(msg)


# --- the note on the terminal, in Swedish -----------------------------------------------------

SECTIONS = (
    ("syfte", "Syfte"),
    ("framkom", "Det här framkom"),
    ("bedomning", "Handläggarens bedömning"),
    ("overenskommelser", "Överenskommelser och beslut"),
    ("nasta_steg", "Nästa steg"),
)
FLAG_NAMES = {
    "personnummer": "Personnummer",
    "samordningsnummer": "Samordningsnummer",
    "telefonnummer": "Telefonnummer",
    "epost": "E-postadress",
    "tredje_part": "Tredje part",
    "osaker_taligenkanning": "Osäker taligenkänning",
    "ej_verifierad": "Ej verifierad",
    "saknar_kalla": "Saknar källa",
    "modellfel": "Modellfel",
}


def render_note(note: dict[str, Any]) -> str:
    """A journal note (wire.note v1 dict) as text for the terminal."""
    meta = note["meta"]
    lines = [
        (
            f"Datum: {meta['datum']} kl. {meta['tid']}   Plats: {meta.get('rum') or '–'}"
            f"   Längd: {meta.get('langd_min', 0):.0f} min"
        ),
    ]
    present = ", ".join(f"{p['namn']} ({p['roll']})" for p in note.get("narvarande", []))
    lines.append(f"Närvarande: {present or '–'}")
    if meta.get("aterstalld"):
        lines.append("OBS: inspelningen återställdes efter ett avbrott – kontrollera allt.")
    for key, title in SECTIONS:
        if note.get(key):
            lines += ["", f"{title}:", *map(_statement_line, note[key])]
    if note.get("klartext"):
        lines += ["", "Klartext:", f"  {note['klartext']}"]
    flags = note.get("flaggor", [])
    if flags:
        lines += ["", f"Att granska före export ({len(flags)}):", *map(_flag_line, flags)]
    return "\n".join(lines)


def _statement_line(s: dict[str, Any]) -> str:
    date = f" [{s['datum']}]" if s.get("datum") else ""
    cites = ", ".join(s.get("citations", []))
    return f"  • {s['text']}{date}  (källa: {cites or 'saknas'})"


def _flag_line(f: dict[str, Any]) -> str:
    name = FLAG_NAMES.get(f["kind"], f["kind"])
    anchor = f.get("segment_id") or f.get("statement_id")
    where = f" [{anchor}]" if anchor else ""
    return f"  ! {name}{where}: {f['detail']}"


# --- main -------------------------------------------------------------------------------------


def demo(args: argparse.Namespace, layout: Layout, procs: Processes) -> None:
    ports, env = Ports(), environment(layout)
    with console.status("[bold]Provisioning the fleet (CA, broker, device rum-1)…"):
        provision(layout, ports, env)
        write_hub_config(layout, ports)
    console.print("[green]✓[/] fleet provisioned: CA, broker config, rum-1 enrolment bundle")
    with console.status("[bold]Starting Mosquitto (mutual TLS), hub, enrolment, ingest…"):
        start_hub(layout, ports, env, procs)
    console.print(f"[green]✓[/] hub running at http://127.0.0.1:{ports.web}")
    tap = start_tap(layout, ports)
    try:
        room = start_device(layout, env, procs, args)
        web = log_in(ports)
        note_pk = hold_meeting(room, web, args.speed, procs.check_alive)
        note = read_note(web, note_pk)
        (layout.root / "note.json").write_text(json.dumps(note, ensure_ascii=False, indent=2))
        if not note.get("meeting_id"):
            msg = "the stored note has no id"
            raise DemoError(msg)
        console.print(Panel(Text(render_note(note)), title="Journalanteckning i Annas inkorg"))
        report_wer(web, note_pk, room.meeting)
        report_tap(tap, note)
        report_measures(ports)
        for who, (username, _, password) in (("caseworker", CASEWORKER), ("DPO", DPO)):
            console.print(
                f"Hub: http://127.0.0.1:{ports.web}  {who} login: [bold]{username}[/] / "
                f"[bold]{password}[/]"
            )
        if not args.once:
            console.print("The hub keeps running; press Ctrl-C to stop everything.")
            while True:
                procs.check_alive()
                time.sleep(1)
    finally:
        tap.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--once", action="store_true", help="exit when the note has arrived")
    parser.add_argument("--speed", type=float, default=1.0, help="play the meeting N× faster")
    parser.add_argument("--meeting", default=DEMO_MEETING, help="corpus meeting id")
    parser.add_argument("--no-llm", action="store_true", help="extractive note layer only")
    parser.add_argument("--workdir", type=Path, default=REPO / "var/demo")
    args = parser.parse_args()
    layout = Layout(args.workdir.resolve())
    shutil.rmtree(layout.root, ignore_errors=True)
    for path in (layout.fleet.parent, layout.hub, layout.device, layout.logs):
        path.mkdir(parents=True, exist_ok=True)
    procs = Processes(layout.logs)
    try:
        demo(args, layout, procs)
    except KeyboardInterrupt:
        console.print("stopping…")
    except DemoError as exc:
        console.print(f"[red]demo failed:[/] {exc}")
        return 1
    finally:
        procs.stop_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
