"""Certificate renewal at two thirds of the lifetime, proven with the current key."""

from __future__ import annotations

import datetime as dt
import ssl
import time
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from device.delivery.outbox import Outbox
from device.enrolment import (
    DeviceIdentity,
    EnrolmentFailedError,
    EnrolmentSettings,
    Transport,
    enrol_first_boot,
    https_transport,
    renew,
    renewal_due,
)
from provisioning import pki
from provisioning.enrol import DeviceRow, Enroller, extract_bundle
from provisioning.registry import Registry
from tests.provisioning.conftest import EnrolmentHub


@pytest.fixture
def identity(enroller: Enroller, tmp_path: Path) -> DeviceIdentity:
    enroller.enroll([DeviceRow("rum-7", "Ekorren", "rum-7")])
    boot = extract_bundle(enroller.layout.bundle("rum-7"), tmp_path / "boot")
    settings = EnrolmentSettings(identity_dir=tmp_path / "data" / "identity", bundle_dir=boot)
    return enrol_first_boot(settings)


def _transport(identity: DeviceIdentity, hub: EnrolmentHub) -> Transport:
    return https_transport(hub.url, identity.ca_file, 10.0)


def _pair_matches(identity: DeviceIdentity) -> bool:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    try:
        context.load_cert_chain(str(identity.cert_file), str(identity.key_file))
    except ssl.SSLError:
        return False
    return True


def test_renewal_is_due_after_two_thirds(identity: DeviceIdentity) -> None:
    """Renewal is not due at half the lifetime and is due at 70 %."""
    cert = identity.certificate()
    start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
    assert not renewal_due(identity, now=start + (end - start) * 0.5)
    assert renewal_due(identity, now=start + (end - start) * 0.7)


def test_renewal_installs_new_certificate_and_key(
    identity: DeviceIdentity, enrolment_hub: EnrolmentHub, registry: Registry
) -> None:
    """Renewal swaps in a certificate for a new key and the registry records it."""
    old = identity.certificate()
    renew(identity, _transport(identity, enrolment_hub))
    new = identity.certificate()
    assert new.serial_number != old.serial_number
    assert new.public_key() != old.public_key()
    assert _pair_matches(identity)
    record = registry.get("rum-7")
    assert record is not None
    assert record.cert_serial == f"{new.serial_number:x}"


def test_old_certificate_stays_in_use_until_the_swap(
    identity: DeviceIdentity, enrolment_hub: EnrolmentHub
) -> None:
    """While the hub answers, the device still reads its old, matching certificate and key."""
    old_serial = identity.certificate().serial_number
    inner = _transport(identity, enrolment_hub)
    seen: list[tuple[int, bool]] = []

    def spy(path: str, body: dict[str, Any]) -> dict[str, Any]:
        answer = inner(path, body)
        seen.append((identity.certificate().serial_number, _pair_matches(identity)))
        return answer

    renew(identity, spy)
    assert seen == [(old_serial, True)]
    assert identity.certificate().serial_number != old_serial


def test_renewal_leaves_the_outbox_alone(
    identity: DeviceIdentity, enrolment_hub: EnrolmentHub, tmp_path: Path
) -> None:
    """A note queued before renewal is still queued after it."""
    outbox = Outbox(tmp_path / "data" / "outbox.sqlite")
    outbox.add("n-1", b"sealed")
    renew(identity, _transport(identity, enrolment_hub))
    assert outbox.contains("n-1")
    outbox.close()


def test_revoked_device_cannot_renew(
    identity: DeviceIdentity, enrolment_hub: EnrolmentHub, registry: Registry
) -> None:
    """Once revoked, a device's renewal is refused and its certificate is unchanged."""
    old_serial = identity.certificate().serial_number
    registry.revoke("rum-7")
    with pytest.raises(EnrolmentFailedError, match="not active"):
        renew(identity, _transport(identity, enrolment_hub))
    assert identity.certificate().serial_number == old_serial


def test_stale_renewal_proof_is_refused(
    identity: DeviceIdentity, enrolment_hub: EnrolmentHub
) -> None:
    """A proof timestamped an hour ago is refused."""
    with pytest.raises(EnrolmentFailedError, match="stale"):
        renew(identity, _transport(identity, enrolment_hub), now=time.time() - 3600)


def test_proof_by_another_key_is_refused(
    identity: DeviceIdentity, enrolment_hub: EnrolmentHub, tmp_path: Path
) -> None:
    """Someone with the certificate but not its key cannot renew it."""
    thief = DeviceIdentity(tmp_path / "thief")
    thief.install(identity.cert_file.read_bytes(), ec.generate_private_key(ec.SECP256R1()))
    (thief.root / "device.json").write_text(identity.info_file.read_text())
    with pytest.raises(EnrolmentFailedError, match="does not verify"):
        renew(thief, _transport(identity, enrolment_hub))


def test_expired_certificate_cannot_renew(
    identity: DeviceIdentity, enrolment_hub: EnrolmentHub
) -> None:
    """A certificate past its end is refused; the device must re-enrol with a new token."""
    fleet_authority = enrolment_hub.service.authority
    key = ec.generate_private_key(ec.SECP256R1())
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=3)
    expired = fleet_authority.issue_device(
        pki.make_csr(key, "x"), "rum-7", lifetime=dt.timedelta(days=1), valid_from=past
    )
    identity.install(pki.cert_pem(expired), key)
    with pytest.raises(EnrolmentFailedError, match="not valid now"):
        renew(identity, _transport(identity, enrolment_hub))
