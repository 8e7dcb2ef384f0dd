"""First-boot enrolment and certificate renewal on the device.

The device makes its own keys (Ed25519 for signing notes, P-256 for TLS), files 0600 on
the data partition, and sends the hub only a CSR, the token and the signing *public* key.
Certificates live in ``tls/<serial>/`` and ``tls/current`` is a symlink swapped with one
atomic rename, so the MQTT client always reads a matching certificate and key: the old
pair until the instant the new one is complete. Renewal never touches the outbox.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
import ssl
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from common.files import sync_folder, write_atomic
from device.errors import DeviceError
from wire import bundle
from wire import enrolment as msg

log = logging.getLogger(__name__)
CSR_SUBJECT = "samtal device"
_TRUST_FILES = (bundle.CA_FILE, bundle.RECIPIENT_FILE, bundle.CONFIG_KEY_FILE)


class EnrolmentFailedError(DeviceError, RuntimeError):
    """Enrolment or renewal did not complete; the message says what to do."""


@dataclass(frozen=True)
class EnrolmentSettings:
    """Where the device keeps its identity and how it talks to the hub."""

    identity_dir: Path = Path("/var/lib/samtal/identity")
    """Data-partition folder for keys (0600), certificates and trust material."""
    bundle_dir: Path = Path("/boot/firmware/samtal")
    """Boot-partition folder with the unpacked bundle, or holding the bundle zip."""
    renew_fraction: float = 2 / 3
    """Renew once this fraction of the certificate's lifetime has passed."""
    timeout_s: float = 30.0
    """HTTP timeout of one enrolment or renewal request."""


