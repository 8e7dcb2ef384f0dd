"""The demo's room side: enrol the device, run its daemon on a file microphone, hold a meeting."""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy import select

from device import control
from device.hardware.alsa_file import write_alsa_config
from hub import config as hub_config
from hub.registry import Registry
from hub.store.db import make_engine, session_factory
from hub.store.keyring import Keyring, load_master_key
from hub.store.notes import NoteStore
from hub.store.tables import StoredNote
from models.corpus import ensure_corpus

if TYPE_CHECKING:
    import httpx
    from demo import Layout, Ports, Processes

PY = sys.executable
PCM = "samtal_demo_mic"
CHANNELS = 4
GEOMETRY = "respeaker-4mic"
RATE = 16000
TAIL_S = 3.0
MODELS = Path("~/.cache/samtal/models").expanduser()
CASEWORKER_NAME = "Anna Berg"
"""The demo caseworker (scripts/demo.py CASEWORKER), listed first among those present."""
LLM_MODEL = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
"""The instruct test model (Qwen2.5-Coder 1.5B); production configures a larger GGUF."""


def write_microphone(device_dir: Path, meeting_raw: Path) -> tuple[Path, int]:
    """A 4-channel file-backed ALSA mic: the meeting, then a short silence."""
    audio = np.fromfile(meeting_raw, dtype="<i2").reshape(-1, CHANNELS)
    raw = device_dir / "mic4.raw"
    tail = np.zeros((int(TAIL_S * RATE), CHANNELS), "<i2")
    np.concatenate([audio, tail]).tofile(raw)
    return write_alsa_config(raw, CHANNELS, name=PCM), len(audio)


def write_device_config(device_dir: Path, speed: float, models: Path, *, llm: bool) -> Path:
    state = device_dir / "state"
    path = device_dir / "device.toml"
    llm_table = (
        f'''[note.llm]
model_path = "{models / LLM_MODEL}"
'''
        if llm
        else ""
    )
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
models_dir = "{models}"
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
        from demo import DemoError  # noqa: PLC0415 - avoids an import cycle with demo.py

        msg = f"device refused {cmd}: {reply.get('error')}"
        raise DemoError(msg)
    return reply


def _inbox_note_ids(web: httpx.Client) -> list[str]:
    page = web.get("/notes")
    return re.findall(r'href="/notes/([A-Za-z0-9_-]+)"', page.text)


def load_note(layout: Layout, note_pk: str) -> dict[str, Any]:
    """The stored note as the hub decrypts it for the caseworker's view."""
    settings, _ = hub_config.load(layout.hub / "hub.toml")
    keyring = Keyring(
        load_master_key(settings.master_key_file),
        session_factory(make_engine(settings.keystore_url)),
    )
    sessions = session_factory(make_engine(settings.database_url))
    store = NoteStore(sessions, keyring)
    with sessions() as session:
        row = session.scalars(select(StoredNote).where(StoredNote.id == int(note_pk))).one()
        draft: dict[str, Any] = store.load(row).draft
    return draft


def run_device_part(
    layout: Layout,
    ports: Ports,
    env: dict[str, str],
    procs: Processes,
    *,
    meeting: str,
    speed: float,
    llm: bool,
    console: Console,
    claim: Callable[[int, list[tuple[str, str]]], httpx.Client],
    check: Callable[[], None],
) -> dict[str, Any]:
    from demo import DemoError, run, wait_for  # noqa: PLC0415 - avoids an import cycle

    device_dir, state = layout.device, layout.device / "state"
    with console.status("[bold]Preparing the Swedish test meeting and the device…"):
        recording = ensure_corpus()[meeting]
        alsa, frames = write_microphone(device_dir, recording.mic4_raw)
        bundle = layout.fleet / "bundles" / "rum-1.zip"
        run([PY, "-m", "device", "enroll", "--bundle", str(bundle), "--state", str(state)], env)
        config = write_device_config(device_dir, speed, MODELS, llm=llm)
    console.print(
        f"[green]✓[/] rum-1 enrolled itself (keys made on the device); meeting "
        f"{meeting} ({frames / RATE / 60:.1f} min, {CHANNELS}-mic array)"
    )
    device_env = {**env, "ALSA_CONFIG_PATH": str(alsa), "GPIOZERO_PIN_FACTORY": "mock"}
    log = procs.start("device", [PY, "-m", "device", "run", "--config", str(config)], device_env)
    sock = device_dir / "control.sock"
    wait_for("the device daemon", sock.exists, 90, log)
    # The room is claimable once the hub has heard the device: its heartbeat follows its
    # command subscription on the same connection, so the claim cannot be missed.
    wait_for("the device to come online at the hub", lambda: _online(layout), 60, log)
    clients = [
        (p["namn"], p["roll"])
        for p in recording.reference.facts["present"]
        if "socialsekreterare" not in p["roll"]
    ]
    web = claim(60, [(CASEWORKER_NAME, "socialsekreterare"), *clients])
    wait_for("the hub claim to arm the device", lambda: _status(sock)["state"] == "armed", 30, log)
    names = ", ".join(name for name, _ in clients)
    console.print(
        f"[green]✓[/] Anna claimed Rum 1 on the hub with {names} present "
        "(klienten är informerad); LED: armed"
    )
    _send(sock, "press")
    console.print("[red]●[/] recording — the LED is on while the microphone is open")
    _play(sock, frames, speed, check)
    _send(sock, "long-press")
    stopped = time.monotonic()
    console.print("[green]✓[/] stopped (long press); transcribing, drafting, sealing, delivering…")
    with console.status("[bold]Waiting for the note in Anna's inbox…"):
        wait_for("the note in the inbox", lambda: bool(_inbox_note_ids(web)), 600, log)
    arrived = time.monotonic() - stopped
    note_pk = _inbox_note_ids(web)[0]
    wait_for("the device to delete audio and transcript", lambda: _empty(state), 60, log)
    console.print(
        f"[green]✓[/] note in Anna's inbox {arrived:.1f} s after stop; audio and transcript "
        "deleted on the device after the hub's ack"
    )
    note = load_note(layout, note_pk)
    (layout.root / "note.json").write_text(json.dumps(note, ensure_ascii=False, indent=2))
    if not note.get("note_id"):
        msg = "the stored note has no id"
        raise DemoError(msg)
    return note


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
    from demo import DemoError  # noqa: PLC0415

    msg = "the device did not capture the whole meeting in time"
    raise DemoError(msg)


def _online(layout: Layout) -> bool:
    settings, _ = hub_config.load(layout.hub / "hub.toml")
    engine = make_engine(settings.database_url)
    try:
        record = Registry(session_factory(engine)).get("rum-1")
    finally:
        engine.dispose()
    return record is not None and bool(record.online)


def _empty(state: Path) -> bool:
    return not any((state / "spool").glob("*")) and not any((state / "transcripts").glob("*"))
