"""Fleet PKI: root CA, issuing CA, broker/hub/device certificates and the CRL.

The root CA key is passphrase-protected and only needed to create or renew the issuing
CA; day-to-day issuance (enrolment, renewal, hub and broker certificates, CRL) uses the
issuing CA, whose key lives beside the hub. Every key is ECDSA P-256.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from common.files import write_private
from provisioning.errors import PkiError

ROOT_LIFETIME = dt.timedelta(days=20 * 365)
ISSUING_LIFETIME = dt.timedelta(days=5 * 365)
SERVICE_LIFETIME = dt.timedelta(days=365)
DEVICE_LIFETIME = dt.timedelta(days=30)
CRL_LIFETIME = dt.timedelta(days=30)
_BACKDATE = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class Authority:
    """A CA certificate with its private key, able to sign certificates and CRLs."""

    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey


@dataclass(frozen=True)
class RevokedEntry:
    """One revoked certificate serial and when it was revoked."""

    serial: int
    revoked_at: dt.datetime


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "samtal fleet"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _builder(
    subject: x509.Name,
    issuer: x509.Name,
    public_key: ec.EllipticCurvePublicKey,
    valid_from: dt.datetime,
    lifetime: dt.timedelta,
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid_from - _BACKDATE)
        .not_valid_after(valid_from + lifetime)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )


def make_root_ca(common_name: str = "samtal fleet root CA") -> Authority:
    """Create a self-signed root CA (path length 1: it signs only the issuing CA)."""
    key = new_key()
    name = _name(common_name)
    cert = (
        _builder(name, name, key.public_key(), now(), ROOT_LIFETIME)
        .add_extension(x509.BasicConstraints(ca=True, path_length=1), critical=True)
        .add_extension(_ca_usage(), critical=True)
        .sign(key, hashes.SHA256())
    )
    return Authority(cert, key)


def make_issuing_ca(root: Authority, common_name: str = "samtal fleet issuing CA") -> Authority:
    """Create the online issuing CA, signed by ``root``."""
    key = new_key()
    cert = (
        _builder(_name(common_name), root.cert.subject, key.public_key(), now(), ISSUING_LIFETIME)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_ca_usage(), critical=True)
        .add_extension(_authority_key_id(root), critical=False)
        .sign(root.key, hashes.SHA256())
    )
    return Authority(cert, key)


def _ca_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=True,
        encipher_only=False,
        decipher_only=False,
    )


def _leaf_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=True,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


def _authority_key_id(ca: Authority) -> x509.AuthorityKeyIdentifier:
    return x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key())


def issue_leaf(
    ca: Authority,
    common_name: str,
    public_key: ec.EllipticCurvePublicKey,
    *,
    server: bool = False,
    lifetime: dt.timedelta = SERVICE_LIFETIME,
    valid_from: dt.datetime | None = None,
) -> x509.Certificate:
    """Issue an end-entity certificate for ``public_key`` with CN ``common_name``."""
    usage = ExtendedKeyUsageOID.SERVER_AUTH if server else ExtendedKeyUsageOID.CLIENT_AUTH
    builder = (
        _builder(_name(common_name), ca.cert.subject, public_key, valid_from or now(), lifetime)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_leaf_usage(), critical=True)
        .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
        .add_extension(_authority_key_id(ca), critical=False)
    )
    if server:
        builder = builder.add_extension(_broker_san(common_name), critical=False)
    return builder.sign(ca.key, hashes.SHA256())


def _broker_san(common_name: str) -> x509.SubjectAlternativeName:
    names: list[x509.GeneralName] = [
        x509.DNSName("localhost"),
        x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
    ]
    if common_name not in {"localhost", "127.0.0.1"}:
        names.append(x509.DNSName(common_name))
    return x509.SubjectAlternativeName(names)


def issue_from_csr(
    ca: Authority,
    csr: x509.CertificateSigningRequest,
    device_id: str,
    *,
    lifetime: dt.timedelta = DEVICE_LIFETIME,
    valid_from: dt.datetime | None = None,
) -> x509.Certificate:
    """Issue a short-lived device client certificate for the CSR's key, CN = ``device_id``.

    The CSR's own subject is ignored: the identity comes from the hub's registry, never
    from what the device asks for.
    """
    public_key = check_csr(csr)
    return issue_leaf(ca, device_id, public_key, lifetime=lifetime, valid_from=valid_from)


def check_csr(csr: x509.CertificateSigningRequest) -> ec.EllipticCurvePublicKey:
    """Return the CSR's P-256 public key if its self-signature holds, else raise PkiError."""
    if not csr.is_signature_valid:
        msg = "CSR signature does not verify; the device must sign it with its TLS key"
        raise PkiError(msg)
    public_key = csr.public_key()
    if not isinstance(public_key, ec.EllipticCurvePublicKey) or not isinstance(
        public_key.curve, ec.SECP256R1
    ):
        msg = "CSR key must be ECDSA P-256"
        raise PkiError(msg)
    return public_key