class DeviceIdentity:
    """The device's identity folder: stable paths other subsystems read."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def signing_key_file(self) -> Path:
        return self.root / "signing.key"

    @property
    def cert_file(self) -> Path:
        """Current TLS certificate (follows the ``tls/current`` symlink)."""
        return self.root / "tls" / "current" / "cert.pem"

    @property
    def key_file(self) -> Path:
        return self.root / "tls" / "current" / "key.pem"

    @property
    def ca_file(self) -> Path:
        return self.root / bundle.CA_FILE

    @property
    def recipient_file(self) -> Path:
        return self.root / bundle.RECIPIENT_FILE

    @property
    def config_key_file(self) -> Path:
        return self.root / bundle.CONFIG_KEY_FILE

    @property
    def info_file(self) -> Path:
        return self.root / "device.json"

    @property
    def enrolled(self) -> bool:
        return self.cert_file.exists() and self.info_file.exists()

    def info(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.info_file.read_text(encoding="utf-8"))
        return data

    @property
    def device_id(self) -> str:
        return str(self.info()["device_id"])

    def room(self) -> str:
        """The room IT named in the bundle; "" before enrolment or when device.json is damaged."""
        if not self.info_file.exists():
            return ""
        try:
            return str(self.info().get("room", ""))
        except (OSError, ValueError):
            return ""

    def certificate(self) -> x509.Certificate:
        return x509.load_pem_x509_certificate(self.cert_file.read_bytes())

    def signing_key(self) -> ed25519.Ed25519PrivateKey:
        """The note-signing key, made (0600) on first use."""
        if not self.signing_key_file.exists():
            _write_private(self.signing_key_file, _pem(ed25519.Ed25519PrivateKey.generate()))
        key = serialization.load_pem_private_key(self.signing_key_file.read_bytes(), None)
        if not isinstance(key, ed25519.Ed25519PrivateKey):
            raise EnrolmentFailedError(f"{self.signing_key_file} is not an Ed25519 key")
        return key

    def tls_key(self) -> ec.EllipticCurvePrivateKey:
        key = serialization.load_pem_private_key(self.key_file.read_bytes(), None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise EnrolmentFailedError(f"{self.key_file} is not an ECDSA key")
        return key

    def install(self, cert_pem: bytes, key: ec.EllipticCurvePrivateKey) -> Path:
        """Write a certificate+key pair to its own folder, then swap ``tls/current`` to it."""
        cert = x509.load_pem_x509_certificate(cert_pem)
        folder = self.root / "tls" / f"{cert.serial_number:x}"
        folder.mkdir(parents=True, exist_ok=True)
        _write_private(folder / "key.pem", _pem(key))
        _write_private(folder / "cert.pem", cert_pem, mode=0o644)
        link = self.root / "tls" / ".current.tmp"
        link.unlink(missing_ok=True)
        link.symlink_to(folder.name)
        previous = _current_folder(self.root)
        link.replace(self.root / "tls" / "current")  # atomic: readers see old or new
        sync_folder(self.root / "tls", files=False)
        _prune(self.root / "tls", keep={folder.name, previous})
        return folder


def _current_folder(root: Path) -> str:
    current = root / "tls" / "current"
    return str(current.readlink()) if current.is_symlink() else ""


def _prune(tls_dir: Path, keep: set[str]) -> None:
    """Keep the new and the previous certificate folders; drop older ones."""
    for child in tls_dir.iterdir():
        if child.is_dir() and not child.is_symlink() and child.name not in keep:
            shutil.rmtree(child, ignore_errors=True)


def _pem(key: ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _write_private(path: Path, data: bytes, mode: int = 0o600) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_atomic(path, data, mode=mode)


def _csr(key: ec.EllipticCurvePrivateKey) -> x509.CertificateSigningRequest:
    # The subject is a placeholder: the hub sets the CN from its registry, not from us.
    name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, CSR_SUBJECT)])
    return x509.CertificateSigningRequestBuilder().subject_name(name).sign(key, hashes.SHA256())


def _csr_pem(csr: x509.CertificateSigningRequest) -> str:
    return csr.public_bytes(serialization.Encoding.PEM).decode("ascii")


Transport = Callable[[str, dict[str, Any]], dict[str, Any]]


def https_transport(
    hub_url: str, ca_file: Path, timeout_s: float, client_cert: tuple[Path, Path] | None = None
) -> Transport:
    """POST JSON to the hub over HTTPS, trusting only the fleet CA."""
    context = ssl.create_default_context(cafile=str(ca_file))
    if client_cert is not None:
        context.load_cert_chain(str(client_cert[0]), str(client_cert[1]))

    def post(path: str, body: dict[str, Any]) -> dict[str, Any]:
        try:
            with httpx.Client(verify=context, timeout=timeout_s) as client:
                response = client.post(hub_url.rstrip("/") + path, json=body)
        except httpx.HTTPError as exc:
            raise EnrolmentFailedError(f"cannot reach the hub at {hub_url}: {exc}") from exc
        if response.status_code != 200:
            detail = _detail(response)
            raise EnrolmentFailedError(f"hub refused ({response.status_code}): {detail}")
        data: dict[str, Any] = response.json()
        return data

    return post


def _detail(response: httpx.Response) -> str:
    try:
        return str(response.json().get("detail", response.text))
    except ValueError:
        return response.text[:200]


def enrol_first_boot(
    settings: EnrolmentSettings, transport: Transport | None = None
) -> DeviceIdentity:
    """Enrol with the bundle on the boot partition; return the ready identity.

    A malformed bundle, key or hub answer raises EnrolmentFailedError with its message.
    """
    try:
        return _enrol(settings, transport)
    except ValueError as exc:
        raise EnrolmentFailedError(str(exc)) from exc


def _enrol(settings: EnrolmentSettings, transport: Transport | None) -> DeviceIdentity:
    identity = DeviceIdentity(settings.identity_dir)
    source = _bundle_folder(settings.bundle_dir, identity.root / "bundle")
    manifest = bundle.BundleManifest.load(source)
    _copy_trust(source, identity)
    post = transport or https_transport(manifest.hub_url, identity.ca_file, settings.timeout_s)
    tls_key = ec.generate_private_key(ec.SECP256R1())
    signing_public = identity.signing_key().public_key().public_bytes_raw()
    request = msg.EnrolRequest(manifest.token, _csr_pem(_csr(tls_key)), msg.b64(signing_public))
    response = msg.EnrolResponse.from_dict(post(msg.ENROL_PATH, request.to_dict()))
    _check_response(response, tls_key, manifest.device_id)
    identity.install(response.certificate_pem.encode(), tls_key)
    _write_info(identity, manifest)
    log.info("enrolled as %s; certificate valid until %s", manifest.device_id, response.not_after)
    return identity


def _bundle_folder(path: Path, scratch: Path) -> Path:
    """The bundle as a folder: ``path`` itself, or unpacked from the one zip IT copied there."""
    if path.is_dir() and (path / bundle.MANIFEST).exists():
        return path
    zips = [path] if path.is_file() else sorted(path.glob("*.zip")) if path.is_dir() else []
    if len(zips) != 1:
        raise EnrolmentFailedError(f"no enrolment bundle at {path}; ask IT for the device's zip")
    with zipfile.ZipFile(zips[0]) as archive:
        for name in (
            bundle.MANIFEST,
            bundle.CA_FILE,
            bundle.RECIPIENT_FILE,
            bundle.CONFIG_KEY_FILE,
        ):
            try:
                _write_private(scratch / name, archive.read(name))
            except KeyError as exc:
                raise EnrolmentFailedError(f"{zips[0]} lacks {name}") from exc
    return scratch


def _copy_trust(bundle_dir: Path, identity: DeviceIdentity) -> None:
    for name in _TRUST_FILES:
        _write_private(identity.root / name, (bundle_dir / name).read_bytes(), mode=0o644)


def _write_info(identity: DeviceIdentity, manifest: bundle.BundleManifest) -> None:
    info = {
        "device_id": manifest.device_id,
        "name": manifest.name,
        "room": manifest.room,
        "hub_url": manifest.hub_url,
        "hub_key_id": manifest.hub_key_id,
        "broker_host": manifest.broker_host,
        "broker_port": manifest.broker_port,
    }
    _write_private(identity.info_file, json.dumps(info, indent=2).encode(), mode=0o644)


def _check_response(
    response: msg.EnrolResponse, key: ec.EllipticCurvePrivateKey, device_id: str
) -> None:
    cert = x509.load_pem_x509_certificate(response.certificate_pem.encode())
    if cert.public_key() != key.public_key():
        raise EnrolmentFailedError("hub returned a certificate for a different key")
    if response.device_id != device_id:
        raise EnrolmentFailedError(f"hub enrolled us as {response.device_id!r}, not {device_id!r}")


def renewal_due(
    identity: DeviceIdentity, fraction: float = 2 / 3, now: dt.datetime | None = None
) -> bool:
    """True once ``fraction`` of the current certificate's lifetime has passed."""
    cert = identity.certificate()
    start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
    moment = now or dt.datetime.now(dt.UTC)
    return moment >= start + (end - start) * fraction


