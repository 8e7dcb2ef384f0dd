"""Real MQTT pieces for hub tests: hub worker identities, ingest workers, devices, notes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hub.commands import HubMqttSettings
from hub.ingest.receipts import ReceiptStore
from hub.ingest.worker import IngestBackends, IngestWorker
from hub.settings import HubSettings
from hub.store.db import make_engine, session_factory
from hub.store.keyring import Keyring, load_master_key
from hub.store.notes import NoteStore
from provisioning.registry import NewDevice, Registry
from tests.delivery.support import wait_for
from tests.hub.harness import sample_payload
from tests.provisioning.harness import RunningBroker, TestFleet
from wire.envelope import NotePayload, seal
from wire.note import Note
from wire.recipient import RecipientPrivateKey
from wire.transcript import Transcript


def hub_mqtt(fleet: TestFleet, broker: RunningBroker, client_id: str) -> HubMqttSettings:
    identity = fleet.hubs[client_id]
    return HubMqttSettings(
        client_id=client_id,
        broker_host=broker.host,
        broker_port=broker.port,
        ca_file=fleet.ca_cert,
        cert_file=identity.cert,
        key_file=identity.key,
    )


def register_devices(settings: HubSettings, fleet: TestFleet) -> None:
    """Put every fleet device into the hub registry as active, with its signing key."""
    registry = Registry(session_factory(make_engine(settings.database_url)))
    expires = datetime.now(UTC) + timedelta(days=1)
    for device in fleet.devices.values():
        room = f"Rum {device.device_id.rsplit('-', 1)[-1]}"
        registry.add(NewDevice(device.device_id, room, room, f"t-{device.device_id}", expires))
        registry.activate(
            device.device_id,
            device.signing_public_key,
            device.tls.serial,
            expires + timedelta(days=365),
        )


def ingest_worker(
    settings: HubSettings, mqtt: HubMqttSettings, recipient: RecipientPrivateKey
) -> IngestWorker:
    """The delivery task's ingest worker over this hub's real store; started and subscribed."""
    sessions = session_factory(make_engine(settings.database_url))
    keyring = Keyring(
        load_master_key(settings.master_key_file),
        session_factory(make_engine(settings.keystore_url)),
    )
    backends = IngestBackends(
        Registry(sessions), NoteStore(sessions, keyring), ReceiptStore(sessions)
    )
    worker = IngestWorker(mqtt, backends, recipient)
    worker.start()
    wait_for(worker.ready.is_set, 30, f"{mqtt.client_id} to subscribe")
    return worker


def sealed_note(
    fleet: TestFleet,
    recipient: RecipientPrivateKey,
    meeting_id: str,
    device_id: str = "rum-1",
    **kwargs: str,
) -> bytes:
    """A sample note (meeting started now) sealed and signed as ``device_id``."""
    data = sample_payload(
        meeting_id, started_at=datetime.now(UTC).isoformat(), device_id=device_id, **kwargs
    )
    payload = NotePayload(Note.from_dict(data["note"]), Transcript.from_dict(data["transcript"]))
    return seal(
        payload,
        device_id=device_id,
        recipient=recipient.public_key(),
        signing_key=fleet.devices[device_id].load_signing_key(),
    )