def make_csr(key: ec.EllipticCurvePrivateKey, common_name: str) -> x509.CertificateSigningRequest:
    return (
        x509.CertificateSigningRequestBuilder()
        .subject_name(_name(common_name))
        .sign(key, hashes.SHA256())
    )


def make_crl(
    ca: Authority, revoked: Iterable[RevokedEntry], lifetime: dt.timedelta = CRL_LIFETIME
) -> x509.CertificateRevocationList:
    """Sign a CRL listing ``revoked``; it must be re-signed before ``lifetime`` runs out."""
    issued = now()
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.cert.subject)
        .last_update(issued - _BACKDATE)
        .next_update(issued + lifetime)
    )
    for entry in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(entry.serial)
            .revocation_date(entry.revoked_at)
            .build()
        )
    return builder.sign(ca.key, hashes.SHA256())


def verify_issued_by(cert: x509.Certificate, ca: x509.Certificate) -> None:
    """Raise PkiError unless ``cert`` is signed by ``ca`` and valid right now."""
    try:
        cert.verify_directly_issued_by(ca)
    except (ValueError, TypeError, InvalidSignature) as exc:
        msg = f"certificate {common_name(cert)!r} was not issued by this fleet's CA"
        raise PkiError(msg) from exc
    moment = now()
    if not cert.not_valid_before_utc <= moment <= cert.not_valid_after_utc:
        msg = f"certificate {common_name(cert)!r} is not valid now (expired or not yet valid)"
        raise PkiError(msg)


def common_name(cert: x509.Certificate | x509.CertificateSigningRequest) -> str:
    attrs = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(attrs[0].value) if attrs else ""


# --- PEM file helpers -------------------------------------------------------------------


def cert_pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def key_pem(key: ec.EllipticCurvePrivateKey, passphrase: bytes | None = None) -> bytes:
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase)
        if passphrase
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )


def save_authority(
    ca: Authority, cert_path: Path, key_path: Path, passphrase: bytes | None
) -> None:
    cert_path.parent.mkdir(parents=True, exist_ok=True)
    cert_path.write_bytes(cert_pem(ca.cert))
    write_private(key_path, key_pem(ca.key, passphrase))


def load_cert(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def load_key(path: Path, passphrase: bytes | None = None) -> ec.EllipticCurvePrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), passphrase)
    except (ValueError, TypeError) as exc:
        msg = f"cannot open private key {path}: wrong passphrase or not a PEM key"
        raise PkiError(msg) from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        msg = f"{path} is not an ECDSA key"
        raise PkiError(msg)
    return key


def load_authority(cert_path: Path, key_path: Path, passphrase: bytes | None = None) -> Authority:
    return Authority(load_cert(cert_path), load_key(key_path, passphrase))


def save_leaf(
    cert: x509.Certificate,
    key: ec.EllipticCurvePrivateKey,
    cert_path: Path,
    key_path: Path,
    chain: x509.Certificate | None = None,
) -> None:
    """Write a leaf certificate (plus the issuing CA, if given) and its 0600 key."""
    cert_path.parent.mkdir(parents=True, exist_ok=True)
    cert_path.write_bytes(cert_pem(cert) + (cert_pem(chain) if chain else b""))
    write_private(key_path, key_pem(key))
