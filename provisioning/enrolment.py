"""The device side of enrolment: first-boot certificates and renewals.

A device's first request spends its one-time token and gets its first TLS certificate; later
ones renew a current certificate with a proof signed by its key. The hub serves this over
HTTPS (:mod:`hub.enrolment`); IT's side, registering devices and writing their first-boot
bundles, is :mod:`provisioning.enrol`.
"""

from __future__ import annotations

import logging
import time

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from provisioning import pki
from provisioning.authority import FleetAuthority
from provisioning.errors import EnrolmentRefusedError, PkiError, RegistryError
from provisioning.registry import Registry
from wire import enrolment as msg

log = logging.getLogger(__name__)
MAX_CLOCK_SKEW_S = 300


class EnrolmentService:
    """Turns valid enrolment and renewal requests into certificates and registry updates."""

    def __init__(self, authority: FleetAuthority, registry: Registry) -> None:
        self.authority = authority
        self.registry = registry
        self.ca_pem = authority.layout.ca_bundle.read_text(encoding="ascii")

    def enrol(self, request: msg.EnrolRequest) -> msg.EnrolResponse:
        """Spend the token, issue the first certificate and activate the device."""
        csr = _load_csr(request.csr_pem)
        signing_key = _signing_key(request.signing_public_key)
        try:
            device_id = self.registry.redeem_token(request.token)
        except RegistryError as exc:
            raise EnrolmentRefusedError(str(exc)) from exc
        cert = self._issue(csr, device_id)
        self.registry.activate(device_id, signing_key, cert.serial_number, cert.not_valid_after_utc)
        log.info("enrolled %s, certificate %x", device_id, cert.serial_number)
        return self._response(device_id, cert)

    def renew(self, request: msg.RenewRequest, now: float | None = None) -> msg.EnrolResponse:
        """Issue a new certificate to the holder of a current, unrevoked one."""
        current = _load_cert(request.certificate_pem)
        self._check_current(request.device_id, current)
        csr = _load_csr(request.csr_pem)
        _check_fresh(request.timestamp, time.time() if now is None else now)
        _check_proof(request, current, csr)
        if csr.public_key() == current.public_key():
            raise EnrolmentRefusedError("renewal must use a new TLS key", 400)
        cert = self._issue(csr, request.device_id)
        try:
            self.registry.record_certificate(
                request.device_id, cert.serial_number, cert.not_valid_after_utc
            )
        except RegistryError as exc:
            raise EnrolmentRefusedError(str(exc)) from exc
        log.info("renewed %s, certificate %x", request.device_id, cert.serial_number)
        return self._response(request.device_id, cert)

    def _check_current(self, device_id: str, cert: x509.Certificate) -> None:
        try:
            pki.verify_issued_by(cert, self.authority.issuing_cert)
        except PkiError as exc:
            raise EnrolmentRefusedError(str(exc)) from exc
        if pki.common_name(cert) != device_id:
            raise EnrolmentRefusedError("certificate does not belong to this device")
        record = self.registry.get(device_id)
        if record is None or not record.is_active:
            raise EnrolmentRefusedError(f"device {device_id!r} is not active")
        known = self.registry.certificate_serials(device_id)
        if cert.serial_number not in known or self.authority.is_revoked(cert.serial_number):
            raise EnrolmentRefusedError("certificate is not a current certificate of this device")

    def _issue(self, csr: x509.CertificateSigningRequest, device_id: str) -> x509.Certificate:
        try:
            return self.authority.issue_device(csr, device_id)
        except PkiError as exc:
            raise EnrolmentRefusedError(str(exc), 400) from exc

    def _response(self, device_id: str, cert: x509.Certificate) -> msg.EnrolResponse:
        return msg.EnrolResponse(
            device_id=device_id,
            certificate_pem=pki.cert_pem(cert).decode("ascii"),
            ca_pem=self.ca_pem,
            not_after=cert.not_valid_after_utc.isoformat(),
        )


def _load_csr(pem: str) -> x509.CertificateSigningRequest:
    try:
        csr = x509.load_pem_x509_csr(pem.encode())
        pki.check_csr(csr)
    except (ValueError, PkiError) as exc:
        raise EnrolmentRefusedError(f"bad CSR: {exc}", 400) from exc
    return csr


def _load_cert(pem: str) -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate(pem.encode())
    except ValueError as exc:
        raise EnrolmentRefusedError(f"bad certificate: {exc}", 400) from exc


def _signing_key(text: str) -> bytes:
    try:
        raw = msg.unb64(text)
        ed25519.Ed25519PublicKey.from_public_bytes(raw)
    except ValueError as exc:
        raise EnrolmentRefusedError("signing_public_key must be a raw Ed25519 key", 400) from exc
    return raw


def _check_fresh(timestamp: int, now: float) -> None:
    if abs(now - timestamp) > MAX_CLOCK_SKEW_S:
        raise EnrolmentRefusedError("renewal proof is stale; check the device clock")


def _check_proof(
    request: msg.RenewRequest, current: x509.Certificate, csr: x509.CertificateSigningRequest
) -> None:
    key = current.public_key()
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise EnrolmentRefusedError("current certificate must hold an ECDSA key")
    proof = msg.renewal_proof(
        request.device_id, request.timestamp, csr.public_bytes(serialization.Encoding.DER)
    )
    try:
        key.verify(msg.unb64(request.signature), proof, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError) as exc:
        raise EnrolmentRefusedError("renewal signature does not verify") from exc
