"""Test harness: a complete fleet in a temporary directory and a real Mosquitto on loopback.

    fleet = make_test_fleet(tmp_path, devices=("rum-1", "rum-2"))
    with running_mosquitto(fleet) as broker:
        ...  # connect paho with fleet.devices["rum-1"].cert / .key, fleet.ca_cert
        broker.kill(); broker.restart()   # fault tests: SIGKILL, then start on the same port

Everything is real: the CA, the CRL the broker checks, the ACL, the TLS 1.3 listener.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import shutil
import signal
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ed25519

from common.files import write_private
from provisioning import keys, pki
from provisioning.authority import FleetAuthority, init_fleet
from provisioning.broker import BrokerSettings, reload_broker, write_broker_config
from provisioning.errors import BrokerError
from provisioning.layout import FleetLayout
from provisioning.registry import NewDevice, Registry
from provisioning.settings import FleetSettings
from wire.recipient import RecipientPrivateKey, RecipientPublicKey

TEST_PASSPHRASE = b"test-fleet-passphrase"


@dataclass(frozen=True)
class TlsIdentity:
    """A client certificate (PEM) and its private key file."""

    cert: Path
    key: Path
    serial: int


@dataclass(frozen=True)
class TestDevice:
    """One test device: TLS identity plus its Ed25519 note-signing key."""

    __test__ = False  # not a pytest test class

    device_id: str
    tls: TlsIdentity
    signing_key: Path
    """PKCS#8 PEM of the Ed25519 note-signing key."""
    signing_public_key: bytes
    """Raw 32-byte Ed25519 public key (what the hub registry stores)."""

    @property
    def cert(self) -> Path:
        return self.tls.cert

    @property
    def key(self) -> Path:
        return self.tls.key

    def load_signing_key(self) -> ed25519.Ed25519PrivateKey:
        return keys.load_ed25519_private(self.signing_key)


@dataclass
class TestFleet:
    """Paths and keys of a fleet made by :func:`make_test_fleet`."""

    __test__ = False  # not a pytest test class

    layout: FleetLayout
    authority: FleetAuthority
    hubs: dict[str, TlsIdentity]
    devices: dict[str, TestDevice]
    hpke_key_id: str
    config_key_id: str
    broker_settings: BrokerSettings = field(default_factory=BrokerSettings)

    @property
    def directory(self) -> Path:
        return self.layout.root

    @property
    def ca_cert(self) -> Path:
        """CA bundle (root + issuing) that clients and the broker trust."""
        return self.layout.ca_bundle

    @property
    def crl(self) -> Path:
        return self.layout.crl

    @property
    def broker_conf(self) -> Path:
        return self.layout.broker_conf

    @property
    def hub_hpke_private_key(self) -> Path:
        """The hub's recipient private key file (:mod:`wire.recipient` CBOR)."""
        return self.layout.hpke_private_key

    @property
    def hub_hpke_public_key(self) -> Path:
        """The hub's recipient public key file (:mod:`wire.recipient` CBOR)."""
        return self.layout.hpke_public_key

    def hub_recipient(self) -> RecipientPrivateKey:
        """The hub's HPKE private key, ready for ``hub.ingest``."""
        return keys.load_recipient_private(self.layout.hpke_private_key)

    def hub_recipient_public(self) -> RecipientPublicKey:
        """The hub's HPKE public key, ready for the device's sealer."""
        return keys.load_recipient_public(self.layout.hpke_public_key)

    @property
    def hub_key_id(self) -> str:
        return self.hpke_key_id

    @property
    def config_signing_key(self) -> Path:
        return self.layout.config_signing_key

    def add_device(
        self,
        device_id: str,
        *,
        lifetime: dt.timedelta | None = None,
        valid_from: dt.datetime | None = None,
    ) -> TestDevice:
        """Issue a device (or a new certificate for an existing one, keeping its signing key)."""
        device = _make_device(self.authority, device_id, lifetime, valid_from)
        self.devices[device_id] = device
        return device

    def register(self, registry: Registry, room: str = "Rum 1") -> None:
        """Put every device into ``registry`` as active, with its signing key and certificate."""
        for device in self.devices.values():
            if registry.get(device.device_id) is None:
                registry.add(_registration(device.device_id, room))
                registry.redeem_token(_TOKEN + device.device_id)
            cert = pki.load_cert(device.cert)
            registry.activate(
                device.device_id,
                device.signing_public_key,
                cert.serial_number,
                cert.not_valid_after_utc,
            )

    def revoke(self, device_id: str) -> None:
        """Put the device's current certificate on the CRL (reload the broker to apply)."""
        self.authority.revoke([self.devices[device_id].tls.serial])


_TOKEN = "test-token-"


def _registration(device_id: str, room: str) -> NewDevice:
    expires = pki.now() + dt.timedelta(hours=1)
    return NewDevice(device_id, device_id, room, _TOKEN + device_id, expires)


