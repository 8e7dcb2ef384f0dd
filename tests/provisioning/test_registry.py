"""Device registry: pending → active → revoked, tokens single use and expiring."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from provisioning.errors import RegistryError
from provisioning.registry import ACTIVE, PENDING, REVOKED, NewDevice, Registry
from tests.provisioning.harness import make_test_fleet

KEY = bytes(range(32))


def _new(device_id: str, token: str = "tok", hours: float = 1.0) -> NewDevice:  # noqa: S107 - a fixed test token
    expires = dt.datetime.now(dt.UTC) + dt.timedelta(hours=hours)
    return NewDevice(device_id, device_id, "Ekorren", f"{token}-{device_id}", expires)


def test_added_device_is_pending(registry: Registry) -> None:
    """A freshly enrolled device is pending until it completes first-boot enrolment."""
    registry.add(_new("rum-1"))
    record = registry.get("rum-1")
    assert record is not None
    assert (record.status, record.room) == (PENDING, "Ekorren")


def test_unknown_device_is_none(registry: Registry) -> None:
    """Looking up a device that was never enrolled gives None."""
    assert registry.get("rum-9") is None


def test_duplicate_device_is_refused(registry: Registry) -> None:
    """Enrolling the same device id twice is refused."""
    registry.add(_new("rum-1"))
    with pytest.raises(RegistryError, match="already enrolled"):
        registry.add(_new("rum-1", token="other"))


def test_add_many_is_all_or_nothing(registry: Registry) -> None:
    """A batch with one duplicate leaves none of its devices registered."""
    registry.add(_new("rum-2"))
    with pytest.raises(RegistryError):
        registry.add_many([_new("rum-1", "a"), _new("rum-2", "b")])
    assert registry.get("rum-1") is None


def test_token_redeems_once(registry: Registry) -> None:
    """A token gives its device id once and is refused when replayed."""
    registry.add(_new("rum-1"))
    assert registry.redeem_token("tok-rum-1") == "rum-1"
    with pytest.raises(RegistryError, match="already used"):
        registry.redeem_token("tok-rum-1")


def test_expired_token_is_refused(registry: Registry) -> None:
    """A token past its expiry time is refused."""
    registry.add(_new("rum-1", hours=-1))
    with pytest.raises(RegistryError, match="expired"):
        registry.redeem_token("tok-rum-1")


def test_activation_stores_key_and_certificate(registry: Registry) -> None:
    """Activation records the signing key and certificate serial and makes the device active."""
    registry.add(_new("rum-1"))
    not_after = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)
    registry.activate("rum-1", KEY, 0xABC, not_after)
    record = registry.get("rum-1")
    assert record is not None
    assert (record.status, record.signing_public_key, record.cert_serial) == (ACTIVE, KEY, "abc")


def test_revoke_refuses_at_once_and_lists_all_certificates(registry: Registry) -> None:
    """Revocation marks the device revoked and returns every unexpired certificate serial."""
    registry.add(_new("rum-1"))
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)
    registry.activate("rum-1", KEY, 1, later)
    registry.record_certificate("rum-1", 2, later)
    assert sorted(registry.revoke("rum-1")) == [1, 2]
    record = registry.get("rum-1")
    assert record is not None
    assert record.status == REVOKED
    assert not record.is_active


def test_revoked_device_cannot_renew(registry: Registry) -> None:
    """A revoked device gets no new certificate recorded."""
    registry.add(_new("rum-1"))
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)
    registry.activate("rum-1", KEY, 1, later)
    registry.revoke("rum-1")
    with pytest.raises(RegistryError, match="revoked"):
        registry.record_certificate("rum-1", 2, later)


def test_heartbeat_is_stored(registry: Registry) -> None:
    """The latest heartbeat is kept with the device."""
    registry.add(_new("rum-1"))
    assert registry.update_heartbeat("rum-1", {"uptime_s": 5})
    record = registry.get("rum-1")
    assert record is not None
    assert record.heartbeat == {"uptime_s": 5}
    assert record.online == 1


def test_test_fleet_registers_its_devices_as_active(registry: Registry, tmp_path: Path) -> None:
    """The test-fleet helper registers each device with its real signing key."""
    fleet = make_test_fleet(tmp_path / "f", devices=("rum-1",))
    fleet.register(registry)
    record = registry.get("rum-1")
    assert record is not None
    assert record.is_active
    assert record.signing_public_key == fleet.devices["rum-1"].signing_public_key
