"""Where every file of a fleet lives inside its directory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FleetLayout:
    """Paths of one fleet's PKI, keys, broker config and bundles under ``root``."""

    root: Path
    """The fleet directory, created by ``python -m provisioning init``."""

    @property
    def settings(self) -> Path:
        return self.root / "fleet.json"

    @property
    def root_ca_cert(self) -> Path:
        return self.root / "pki" / "root-ca.pem"

    @property
    def root_ca_key(self) -> Path:
        return self.root / "pki" / "root-ca.key"

    @property
    def issuing_ca_cert(self) -> Path:
        return self.root / "pki" / "issuing-ca.pem"

    @property
    def issuing_ca_key(self) -> Path:
        return self.root / "pki" / "issuing-ca.key"

    @property
    def ca_bundle(self) -> Path:
        """Root + issuing CA: what every broker, hub and device trusts."""
        return self.root / "pki" / "ca.pem"

    @property
    def crl(self) -> Path:
        return self.root / "pki" / "crl.pem"

    @property
    def broker_dir(self) -> Path:
        return self.root / "broker"

    @property
    def broker_cert(self) -> Path:
        return self.broker_dir / "server.pem"

    @property
    def broker_key(self) -> Path:
        return self.broker_dir / "server.key"

    @property
    def broker_conf(self) -> Path:
        return self.broker_dir / "mosquitto.conf"

    @property
    def broker_acl(self) -> Path:
        return self.broker_dir / "acl"

    @property
    def broker_pid(self) -> Path:
        return self.broker_dir / "mosquitto.pid"

    @property
    def broker_data(self) -> Path:
        return self.broker_dir / "data"

    @property
    def broker_log(self) -> Path:
        return self.broker_dir / "mosquitto.log"

    def hub_cert(self, hub_id: str) -> Path:
        return self.root / "hubs" / f"{hub_id}.pem"

    def hub_key(self, hub_id: str) -> Path:
        return self.root / "hubs" / f"{hub_id}.key"

    @property
    def hpke_private_key(self) -> Path:
        """The hub's HPKE recipient private key (wire.recipient CBOR, 0600)."""
        return self.root / "keys" / "hub-hpke.key"

    @property
    def hpke_public_key(self) -> Path:
        """The hub's HPKE recipient public key (wire.recipient CBOR) devices seal notes to."""
        return self.root / "keys" / "hub-hpke.pub"

    @property
    def config_signing_key(self) -> Path:
        return self.root / "keys" / "config-signing.key"

    @property
    def config_signing_public_key(self) -> Path:
        """Raw 32-byte Ed25519 key devices verify remote configuration with."""
        return self.root / "keys" / "config-signing.pub"

    @property
    def default_database_url(self) -> str:
        """The hub database the IT tools use when none is named: SQLite beside the fleet."""
        return f"sqlite:///{self.root / 'hub.db'}"

    @property
    def enrolment_cert(self) -> Path:
        """TLS server certificate (with chain) of the hub's enrolment endpoint."""
        return self.root / "web" / "enrolment.pem"

    @property
    def enrolment_key(self) -> Path:
        return self.root / "web" / "enrolment.key"

    @property
    def bundles(self) -> Path:
        return self.root / "bundles"

    def bundle(self, device_id: str) -> Path:
        return self.bundles / f"{device_id}.zip"
