"""RAUC A/B update bundles are signed by the fleet and refused when the signature is bad."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from provisioning import pki
from tests.image.conftest import IMAGE, need


def _signer(tmp_path: Path, name: str) -> tuple[Path, Path, Path]:
    """A root CA (the keyring) and an update-signing certificate it issued."""
    root = pki.make_root_ca(f"{name} root")
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _code_signing_cert(root, f"{name} update signer", key)
    keyring, cert_path, key_path = (tmp_path / f"{name}-{p}" for p in ("ca.pem", "sign.pem", "key"))
    keyring.write_bytes(pki.cert_pem(root.cert))
    pki.save_leaf(cert, key, cert_path, key_path)
    return keyring, cert_path, key_path


def _code_signing_cert(
    root: pki.Authority, common_name: str, key: ec.EllipticCurvePrivateKey
) -> x509.Certificate:
    """RAUC checks the signer's purpose: the update signer carries the codeSigning EKU."""
    start = pki.now()
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)]))
        .issuer_name(root.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + pki.dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CODE_SIGNING]), critical=False)
        .sign(root.key, hashes.SHA256())
    )


@pytest.fixture
def bundle(tmp_path: Path) -> tuple[Path, Path]:
    """A bundle built by image/rauc/make-bundle.sh and the fleet keyring that signed it."""
    need("rauc")
    need("mksquashfs")
    keyring, cert, key = _signer(tmp_path, "fleet")
    rootfs = tmp_path / "rootfs.ext4"
    rootfs.write_bytes(bytes(range(256)) * 4096)
    out = tmp_path / "samtal.raucb"
    subprocess.run(
        [str(IMAGE / "rauc/make-bundle.sh"), str(rootfs), "1.2.3", str(cert), str(key), str(out)],
        check=True,
        capture_output=True,
    )
    return out, keyring


def _verify(bundle: Path, keyring: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(IMAGE / "rauc/verify-bundle.sh"), str(bundle), str(keyring)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_fleet_signed_bundle_verifies(bundle: tuple[Path, Path]) -> None:
    """A bundle signed with the fleet's update certificate verifies against the fleet keyring."""
    path, keyring = bundle
    result = _verify(path, keyring)
    assert result.returncode == 0, result.stderr
    assert "RAUC_MF_VERSION='1.2.3'" in result.stdout


def test_bundle_from_another_ca_is_refused(bundle: tuple[Path, Path], tmp_path: Path) -> None:
    """A bundle whose signer does not chain to the fleet keyring is refused."""
    path, _ = bundle
    other_keyring, _, _ = _signer(tmp_path, "other")
    result = _verify(path, other_keyring)
    assert result.returncode != 0
    assert "signature verification failed" in result.stderr


def test_tampered_signature_is_refused(bundle: tuple[Path, Path], tmp_path: Path) -> None:
    """Flipping one byte inside the appended signature makes verification fail."""
    path, keyring = bundle
    data = bytearray(path.read_bytes())
    data[-200] ^= 0xFF
    tampered = tmp_path / "tampered.raucb"
    tampered.write_bytes(bytes(data))
    assert _verify(tampered, keyring).returncode != 0


def test_bundle_signed_by_a_tls_certificate_is_refused(tmp_path: Path) -> None:
    """A fleet certificate without the codeSigning purpose (e.g. a device's) cannot sign updates."""
    need("rauc")
    need("mksquashfs")
    root = pki.make_root_ca("fleet root")
    key = ec.generate_private_key(ec.SECP256R1())
    cert = pki.issue_leaf(root, "rum-1", key.public_key())
    keyring, cert_path, key_path = tmp_path / "ca.pem", tmp_path / "c.pem", tmp_path / "k"
    keyring.write_bytes(pki.cert_pem(root.cert))
    pki.save_leaf(cert, key, cert_path, key_path)
    rootfs, out = tmp_path / "rootfs.ext4", tmp_path / "b.raucb"
    rootfs.write_bytes(bytes(range(256)) * 4096)
    subprocess.run(
        [
            str(IMAGE / "rauc/make-bundle.sh"),
            str(rootfs),
            "1",
            str(cert_path),
            str(key_path),
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    result = _verify(out, keyring)
    assert result.returncode != 0
    assert "purpose" in result.stderr
