"""IT's side of enrolment: validate names and rooms, make one-time tokens and first-boot bundles.

Policy for bulk CSV (documented in docs/provisioning.md): every row is checked first and
*any* bad row refuses the whole run, reporting every problem by line number. Bundles are
written to a staging folder, the registry rows are added in one transaction, and only
then are the bundles moved into place, so a failure leaves nothing half-enrolled.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import secrets
import shutil
import zipfile
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from common.files import sync_folder, write_private, write_unsynced_private
from provisioning import keys, pki
from provisioning.authority import RESERVED_PREFIX
from provisioning.errors import CsvError, ProvisioningError, RegistryError
from provisioning.layout import FleetLayout
from provisioning.registry import NewDevice, Registry
from provisioning.settings import FleetSettings
from wire import bundle, topics

_ROOM = re.compile(r"^\w[\w .,'()/-]{0,63}$")
REQUIRED_COLUMNS = ("name", "room")


@dataclass(frozen=True)
class DeviceRow:
    """One device to enrol: its id (certificate CN), room and display name."""

    device_id: str
    room: str
    name: str
    line: int = 0
    """Line in the CSV it came from (0 when not from a file)."""


def check_device_id(device_id: str) -> str:
    """Return a valid device id or raise ValueError with the reason."""
    topics.check_device_id(device_id)
    if device_id.startswith(RESERVED_PREFIX):
        msg = f"device id {device_id!r} may not start with '{RESERVED_PREFIX}' (hub identities)"
        raise ValueError(msg)
    return device_id


def check_room(room: str) -> str:
    """Return a valid room label (1-64 letters, digits, spaces, .,'()/-) or raise ValueError."""
    if not _ROOM.fullmatch(room):
        msg = f"room {room!r} must be 1-64 letters, digits, spaces or .,'()/- and start with one"
        raise ValueError(msg)
    return room


def parse_csv(text: str, existing: Collection[str] = ()) -> list[DeviceRow]:
    """Parse ``name,room[,label]`` rows; raise CsvError listing every bad line."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise CsvError([(1, f"header lacks column(s) {', '.join(missing)}")])
    rows: list[DeviceRow] = []
    problems: list[tuple[int, str]] = []
    first_line: dict[str, int] = {}
    for record in reader:
        line = reader.line_num
        row, problem = _row(record, line)
        if problem is None and row is not None:
            problem = _duplicate(row, first_line, existing)
        if problem is not None:
            problems.append((line, problem))
        elif row is not None:
            rows.append(row)
    if problems:
        raise CsvError(problems)
    return rows


def _row(record: dict[str | None, str | None], line: int) -> tuple[DeviceRow | None, str | None]:
    if record.get(None):
        return None, "too many fields"
    values = {k: (v or "").strip() for k, v in record.items() if k is not None}
    empty = [c for c in REQUIRED_COLUMNS if not values.get(c)]
    if empty:
        return None, f"missing field(s) {', '.join(empty)}"
    try:
        device_id = check_device_id(values["name"])
        room = check_room(values["room"])
    except ValueError as exc:
        return None, str(exc)
    return DeviceRow(device_id, room, values.get("label") or device_id, line), None


def _duplicate(row: DeviceRow, first_line: dict[str, int], existing: Collection[str]) -> str | None:
    if row.device_id in existing:
        return f"device {row.device_id!r} is already enrolled"
    if row.device_id in first_line:
        return f"duplicate name {row.device_id!r} (first on line {first_line[row.device_id]})"
    first_line[row.device_id] = row.line
    return None


@dataclass(frozen=True)
class Enrolled:
    """An enrolled device and where its first-boot bundle is."""

    device_id: str
    bundle: Path


class Enroller:
    """Adds devices to the registry and writes their first-boot bundles."""

    def __init__(self, layout: FleetLayout, registry: Registry) -> None:
        self.layout = layout
        self.registry = registry
        self.settings = FleetSettings.load(layout.settings)
        self._trust = {
            bundle.CA_FILE: layout.ca_bundle.read_bytes(),
            bundle.RECIPIENT_FILE: layout.hpke_public_key.read_bytes(),
            bundle.CONFIG_KEY_FILE: layout.config_signing_public_key.read_bytes(),
        }
        self._hub_key_id = keys.load_recipient_public(layout.hpke_public_key).key_id

    def enroll(
        self, rows: Iterable[DeviceRow], progress: Callable[[int], None] | None = None
    ) -> list[Enrolled]:
        """Enrol all ``rows`` or none of them."""
        rows = list(rows)
        staging = self.layout.bundles / f".staging-{secrets.token_hex(4)}"
        staging.mkdir(parents=True)
        try:
            devices = [self._stage(row, staging, progress) for row in rows]
            sync_folder(staging)
            self.registry.add_many(devices)
        except (RegistryError, OSError) as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise ProvisioningError(f"nothing enrolled: {exc}") from exc
        done = [self._publish(row.device_id, staging) for row in rows]
        sync_folder(self.layout.bundles, files=False)
        shutil.rmtree(staging, ignore_errors=True)
        return done

    def reissue_token(self, device_id: str) -> Enrolled:
        """A fresh token and bundle for an enrolled device (e.g. a replaced SD card)."""
        record = self.registry.get(device_id)
        if record is None:
            raise ProvisioningError(f"unknown device {device_id!r}")
        staging = self.layout.bundles / f".staging-{secrets.token_hex(4)}"
        staging.mkdir(parents=True)
        row = DeviceRow(device_id, record.room, record.name)
        device = self._stage(row, staging, None)
        sync_folder(staging)
        self.registry.new_token(device_id, device.token, device.token_expires_at)
        done = self._publish(device_id, staging)
        sync_folder(self.layout.bundles, files=False)
        shutil.rmtree(staging, ignore_errors=True)
        return done

    def _stage(
        self, row: DeviceRow, staging: Path, progress: Callable[[int], None] | None
    ) -> NewDevice:
        token = secrets.token_urlsafe(32)
        expires = pki.now() + dt.timedelta(hours=self.settings.token_hours)
        manifest = bundle.BundleManifest(
            device_id=row.device_id,
            name=row.name,
            room=row.room,
            hub_url=self.settings.hub_url,
            token=token,
            token_expires_at=expires.isoformat(),
            hub_key_id=self._hub_key_id,
            broker_host=self.settings.broker_host,
            broker_port=self.settings.broker_port,
        )
        # Synced in one pass by sync_folder before the registry commit (fsync-bound otherwise).
        write_unsynced_private(staging / f"{row.device_id}.zip", self._zip(manifest))
        if progress is not None:
            progress(1)
        return NewDevice(row.device_id, row.name, row.room, token, expires)

    def _zip(self, manifest: bundle.BundleManifest) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(bundle.MANIFEST, manifest.to_json())
            for name, data in self._trust.items():
                archive.writestr(name, data)
        return buffer.getvalue()

    def _publish(self, device_id: str, staging: Path) -> Enrolled:
        target = self.layout.bundle(device_id)
        (staging / f"{device_id}.zip").replace(target)
        return Enrolled(device_id, target)


def extract_bundle(archive: Path, target: Path) -> Path:
    """Unpack a bundle zip (e.g. onto the boot partition); return the folder."""
    target.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive) as zipped:
        for name in zipped.namelist():
            if "/" in name or name.startswith("."):
                raise ProvisioningError(f"unexpected entry {name!r} in {archive}")
            write_private(target / name, zipped.read(name))
    return target
