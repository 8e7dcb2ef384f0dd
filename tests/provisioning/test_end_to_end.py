"""Enrolled and renewed certificates work on the real broker; revocation stops both."""

from __future__ import annotations

from pathlib import Path

import pytest

from device.enrolment import (
    DeviceIdentity,
    EnrolmentSettings,
    enrol_first_boot,
    https_transport,
    renew,
)
from provisioning.enrol import DeviceRow, Enroller, extract_bundle
from provisioning.registry import Registry
from provisioning.revocation import revoke_device
from tests.provisioning import mqtt_client as mc
from tests.provisioning.conftest import EnrolmentHub
from tests.provisioning.harness import RunningBroker, TestFleet
from wire import topics


@pytest.fixture
def identity(enroller: Enroller, tmp_path: Path) -> DeviceIdentity:
    enroller.enroll([DeviceRow("rum-7", "Ekorren", "rum-7")])
    boot = extract_bundle(enroller.layout.bundle("rum-7"), tmp_path / "boot")
    settings = EnrolmentSettings(identity_dir=tmp_path / "data" / "identity", bundle_dir=boot)
    return enrol_first_boot(settings)


def _connect(identity: DeviceIdentity, broker: RunningBroker, cert: Path, key: Path) -> mc.Client:
    return mc.connect(broker.port, identity.ca_file, cert, key, client_id="rum-7")


def test_enrolled_device_publishes_its_status(
    identity: DeviceIdentity, broker: RunningBroker
) -> None:
    """The certificate from first-boot enrolment is accepted and may publish its status."""
    client = _connect(identity, broker, identity.cert_file, identity.key_file)
    assert mc.is_connected(client)
    assert not mc.publish(client, topics.status("rum-7"), b"{}").is_failure
    mc.close(client)


def test_old_certificate_keeps_working_after_renewal(
    identity: DeviceIdentity, broker: RunningBroker, enrolment_hub: EnrolmentHub
) -> None:
    """Renewal does not revoke the previous certificate; both connect until it expires."""
    old_cert = identity.cert_file.resolve()
    old_key = identity.key_file.resolve()
    renew(identity, https_transport(enrolment_hub.url, identity.ca_file, 10.0))
    for cert, key in ((old_cert, old_key), (identity.cert_file, identity.key_file)):
        client = _connect(identity, broker, cert, key)
        assert mc.is_connected(client)
        mc.close(client)


def test_revocation_refuses_old_and_renewed_certificates(
    identity: DeviceIdentity,
    broker: RunningBroker,
    enrolment_hub: EnrolmentHub,
    fleet: TestFleet,
    registry: Registry,
) -> None:
    """After revoke, neither the first nor the renewed certificate can connect."""
    old_cert, old_key = identity.cert_file.resolve(), identity.key_file.resolve()
    renew(identity, https_transport(enrolment_hub.url, identity.ca_file, 10.0))
    revoke_device(fleet.layout, registry, "rum-7")
    broker.reload()
    for cert, key in ((old_cert, old_key), (identity.cert_file, identity.key_file)):
        client = _connect(identity, broker, cert, key)
        assert not mc.is_connected(client)
        mc.close(client)
