"""Bulk-enrolment CSV: bad rows are reported by line and refuse the whole run."""

from __future__ import annotations

import zipfile

import pytest

from provisioning.enrol import DeviceRow, Enroller, parse_csv
from provisioning.errors import CsvError, ProvisioningError
from provisioning.registry import Registry
from tests.provisioning.harness import TestFleet


def _problems(text: str, existing: set[str] | None = None) -> list[tuple[int, str]]:
    with pytest.raises(CsvError) as caught:
        parse_csv(text, existing or set())
    return caught.value.problems


def test_good_rows_parse_with_their_lines() -> None:
    """Valid rows come back in order with device id, room, label and line number."""
    rows = parse_csv("name,room,label\nrum-1,Ekorren,Stora rummet\nrum-2,Björken,\n")
    assert rows == [
        DeviceRow("rum-1", "Ekorren", "Stora rummet", 2),
        DeviceRow("rum-2", "Björken", "rum-2", 3),
    ]


def test_duplicate_name_is_reported_at_its_second_line() -> None:
    """A name used twice is reported on the later line, naming the first."""
    problems = _problems("name,room\nrum-1,A\nrum-2,B\nrum-1,C\n")
    assert problems == [(4, "duplicate name 'rum-1' (first on line 2)")]


def test_bad_room_is_reported_by_line() -> None:
    """A room with forbidden characters is reported with its line."""
    problems = _problems("name,room\nrum-1,<script>\n")
    assert [line for line, _ in problems] == [2]
    assert "room '<script>'" in problems[0][1]


def test_missing_field_is_reported_by_line() -> None:
    """An empty room field is reported as a missing field."""
    assert _problems("name,room\nrum-1,Ekorren\nrum-2,\n") == [(3, "missing field(s) room")]


def test_bad_device_name_is_reported() -> None:
    """A name that is not a valid MQTT/CN identity is reported."""
    problems = _problems("name,room\nRum 1,Ekorren\n")
    assert problems[0][0] == 2
    assert "lowercase" in problems[0][1]


def test_hub_identity_cannot_be_a_device_name() -> None:
    """A device may not be named like a hub worker (it would get the hub's ACL)."""
    problems = _problems("name,room\nhub-1,Ekorren\n")
    assert "hub-" in problems[0][1]


def test_already_enrolled_name_is_reported() -> None:
    """A name already in the registry is a bad row."""
    problems = _problems("name,room\nrum-1,Ekorren\n", {"rum-1"})
    assert problems == [(2, "device 'rum-1' is already enrolled")]


def test_every_bad_row_is_reported_at_once() -> None:
    """All problems in a file are listed, not just the first."""
    problems = _problems("name,room\nrum-1,\nrum-2,A\nrum-2,B\n,C\n")
    assert [line for line, _ in problems] == [2, 4, 5]


def test_missing_column_is_reported_on_the_header() -> None:
    """A file without a room column is refused at line 1."""
    assert _problems("name\nrum-1\n") == [(1, "header lacks column(s) room")]


def test_too_many_fields_is_reported() -> None:
    """A row with an extra field is reported rather than silently truncated."""
    assert _problems("name,room\nrum-1,A,B,C\n") == [(2, "too many fields")]


def test_failed_batch_leaves_nothing_half_enrolled(fleet: TestFleet, registry: Registry) -> None:
    """If the registry refuses one device, no device of the batch and no bundle remains."""
    enroller = Enroller(fleet.layout, registry)
    enroller.enroll([DeviceRow("rum-5", "A", "rum-5")])
    batch = [DeviceRow("rum-6", "B", "rum-6"), DeviceRow("rum-5", "C", "rum-5")]
    with pytest.raises(ProvisioningError, match="nothing enrolled"):
        enroller.enroll(batch)
    assert registry.get("rum-6") is None
    assert sorted(p.name for p in fleet.layout.bundles.iterdir()) == ["rum-5.zip"]


def test_bundles_hold_no_private_key(fleet: TestFleet, registry: Registry) -> None:
    """A first-boot bundle carries trust material and a token, never a private key."""
    done = Enroller(fleet.layout, registry).enroll([DeviceRow("rum-5", "A", "rum-5")])
    with zipfile.ZipFile(done[0].bundle) as archive:
        names = sorted(archive.namelist())
        blobs = [archive.read(n) for n in names]
    assert names == ["ca.pem", "config-signing.pub", "enrolment.json", "hub-recipient.pub"]
    assert not any(b"PRIVATE KEY" in blob for blob in blobs)
