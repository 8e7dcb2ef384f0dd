"""The whole daemon: core + speech + note + delivery, as `python -m device run` starts it.

`run_full_daemon` checks the model files and the enrolled identity up front (a clear error
naming the file and the command that provides it), then runs the core daemon with the
meeting pipeline as its consumer and block subscriber, and the MQTT client delivering the
outbox, taking hub claims and sending heartbeats.
"""

from __future__ import annotations

import importlib.metadata
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from device.app import App
from device.capture.keys import FileStorageKey
from device.capture.spool import Spool
from device.daemon import run_daemon
from device.delivery.mqtt_client import DeviceMqtt
from device.delivery.outbox import Outbox
from device.delivery.sealing import Sealer
from device.delivery.settings import DeliverySettings
from device.enrolment import DeviceIdentity
from device.meeting import MeetingPipeline
from device.note import load_model
from device.preflight import check_enrolled, check_models, model_files
from device.settings import DeviceSettings
from device.transcripts import TranscriptStore
from wire import commands, heartbeat
from wire.note import Note
from wire.recipient import RecipientPublicKey
from wire.transcript import Transcript

log = logging.getLogger(__name__)


def load_sealer(settings: DeviceSettings, device_id: str) -> Sealer:
    """The note sealer from the enrolled identity (signing key and the hub's key)."""
    identity = DeviceIdentity(settings.identity.identity_dir)
    check_enrolled(identity)
    recipient = RecipientPublicKey.from_bytes(identity.recipient_file.read_bytes())
    return Sealer(device_id, identity.signing_key(), recipient)


@dataclass
class Heartbeats:
    """Builds the heartbeat the MQTT client sends with its retained status."""

    settings: DeviceSettings
    outbox: Outbox
    app: App | None = None
    recordings: int = 0
    last_recording_at: str | None = None

    def finished(self) -> None:
        """Count a finished recording."""
        self.recordings += 1
        self.last_recording_at = datetime.now(UTC).isoformat(timespec="seconds")

    def __call__(self) -> dict[str, Any]:
        beat = heartbeat.Heartbeat(
            software_version=_version(),
            uptime_s=heartbeat.uptime_s(),
            free_disk_bytes=heartbeat.free_disk_bytes(self.settings.spool.root),
            queue_length=self.outbox.pending(),
            model_versions={what: path.name for path, what in model_files(self.settings)[1:2]},
            temperature_c=heartbeat.temperature_c(),
            last_recording_at=self.last_recording_at,
            recordings_total=self.recordings,
        )
        return beat.to_dict()


@dataclass
class ClaimRelay:
    """Hands hub claims to the app once it exists (the MQTT client is made before it)."""

    target: Callable[[commands.Claim | commands.Release], None] | None = None

    def __call__(self, command: commands.Claim | commands.Release) -> None:
        if self.target is None:
            log.warning("hub claim %s before the daemon was ready; ignored", command.session_id)
            return
        self.target(command)


def _version() -> str:
    try:
        return importlib.metadata.version("samtal")
    except importlib.metadata.PackageNotFoundError:
        return "dev"


def run_full_daemon(
    settings: DeviceSettings,
    stop: threading.Event,
    *,
    pin_factory: Any = None,
    on_ready: Callable[[App], None] | None = None,
) -> None:
    """Run the daemon with speech, note and delivery until ``stop`` is set."""
    delivery = settings.delivery
    if delivery is None:
        raise ValueError("run_full_daemon needs [delivery] settings")
    check_models(settings)
    sealer = load_sealer(settings, delivery.device_id)
    outbox = Outbox(
        delivery.outbox_path,
        retry_initial_s=delivery.retry_initial_s,
        retry_max_s=delivery.retry_max_s,
    )
    keys = FileStorageKey.load_or_create(settings.spool.storage_key_path)
    beats = Heartbeats(settings, outbox)
    holder: list[DeviceMqtt] = []
    model = load_model(settings.note.llm)  # its own process: a crash there is a modellfel

    def deliver(note: Note, transcript: Transcript) -> None:
        note_id, envelope = sealer.seal(note, transcript)
        holder[0].submit(note_id, envelope)

    pipeline = MeetingPipeline(
        settings,
        Spool(settings.spool, keys),
        TranscriptStore(settings.meeting.transcript_dir, keys),
        deliver,
        queued=lambda rid: outbox.contains(rid) or rid in dict(outbox.parked()),
        model=model,
        room=_room(settings),
    )
    claims = ClaimRelay()
    mqtt = _mqtt(
        delivery, outbox=outbox, sealer=sealer, pipeline=pipeline, beats=beats, claims=claims
    )
    holder.append(mqtt)

    def ready(app: App) -> None:
        pipeline.poster = app
        beats.app = app
        claims.target = app.on_hub_claim
        pipeline.start()
        queued = pipeline.catch_up()
        if queued:
            log.info("%d undelivered recording(s) on the spool queued for processing", queued)
        mqtt.start()
        if on_ready is not None:
            on_ready(app)

    def consume(found: Any) -> None:
        beats.finished()
        pipeline.consume(found)

    try:
        run_daemon(
            settings,
            stop,
            consumer=consume,
            block_subscribers=[pipeline.on_block],
            pin_factory=pin_factory,
            on_ready=ready,
        )
    finally:
        pipeline.stop()
        mqtt.stop()
        outbox.close()
        if model is not None:
            model.close()


def _mqtt(
    delivery: DeliverySettings,
    *,
    outbox: Outbox,
    sealer: Sealer,
    pipeline: MeetingPipeline,
    beats: Heartbeats,
    claims: ClaimRelay,
) -> DeviceMqtt:
    return DeviceMqtt(
        delivery,
        outbox,
        sealer.signing_key,
        on_delivered=pipeline.delivered,
        on_claim=claims,
        on_config=lambda command: log.warning(
            "config command with %s received; not applied by this version",
            ", ".join(sorted(command.values)) or "no values",
        ),
        on_rejected=lambda reject: log.error(
            "hub refused note %s (%s); its recording stays on the spool for support",
            reject.note_id,
            reject.reason,
        ),
        heartbeat=beats,
    )


def _room(settings: DeviceSettings) -> str:
    identity = DeviceIdentity(settings.identity.identity_dir)
    if not identity.info_file.exists():
        return ""
    try:
        return str(identity.info().get("room", ""))
    except (OSError, ValueError):
        return ""