def make_test_fleet(
    directory: Path,
    devices: tuple[str, ...] = ("rum-1",),
    hubs: tuple[str, ...] = ("hub-1",),
) -> TestFleet:
    """Create a fleet with certificates for ``devices`` and ``hubs`` under ``directory``."""
    layout = FleetLayout(Path(directory))
    settings = FleetSettings(hubs=hubs)
    fleet_keys = init_fleet(layout, TEST_PASSPHRASE, settings)
    authority = FleetAuthority(layout)
    hub_ids = {
        h: TlsIdentity(layout.hub_cert(h), layout.hub_key(h), _serial(layout.hub_cert(h)))
        for h in hubs
    }
    user = getpass.getuser() if os.geteuid() == 0 else None
    fleet = TestFleet(
        layout=layout,
        authority=authority,
        hubs=hub_ids,
        devices={},
        hpke_key_id=fleet_keys.hpke_key_id,
        config_key_id=fleet_keys.config_key_id,
        broker_settings=BrokerSettings(hubs=hubs, run_as_user=user),
    )
    for device_id in devices:
        fleet.add_device(device_id)
    return fleet


def _serial(cert_path: Path) -> int:
    return pki.load_cert(cert_path).serial_number


def _make_device(
    authority: FleetAuthority,
    device_id: str,
    lifetime: dt.timedelta | None,
    valid_from: dt.datetime | None,
) -> TestDevice:
    folder = authority.layout.root / "devices" / device_id
    folder.mkdir(parents=True, exist_ok=True)
    tls_key = pki.new_key()
    cert = authority.issue_device(
        pki.make_csr(tls_key, device_id), device_id, lifetime=lifetime, valid_from=valid_from
    )
    stem = f"tls-{cert.serial_number:x}"[:24]
    tls = TlsIdentity(folder / f"{stem}.pem", folder / f"{stem}.key", cert.serial_number)
    pki.save_leaf(cert, tls_key, tls.cert, tls.key)
    signing_path = folder / "signing.key"
    if not signing_path.exists():
        write_private(signing_path, keys.ed25519_private_pem(ed25519.Ed25519PrivateKey.generate()))
    signing = keys.load_ed25519_private(signing_path)
    return TestDevice(device_id, tls, signing_path, keys.raw_public(signing))


# --- a real Mosquitto --------------------------------------------------------------------


@dataclass
class RunningBroker:
    """A Mosquitto process started by :func:`running_mosquitto`."""

    fleet: TestFleet
    host: str
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        if self.process is None:
            msg = "broker is not running"
            raise BrokerError(msg)
        return self.process.pid

    def start(self) -> None:
        if self.process is not None and self.process.poll() is None:
            return
        log = self.fleet.layout.broker_dir / "stdout.log"
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [_mosquitto(), "-c", str(self.fleet.broker_conf)],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        _wait_for_tls(self)

    def reload(self, timeout: float = 5.0) -> None:
        """SIGHUP, then wait until Mosquitto logs the reload (CRL and ACL re-read).

        Live sessions stay connected. Safe to call after ``revoke_device`` already sent
        SIGHUP: it then waits for that reload or a second one.
        """
        before = self._reloads()
        if reload_broker(self.fleet.layout) is None:
            os.kill(self.pid, signal.SIGHUP)
        deadline = time.monotonic() + timeout
        while self._reloads() <= before and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.1)  # certificates are reloaded right after the log line

    def _reloads(self) -> int:
        return self.log_text().count("Reloading config.")

    def kill(self) -> None:
        """SIGKILL: a crash, no chance to save state."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)

    def stop(self) -> None:
        """SIGTERM and wait (Mosquitto saves its persistence file)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def restart(self) -> None:
        """Start again on the same port with the same persistence directory."""
        self.stop()
        self.start()

    def log_text(self) -> str:
        path = self.fleet.layout.broker_log
        return path.read_text(errors="replace") if path.exists() else ""


def _mosquitto() -> str:
    for candidate in (shutil.which("mosquitto"), "/usr/sbin/mosquitto"):
        if candidate and Path(candidate).exists():
            return candidate
    msg = "mosquitto not found; install the Debian package `mosquitto`"
    raise BrokerError(msg)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _client_context(fleet: TestFleet) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(fleet.ca_cert))
    identity = next(iter(fleet.hubs.values()), None) or next(
        (d.tls for d in fleet.devices.values()), None
    )
    if identity is not None:
        context.load_cert_chain(str(identity.cert), str(identity.key))
    return context


def _wait_for_tls(broker: RunningBroker, timeout: float = 10.0) -> None:
    context = _client_context(broker.fleet)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if broker.process is not None and broker.process.poll() is not None:
            msg = f"mosquitto exited at start: {broker.log_text()[-2000:]}"
            raise BrokerError(msg)
        try:
            with (
                socket.create_connection((broker.host, broker.port), timeout=1) as raw,
                context.wrap_socket(raw, server_hostname=broker.host),
            ):
                return
        except OSError:
            time.sleep(0.05)
    msg = f"mosquitto did not accept TLS on {broker.host}:{broker.port} within {timeout} s"
    raise BrokerError(msg)


@contextmanager
def running_mosquitto(fleet: TestFleet, port: int | None = None) -> Iterator[RunningBroker]:
    """Run Mosquitto with the fleet's config on a free loopback port; SIGTERM it on exit."""
    settings = fleet.broker_settings
    chosen = port or free_port()
    write_broker_config(
        fleet.layout,
        BrokerSettings(
            host=settings.host, port=chosen, hubs=settings.hubs, run_as_user=settings.run_as_user
        ),
    )
    broker = RunningBroker(fleet, settings.host, chosen)
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()
