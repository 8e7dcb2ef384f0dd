"""Signed remote configuration: verified before use, bad or replayed documents refused."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from device.config_gate import ConfigGate
from provisioning.remote_config import config_command
from tests.provisioning.harness import TestFleet
from wire.commands import Config, decode, encode
from wire.signed_config import sign_config


def _gate(fleet: TestFleet, tmp_path: Path) -> ConfigGate:
    public = fleet.layout.config_signing_public_key.read_bytes()
    return ConfigGate(public, tmp_path / "device" / "config-serial.json")


def _roundtrip(command: Config) -> dict[str, object]:
    """Encode and decode as on the wire."""
    decoded = decode(encode(command))
    assert isinstance(decoded, Config)
    return decoded.values


def test_signed_config_is_applied(fleet: TestFleet, tmp_path: Path) -> None:
    """A document signed with the fleet key yields its settings on the device."""
    values = _roundtrip(config_command(fleet.layout, {"heartbeat_s": 30}, serial=1))
    assert _gate(fleet, tmp_path).accept(values) == {"heartbeat_s": 30}


def test_tampered_config_is_rejected_and_logged(
    fleet: TestFleet, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Changing a setting after signing breaks the signature: rejected, with a warning."""
    values = _roundtrip(config_command(fleet.layout, {"heartbeat_s": 30}, serial=1))
    values["settings"] = {"heartbeat_s": 1}
    with caplog.at_level(logging.WARNING):
        assert _gate(fleet, tmp_path).accept(values) is None
    assert "signature does not verify" in caplog.text


def test_config_from_another_key_is_rejected(fleet: TestFleet, tmp_path: Path) -> None:
    """A document signed by a key other than the fleet's is refused."""
    foreign = sign_config({"heartbeat_s": 30}, 1, ed25519.Ed25519PrivateKey.generate())
    assert _gate(fleet, tmp_path).accept(foreign.to_dict()) is None


def test_replayed_config_is_rejected(fleet: TestFleet, tmp_path: Path) -> None:
    """A validly signed document with a serial already applied is refused."""
    gate = _gate(fleet, tmp_path)
    first = _roundtrip(config_command(fleet.layout, {"heartbeat_s": 30}, serial=2))
    older = _roundtrip(config_command(fleet.layout, {"heartbeat_s": 5}, serial=1))
    assert gate.accept(first) is not None
    assert gate.accept(first) is None
    assert gate.accept(older) is None


def test_malformed_config_is_rejected(fleet: TestFleet, tmp_path: Path) -> None:
    """A document missing its signature is refused, not a crash."""
    assert _gate(fleet, tmp_path).accept({"settings": {}, "serial": 1}) is None
