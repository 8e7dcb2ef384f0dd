"""First-boot enrolment against a real HTTPS endpoint: keys stay on the device."""

from __future__ import annotations

import base64
import datetime as dt
import json
import shutil
import stat
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from device.enrolment import (
    DeviceIdentity,
    EnrolmentFailedError,
    EnrolmentSettings,
    enrol_first_boot,
)
from provisioning import pki
from provisioning.enrol import DeviceRow, Enroller, extract_bundle
from provisioning.registry import Registry
from tests.provisioning.conftest import EnrolmentHub


def _settings(
    enroller: Enroller, tmp_path: Path, device_id: str, box: str = "box"
) -> EnrolmentSettings:
    archive = enroller.layout.bundle(device_id)
    if not archive.exists():
        enroller.enroll([DeviceRow(device_id, "Ekorren", device_id)])
    boot = extract_bundle(archive, tmp_path / box / "boot")
    return EnrolmentSettings(identity_dir=tmp_path / box / "data" / "identity", bundle_dir=boot)


def _private_forms(identity: DeviceIdentity) -> list[bytes]:
    """Every encoding of the device's private keys that could leak into a request."""
    forms: list[bytes] = []
    for key in (identity.signing_key(), identity.tls_key()):
        der = key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        forms += [der, base64.b64encode(der), der.hex().encode()]
    raw = identity.signing_key().private_bytes_raw()
    forms += [raw, base64.b64encode(raw), raw.hex().encode()]
    scalar = identity.tls_key().private_numbers().private_value.to_bytes(32, "big")
    forms += [scalar, base64.b64encode(scalar), scalar.hex().encode()]
    return forms


def test_first_boot_gets_certificate_for_its_device_id(enroller: Enroller, tmp_path: Path) -> None:
    """A device enrols with its bundle and receives a certificate whose CN is its id."""
    identity = enrol_first_boot(_settings(enroller, tmp_path, "rum-7"))
    assert pki.common_name(identity.certificate()) == "rum-7"


def test_enrolment_activates_device_with_its_signing_key(
    enroller: Enroller, registry: Registry, tmp_path: Path
) -> None:
    """After enrolment the registry holds the device's own Ed25519 public key."""
    identity = enrol_first_boot(_settings(enroller, tmp_path, "rum-7"))
    record = registry.get("rum-7")
    assert record is not None
    assert record.is_active
    assert record.signing_public_key == identity.signing_key().public_key().public_bytes_raw()


def test_enrolment_request_carries_no_private_key(
    enroller: Enroller, enrolment_hub: EnrolmentHub, tmp_path: Path
) -> None:
    """No captured request body contains any encoding of a device private key."""
    identity = enrol_first_boot(_settings(enroller, tmp_path, "rum-7"))
    bodies = [b for b in enrolment_hub.captured if b]
    assert bodies
    for body in bodies:
        assert b"PRIVATE KEY" not in body
        for form in _private_forms(identity):
            assert form not in body


def test_issued_certificate_key_equals_csr_key(
    enroller: Enroller, enrolment_hub: EnrolmentHub, tmp_path: Path
) -> None:
    """The certificate the hub issues holds exactly the public key of the captured CSR."""
    identity = enrol_first_boot(_settings(enroller, tmp_path, "rum-7"))
    request = json.loads(enrolment_hub.captured[-1])
    csr = x509.load_pem_x509_csr(request["csr_pem"].encode())
    assert csr.public_key() == identity.certificate().public_key()


def test_replayed_token_is_refused(enroller: Enroller, tmp_path: Path) -> None:
    """A second enrolment with the same bundle (token) is refused."""
    enrol_first_boot(_settings(enroller, tmp_path, "rum-7"))
    with pytest.raises(EnrolmentFailedError, match="already used"):
        enrol_first_boot(_settings(enroller, tmp_path, "rum-7", box="clone"))


def test_expired_token_is_refused(enroller: Enroller, registry: Registry, tmp_path: Path) -> None:
    """A token past its expiry cannot enrol a device."""
    settings = _settings(enroller, tmp_path, "rum-7")
    manifest = json.loads((settings.bundle_dir / "enrolment.json").read_text())
    past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    registry.new_token("rum-7", "expired-token-value", past)
    manifest["token"] = "expired-token-value"
    (settings.bundle_dir / "enrolment.json").write_text(json.dumps(manifest))
    with pytest.raises(EnrolmentFailedError, match="expired"):
        enrol_first_boot(settings)


def test_unknown_token_is_refused(enroller: Enroller, tmp_path: Path) -> None:
    """A made-up token is refused and nothing is installed on the device."""
    settings = _settings(enroller, tmp_path, "rum-7")
    manifest = json.loads((settings.bundle_dir / "enrolment.json").read_text())
    manifest["token"] = "guessed"
    (settings.bundle_dir / "enrolment.json").write_text(json.dumps(manifest))
    with pytest.raises(EnrolmentFailedError, match="unknown enrolment token"):
        enrol_first_boot(settings)
    assert not DeviceIdentity(settings.identity_dir).enrolled


def test_private_key_files_are_0600(enroller: Enroller, tmp_path: Path) -> None:
    """The signing key and the TLS key are readable by their owner only."""
    identity = enrol_first_boot(_settings(enroller, tmp_path, "rum-7"))
    for path in (identity.signing_key_file, identity.key_file.resolve()):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_device_refuses_a_hub_outside_the_fleet_ca(enroller: Enroller, tmp_path: Path) -> None:
    """With a foreign CA in the bundle the device will not talk to the hub."""
    settings = _settings(enroller, tmp_path, "rum-7")
    foreign = pki.make_root_ca("someone else")
    (settings.bundle_dir / "ca.pem").write_bytes(pki.cert_pem(foreign.cert))
    with pytest.raises(EnrolmentFailedError, match="cannot reach the hub"):
        enrol_first_boot(settings)


def test_device_enrols_from_the_zip_on_the_boot_partition(
    enroller: Enroller, tmp_path: Path
) -> None:
    """The bundle zip copied as-is onto the boot partition is enough to enrol."""
    enroller.enroll([DeviceRow("rum-8", "Eken", "rum-8")])
    boot = tmp_path / "boot"
    boot.mkdir()
    shutil.copy(enroller.layout.bundle("rum-8"), boot / "rum-8.zip")
    settings = EnrolmentSettings(identity_dir=tmp_path / "data" / "identity", bundle_dir=boot)
    assert enrol_first_boot(settings).device_id == "rum-8"


def test_missing_bundle_is_a_clear_error(tmp_path: Path) -> None:
    """Without a bundle the device says where it looked."""
    settings = EnrolmentSettings(identity_dir=tmp_path / "id", bundle_dir=tmp_path / "empty")
    with pytest.raises(EnrolmentFailedError, match="no enrolment bundle"):
        enrol_first_boot(settings)


def test_reissued_token_re_enrols_a_replaced_card(
    enroller: Enroller, registry: Registry, tmp_path: Path
) -> None:
    """After `rotate token`, a fresh card enrols again and the registry takes its new key."""
    enrol_first_boot(_settings(enroller, tmp_path, "rum-7"))
    enroller.reissue_token("rum-7")
    fresh = enrol_first_boot(_settings(enroller, tmp_path, "rum-7", box="new-card"))
    record = registry.get("rum-7")
    assert record is not None
    assert record.signing_public_key == fresh.signing_key().public_key().public_bytes_raw()