def renew(identity: DeviceIdentity, transport: Transport, now: float | None = None) -> Path:
    """Get a certificate for a fresh TLS key, proving possession of the current one."""
    device_id = identity.device_id
    current_key = identity.tls_key()
    new_key = ec.generate_private_key(ec.SECP256R1())
    csr = _csr(new_key)
    stamp = int(time.time() if now is None else now)
    proof = msg.renewal_proof(device_id, stamp, csr.public_bytes(serialization.Encoding.DER))
    request = msg.RenewRequest(
        device_id=device_id,
        csr_pem=_csr_pem(csr),
        certificate_pem=identity.cert_file.read_text(encoding="ascii"),
        timestamp=stamp,
        signature=msg.b64(current_key.sign(proof, ec.ECDSA(hashes.SHA256()))),
    )
    response = msg.EnrolResponse.from_dict(post_checked(transport, request))
    _check_response(response, new_key, device_id)
    folder = identity.install(response.certificate_pem.encode(), new_key)
    log.info("renewed TLS certificate; valid until %s", response.not_after)
    return folder


def post_checked(transport: Transport, request: msg.RenewRequest) -> dict[str, Any]:
    return transport(msg.RENEW_PATH, request.to_dict())


def renew_if_due(
    settings: EnrolmentSettings,
    on_renewed: Callable[[], None] = lambda: None,
    transport: Transport | None = None,
) -> bool:
    """Renew when due; call ``on_renewed`` (e.g. reconnect MQTT) after the swap.

    A malformed certificate, key or hub answer raises EnrolmentFailedError with its message.
    """
    identity = DeviceIdentity(settings.identity_dir)
    try:
        if not renewal_due(identity, settings.renew_fraction):
            return False
        post = transport or https_transport(
            str(identity.info()["hub_url"]),
            identity.ca_file,
            settings.timeout_s,
            (identity.cert_file, identity.key_file),
        )
        renew(identity, post)
    except ValueError as exc:
        raise EnrolmentFailedError(str(exc)) from exc
    on_renewed()
    return True
