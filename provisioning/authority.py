"""The fleet's certificate authority on disk: create it, issue from it, keep its CRL.

``FleetAuthority`` is what the CLI and the hub's enrolment endpoint use; the revoked
serials are kept in ``pki/revoked.json`` so the CRL can be re-signed at any time.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from common.files import write_atomic
from provisioning import keys, pki
from provisioning.errors import PkiError
from provisioning.layout import FleetLayout
from provisioning.settings import FleetSettings

RESERVED_PREFIX = "hub-"


@dataclass(frozen=True)
class FleetKeys:
    """Public facts about a freshly initialised fleet."""

    hpke_key_id: str
    config_key_id: str


class FleetAuthority:
    """Issuing CA of one fleet directory."""

    def __init__(self, layout: FleetLayout) -> None:
        self.layout = layout
        if not layout.issuing_ca_key.exists():
            msg = f"no fleet at {layout.root}; run `python -m provisioning init` first"
            raise PkiError(msg)
        self._ca = pki.load_authority(layout.issuing_ca_cert, layout.issuing_ca_key)

    @property
    def issuing_cert(self) -> x509.Certificate:
        return self._ca.cert

    @property
    def settings(self) -> FleetSettings:
        return FleetSettings.load(self.layout.settings)

    def issue_device(
        self,
        csr: x509.CertificateSigningRequest,
        device_id: str,
        *,
        lifetime: dt.timedelta | None = None,
        valid_from: dt.datetime | None = None,
    ) -> x509.Certificate:
        """Issue a device's short-lived client certificate from its CSR."""
        if device_id.startswith(RESERVED_PREFIX):
            msg = f"{device_id!r}: the '{RESERVED_PREFIX}' prefix is reserved for hub workers"
            raise PkiError(msg)
        days = dt.timedelta(days=self.settings.device_cert_days)
        return pki.issue_from_csr(
            self._ca, csr, device_id, lifetime=lifetime or days, valid_from=valid_from
        )

    def issue_hub(self, hub_id: str) -> x509.Certificate:
        """(Re)issue a hub worker's client certificate and key into ``hubs/``."""
        key = pki.new_key()
        cert = pki.issue_leaf(self._ca, hub_id, key.public_key())
        pki.save_leaf(cert, key, self.layout.hub_cert(hub_id), self.layout.hub_key(hub_id))
        return cert

    def issue_broker(self, host: str) -> x509.Certificate:
        """(Re)issue the broker's server certificate (SAN localhost, 127.0.0.1, ``host``)."""
        return self.issue_server(host, self.layout.broker_cert, self.layout.broker_key)

    def issue_server(self, host: str, cert_path: Path, key_path: Path) -> x509.Certificate:
        """Issue a TLS server certificate (broker, enrolment endpoint) with the chain."""
        key = pki.new_key()
        cert = pki.issue_leaf(self._ca, host, key.public_key(), server=True)
        pki.save_leaf(cert, key, cert_path, key_path, self._ca.cert)
        return cert

    def revoked(self) -> list[pki.RevokedEntry]:
        path = self._revoked_path
        if not path.exists():
            return []
        items = json.loads(path.read_text(encoding="utf-8"))
        return [
            pki.RevokedEntry(int(i["serial"]), dt.datetime.fromisoformat(i["revoked_at"]))
            for i in items
        ]

    def revoke(self, serials: list[int]) -> None:
        """Add ``serials`` to the revocation list and re-sign the CRL."""
        entries = {e.serial: e for e in self.revoked()}
        moment = pki.now()
        for serial in serials:
            entries.setdefault(serial, pki.RevokedEntry(serial, moment))
        data = [
            {"serial": str(e.serial), "revoked_at": e.revoked_at.isoformat()}
            for e in sorted(entries.values(), key=lambda e: e.revoked_at)
        ]
        write_atomic(self._revoked_path, json.dumps(data, indent=1).encode())
        self.write_crl()

    def write_crl(self) -> x509.CertificateRevocationList:
        """Re-sign the CRL from ``revoked.json`` (also extends its next-update time)."""
        crl = pki.make_crl(self._ca, self.revoked())
        write_atomic(self.layout.crl, crl.public_bytes(serialization.Encoding.PEM))
        return crl

    def is_revoked(self, serial: int) -> bool:
        return any(e.serial == serial for e in self.revoked())

    @property
    def _revoked_path(self) -> Path:
        return self.layout.root / "pki" / "revoked.json"


def init_fleet(layout: FleetLayout, passphrase: bytes, settings: FleetSettings) -> FleetKeys:
    """Create a fleet: root + issuing CA, CRL, broker and hub certs, HPKE and config keys."""
    if layout.root_ca_key.exists():
        msg = f"a fleet already exists at {layout.root}; refusing to overwrite its CA"
        raise PkiError(msg)
    if len(passphrase) < 8:
        msg = "the root CA passphrase must be at least 8 characters"
        raise PkiError(msg)
    layout.root.mkdir(parents=True, exist_ok=True)
    write_atomic(layout.settings, settings.to_json().encode())
    root = pki.make_root_ca()
    pki.save_authority(root, layout.root_ca_cert, layout.root_ca_key, passphrase)
    issuing = pki.make_issuing_ca(root)
    pki.save_authority(issuing, layout.issuing_ca_cert, layout.issuing_ca_key, None)
    write_atomic(layout.ca_bundle, pki.cert_pem(root.cert) + pki.cert_pem(issuing.cert))
    authority = FleetAuthority(layout)
    authority.write_crl()
    authority.issue_broker(settings.broker_host)
    for hub_id in settings.hubs:
        authority.issue_hub(hub_id)
    hpke = keys.save_recipient(layout.hpke_private_key, layout.hpke_public_key)
    config = keys.save_keypair(
        ed25519.Ed25519PrivateKey.generate(),
        layout.config_signing_key,
        layout.config_signing_public_key,
    )
    return FleetKeys(hpke_key_id=hpke, config_key_id=config)
