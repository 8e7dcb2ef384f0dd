"""Device MQTT adapter (paho-mqtt 2.x, MQTT 5, mutual TLS): publish the outbox, take commands.

The outbox, not paho, is the source of truth: paho keeps publishes made while offline only
in memory, so this adapter publishes only while connected and re-publishes every unacked
note after each (re)connect and on backoff. Commands arrive on ``fleet/<id>/cmd/#`` over a
persistent session (``clean_start=False`` + session expiry), so acks sent while the device
was offline are delivered when it returns.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import paho.mqtt.client as mqtt
from cryptography.hazmat.primitives.asymmetric import ed25519
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from common.mqtt import TlsFilesError, TlsIdentity, tls_client
from device.delivery.outbox import Outbox
from device.delivery.receipts import AckHandler
from device.delivery.settings import DeliverySettings
from device.errors import DeviceError
from wire import commands, topics
from wire.envelope import utc_now
from wire.status import Status

log = logging.getLogger(__name__)


class DeliveryError(DeviceError, RuntimeError):
    """The MQTT connection cannot be set up; the message says which file or setting."""


def _ignore(_: Any) -> None:
    return None


class DeviceMqtt:
    """Delivers sealed notes from the outbox and dispatches hub commands to callbacks."""

    def __init__(
        self,
        settings: DeliverySettings,
        outbox: Outbox,
        signing_key: ed25519.Ed25519PrivateKey,
        *,
        on_delivered: Callable[[str], None],
        on_claim: Callable[[commands.Claim | commands.Release], None] = _ignore,
        on_config: Callable[[commands.Config], None] = _ignore,
        on_rejected: Callable[[commands.Reject], None] = _ignore,
        heartbeat: Callable[[], dict[str, Any]] | None = None,
    ) -> None:
        self.settings = settings
        self.outbox = outbox
        self.connected = threading.Event()
        self._acks = AckHandler(settings.device_id, outbox, signing_key, on_delivered)
        self._on_claim = on_claim
        self._on_config = on_config
        self._on_rejected = on_rejected
        self._heartbeat = heartbeat
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._status_mids: dict[int, list[str]] = {}
        self._note_mids: set[int] = set()
        self.notes_pubacked = 0
        """Note publishes the broker has PUBACKed (not proof of storage; the ack is)."""
        self._thread = threading.Thread(target=self._pump_loop, name="outbox-pump", daemon=True)
        self._client = self._make_client()

    # --- lifecycle -----------------------------------------------------------------------

    def start(self) -> None:
        """Connect in the background and start publishing the outbox."""
        props = Properties(PacketTypes.CONNECT)  # type: ignore[no-untyped-call]
        props.SessionExpiryInterval = self.settings.session_expiry_s
        try:
            self._client.connect_async(
                self.settings.broker_host,
                self.settings.broker_port,
                keepalive=self.settings.keepalive_s,
                clean_start=False,
                properties=props,
            )
        except ValueError as exc:  # paho refuses a bad port or keepalive this way
            raise DeliveryError(str(exc)) from exc
        self._client.loop_start()
        self._thread.start()

    def stop(self) -> None:
        """Publish "offline", disconnect and stop the threads (the outbox keeps everything)."""
        self._stop.set()
        self._wake.set()
        if self.connected.is_set():
            info = self._client.publish(
                self._status_topic, self._status("offline"), qos=1, retain=True
            )
            info.wait_for_publish(timeout=2)
        self._client.disconnect()
        self._client.loop_stop()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def submit(self, meeting_id: str, envelope: bytes) -> None:
        """Durably queue a sealed note; it is published as soon as the broker is reachable."""
        self.outbox.add(meeting_id, envelope)
        self._wake.set()

    # --- paho wiring ---------------------------------------------------------------------

    def _make_client(self) -> mqtt.Client:
        s = self.settings
        identity = TlsIdentity(s.device_id, s.ca_file, s.cert_file, s.key_file)
        try:
            client = tls_client(identity)
        except TlsFilesError as exc:
            raise DeliveryError(str(exc)) from exc
        client.will_set(self._status_topic, self._status("offline"), qos=1, retain=True)
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_message = self._on_message
        client.on_publish = self._on_publish
        return client

    @property
    def _status_topic(self) -> str:
        return topics.status(self.settings.device_id)

    def _on_connect(self, client: mqtt.Client, _u: Any, _f: Any, reason: Any, _p: Any) -> None:
        if reason.is_failure:
            log.warning("broker refused connection: %s", reason)
            return
        log.info("connected to broker as %s", self.settings.device_id)
        client.subscribe(topics.command(self.settings.device_id, "#"), qos=1)
        self.connected.set()
        self.outbox.reschedule_all()  # the broker may have lost PUBACKed notes
        self._publish_status()
        self._wake.set()

    def _on_disconnect(self, _c: mqtt.Client, _u: Any, _f: Any, reason: Any, _p: Any) -> None:
        self.connected.clear()
        log.info("disconnected from broker: %s", reason)

    def _on_publish(self, _c: mqtt.Client, _u: Any, mid: int, _r: Any, _p: Any) -> None:
        if mid in self._note_mids:
            self._note_mids.discard(mid)
            self.notes_pubacked += 1
        reported = self._status_mids.pop(mid, None)
        if reported:
            self.outbox.mark_receipts_reported(reported)

    def _on_message(self, _c: mqtt.Client, _u: Any, message: mqtt.MQTTMessage) -> None:
        try:
            command = commands.decode(bytes(message.payload))
        except commands.CommandError as exc:
            log.warning("ignoring command on %s: %s", message.topic, exc)
            return
        try:
            self._dispatch(command)
        except Exception:  # a failing callback must not kill the network thread
            log.exception("handling %s failed; it will be retried on the next ack", command)

    def _dispatch(self, command: commands.Command) -> None:
        if isinstance(command, commands.Ack):
            if self._acks(command.meeting_id) is not None:
                self._publish_status()
                self._wake.set()  # the next note may go now
        elif isinstance(command, commands.Reject):
            if self.outbox.park(command.meeting_id, command.reason):
                log.error(
                    "hub refused the note of meeting %s: %s; parked",
                    command.meeting_id,
                    command.reason,
                )
                self._on_rejected(command)
                self._wake.set()
        elif isinstance(command, commands.Claim | commands.Release):
            self._on_claim(command)
        else:
            self._on_config(command)

    # --- publishing ----------------------------------------------------------------------

    def _status(self, state: str, receipts: tuple[Any, ...] = ()) -> bytes:
        return Status(
            device_id=self.settings.device_id,
            state=state,
            at=utc_now(),
            pending=self.outbox.pending(),
            receipts=receipts,
            heartbeat=self._health() if state == "online" else None,
        ).to_bytes()

    def _health(self) -> dict[str, Any] | None:
        if self._heartbeat is None:
            return None
        try:
            return self._heartbeat()
        except Exception:  # health is best effort; the status must still go out
            log.exception("heartbeat provider failed")
            return None

    def _publish_status(self) -> None:
        receipts = tuple(self.outbox.unreported_receipts(self.settings.device_id))
        info = self._client.publish(
            self._status_topic, self._status("online", receipts), qos=1, retain=True
        )
        if receipts:
            self._status_mids[info.mid] = [r.meeting_id for r in receipts]

    def publish_due(self) -> int:
        """Publish every note due now, oldest first; returns how many were handed to paho."""
        if not self.connected.is_set():
            return 0
        sent = 0
        for entry in self.outbox.due(window=self.settings.window):
            info = self._client.publish(
                topics.note(self.settings.device_id, entry.meeting_id), entry.envelope, qos=1
            )
            if info.rc != mqtt.MQTT_ERR_SUCCESS:
                break
            self._note_mids.add(info.mid)
            self.outbox.mark_published(entry.meeting_id)
            sent += 1
        return sent

    def _pump_loop(self) -> None:
        next_heartbeat = time.monotonic() + self.settings.heartbeat_s
        while not self._stop.is_set():
            self._wake.wait(self.settings.pump_interval_s)
            self._wake.clear()
            try:
                self.publish_due()
                if time.monotonic() >= next_heartbeat and self.connected.is_set():
                    self._publish_status()
                    next_heartbeat = time.monotonic() + self.settings.heartbeat_s
            except Exception:  # keep delivering; the outbox still holds everything
                log.exception("outbox pump failed; retrying")
                self._stop.wait(1.0)
