"""The composition root: the one place the device daemon is built, started and stopped.

The path of one meeting::

    button ─▶ App (claim, state machine, capture onto the encrypted spool)
           ─▶ MeetingPipeline (speech ─▶ transcript ─▶ note)
           ─▶ SealAndQueue (seal for the hub ─▶ outbox)
           ─▶ DeviceMqtt ─▶ hub
    hub ack ─▶ DeviceMqtt ─▶ LocalCopies.delete (audio and transcript) ─▶ Delivered ─▶ light

The parts are built from the hub end back to the button, so each one is handed the next
at construction; nothing is filled in later. Inputs reach the App only as typed events
(device.events) on its :class:`~device.inbox.Inbox`, made first; the other parts talk
through the ports their constructors name. Without a ``[delivery]`` section only the core
runs and recordings wait on the spool. `python -m device run` and the test rigs start it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

from device.answers import ClientAnswers
from device.app import App, Consumer, Consumers
from device.capture.keys import FileStorageKey
from device.capture.spool import Spool
from device.claims import HubClaims
from device.control import ControlServer
from device.delivery.mqtt_client import DeviceMqtt
from device.delivery.outbox import Outbox
from device.delivery.sealing import SealAndQueue, Sealer
from device.delivery.settings import DeliverySettings
from device.enrolment import DeviceIdentity
from device.events import AudioBlock, FinishedRecording
from device.hardware.button import GpioButton
from device.hardware.indicator import Indicator
from device.hardware.mic import PyAudioMic
from device.health import Heartbeats
from device.inbox import Inbox
from device.meeting import LocalCopies, MeetingPipeline
from device.note import load_model
from device.preflight import checked_sealer
from device.settings import DeviceSettings
from device.system import Notifier, configure_logging
from device.transcripts import TranscriptStore
from wire import commands

log = logging.getLogger(__name__)

BlockSubscriber = Callable[[AudioBlock], None]
"""Called with every captured block on the capture thread."""


def run_daemon(
    settings: DeviceSettings,
    stop: threading.Event,
    *,
    pin_factory: Any = None,
    on_ready: Callable[[App], None] | None = None,
) -> None:
    """Build the daemon, run it until ``stop`` is set, then close every part in reverse.

    With ``[delivery]`` the model files and the enrolled identity are checked first, with
    an error naming the missing file and the command that provides it.
    """
    delivery = settings.delivery
    sealer = None if delivery is None else checked_sealer(settings, delivery)
    with ExitStack() as closing:
        inbox, answers = Inbox(), ClientAnswers()
        keys = FileStorageKey.load_or_create(settings.spool.storage_key_path)
        spool = Spool(settings.spool, keys)
        meetings: Meetings | SpoolOnly = SpoolOnly()
        if delivery is not None and sealer is not None:
            parts = MeetingParts(delivery, sealer, spool, keys, inbox, answers)
            meetings = build_meetings(settings, parts, closing)
        mic = PyAudioMic(settings.mic)
        closing.callback(mic.close)
        indicator = Indicator(settings.indicator, pin_factory=pin_factory)
        closing.callback(indicator.close)
        app = App(
            settings,
            indicator=indicator,
            mic=mic,
            spool=spool,
            consumer=meetings.consumer,
            notifier=Notifier(),
            inbox=inbox,
            answers=answers,
        )
        for subscriber in meetings.block_subscribers:
            app.subscribe_blocks(subscriber)
        configure_logging(app.context, journald=settings.system.journald)
        button = GpioButton(settings.button, inbox.post, pin_factory=pin_factory)
        closing.callback(button.close)
        server = ControlServer(settings.control.socket_path, app)
        closing.callback(server.close)
        app.start(mic_probe=mic.find_device)  # recovered recordings go to the consumer now
        server.start()
        meetings.start()
        if on_ready is not None:
            on_ready(app)
        app.run(stop)


class SpoolOnly:
    """Without ``[delivery]``: recordings wait on the spool; nothing else runs."""

    block_subscribers: tuple[BlockSubscriber, ...] = ()

    @staticmethod
    def consumer(found: FinishedRecording) -> None:
        """The App's consumer: log that the recording waits."""
        log.info("meeting %s waits on the spool for speech", found.meeting_id)

    def start(self) -> None:
        """Nothing to start."""


@dataclass(frozen=True)
class MeetingParts:
    """What the hub side is built from: delivery settings, the sealer, storage, the inbox and
    the client's answers (from the App to the note)."""

    delivery: DeliverySettings
    sealer: Sealer
    spool: Spool
    keys: FileStorageKey
    inbox: Inbox
    answers: ClientAnswers


@dataclass(frozen=True)
class Meetings:
    """What a finished recording goes to: speech, note, seal, outbox and the MQTT client."""

    pipeline: MeetingPipeline
    mqtt: DeviceMqtt
    beats: Heartbeats

    @property
    def consumer(self) -> Consumer:
        """The App's consumer: count the recording for the heartbeat, then draft its note."""
        return Consumers((self.beats.recorded, self.pipeline.consume))

    @property
    def block_subscribers(self) -> tuple[BlockSubscriber, ...]:
        """Live blocks feed the recording's speech worker."""
        return (self.pipeline.on_block,)

    def start(self) -> None:
        """Start drafting, queue what an earlier run left undelivered, then connect."""
        self.pipeline.start()
        queued = self.pipeline.catch_up()
        if queued:
            log.info("%d undelivered recording(s) on the spool queued for processing", queued)
        self.mqtt.start()


def build_meetings(settings: DeviceSettings, parts: MeetingParts, closing: ExitStack) -> Meetings:
    """The hub side, from the MQTT client back to the pipeline; ``closing`` stops each part."""
    delivery, spool, inbox = parts.delivery, parts.spool, parts.inbox
    model = load_model(settings.note.llm)  # its own process: a crash there is a modellfel
    if model is not None:
        closing.callback(model.close)
    transcripts = TranscriptStore(settings.meeting.transcript_dir, parts.keys)
    outbox = Outbox(
        delivery.outbox_path,
        retry_initial_s=delivery.retry_initial_s,
        retry_max_s=delivery.retry_max_s,
    )
    closing.callback(outbox.close)
    beats = Heartbeats(settings, outbox)
    mqtt = DeviceMqtt(
        delivery,
        outbox,
        parts.sealer.signing_key,
        on_delivered=LocalCopies(spool, transcripts, inbox).delete,
        on_claim=HubClaims(inbox),
        on_config=config_not_applied,
        on_rejected=note_refused,
        heartbeat=beats,
    )
    closing.callback(mqtt.stop)
    pipeline = MeetingPipeline(
        settings,
        spool,
        transcripts,
        SealAndQueue(parts.sealer, mqtt),
        queued=outbox.holds,
        model=model,
        room=DeviceIdentity(settings.identity.identity_dir).room(),
        answers=parts.answers,
    )
    closing.callback(pipeline.stop)
    return Meetings(pipeline, mqtt, beats)


def config_not_applied(command: commands.Config) -> None:
    """Remote configuration is logged, not applied, by this version."""
    log.warning(
        "config command with %s received; not applied by this version",
        ", ".join(sorted(command.values)) or "no values",
    )


def note_refused(reject: commands.Reject) -> None:
    """A note the hub refused is parked; its recording stays for support."""
    log.error(
        "hub refused the note of meeting %s (%s); its recording stays on the spool for support",
        reject.meeting_id,
        reject.reason,
    )
