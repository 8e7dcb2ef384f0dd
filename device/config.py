"""Read a TOML file into DeviceSettings; unknown keys are errors, so typos surface.

`[delivery]` only needs what differs from the enrolled identity: the device id, broker,
CA, certificate and key default to the files `python -m device enroll` wrote under
`[identity] identity_dir`, and the outbox to `outbox.db` beside that folder.
"""

from __future__ import annotations

import dataclasses
import json
import tomllib
from pathlib import Path
from typing import Any

from device.delivery.settings import DeliverySettings
from device.enrolment import DeviceIdentity, EnrolmentSettings
from device.errors import DeviceError
from device.note.settings import NoteSettings
from device.settings import (
    ButtonSettings,
    ClientQuestionSettings,
    ControlSettings,
    DeviceSettings,
    IndicatorSettings,
    MeetingSettings,
    MicSettings,
    ModelSettings,
    SpoolSettings,
    SystemSettings,
)
from device.speech.settings import settings_from_mapping

_SECTIONS: dict[str, type[Any]] = {
    "button": ButtonSettings,
    "indicator": IndicatorSettings,
    "mic": MicSettings,
    "spool": SpoolSettings,
    "control": ControlSettings,
    "system": SystemSettings,
    "models": ModelSettings,
    "note": NoteSettings,
    "identity": EnrolmentSettings,
    "meeting": MeetingSettings,
    "client_question": ClientQuestionSettings,
}
_FROM_IDENTITY = ("device_id", "broker_host", "broker_port", "ca_file", "cert_file", "key_file")


class ConfigError(DeviceError):
    """The configuration file is unreadable or names unknown settings."""


def load(path: Path | None) -> DeviceSettings:
    """Settings from `path`, or the defaults when it is None."""
    if path is None:
        return DeviceSettings()
    try:
        data = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config {path}: {exc}") from exc
    kwargs: dict[str, Any] = {}
    delivery: dict[str, Any] | None = None
    for key, value in data.items():
        if key == "device_id":
            kwargs[key] = str(value)
        elif key == "delivery" and isinstance(value, dict):
            delivery = value
        elif key == "speech" and isinstance(value, dict):
            try:
                kwargs[key] = settings_from_mapping(value)
            except ValueError as exc:
                raise ConfigError(f"{path}: [speech]: {exc}") from exc
        elif key in _SECTIONS and isinstance(value, dict):
            kwargs[key] = _section(_SECTIONS[key], key, value)
        else:
            raise ConfigError(f"{path}: unknown setting {key!r}")
    settings = DeviceSettings(**kwargs)
    if delivery is None:
        return settings
    resolved = _delivery(delivery, settings, path)
    return dataclasses.replace(settings, delivery=resolved, device_id=resolved.device_id)


def _delivery(values: dict[str, Any], settings: DeviceSettings, path: Path) -> DeliverySettings:
    """`[delivery]` with the gaps filled from the enrolled identity."""
    identity = DeviceIdentity(settings.identity.identity_dir)
    merged: dict[str, Any] = {
        "ca_file": identity.ca_file,
        "cert_file": identity.cert_file,
        "key_file": identity.key_file,
        "outbox_path": identity.root.parent / "outbox.db",
    }
    if identity.info_file.exists():
        try:
            info = json.loads(identity.info_file.read_text(encoding="utf-8"))
            merged |= {k: info[k] for k in ("device_id", "broker_host", "broker_port")}
        except (OSError, ValueError, KeyError) as exc:
            raise ConfigError(f"cannot read the identity {identity.info_file}: {exc}") from exc
    known = [f.name for f in dataclasses.fields(DeliverySettings)]
    for key in values:
        if key not in known:
            raise ConfigError(f"[delivery] has no setting {key!r}; known: {', '.join(known)}")
    merged |= values
    missing = [k for k in _FROM_IDENTITY if k not in merged]
    if missing:
        raise ConfigError(
            f"{path}: [delivery] lacks {', '.join(missing)} and the device is not enrolled "
            f"(no {identity.info_file}); run `python -m device enroll --bundle DIR --state DIR` "
            "or set them in [delivery]"
        )
    resolved: DeliverySettings = _section(DeliverySettings, "delivery", merged)
    return resolved


def _section(cls: type[Any], name: str, values: dict[str, Any]) -> Any:
    fields = {f.name: f for f in dataclasses.fields(cls)}
    kwargs = {}
    for key, value in values.items():
        if key not in fields:
            raise ConfigError(f"[{name}] has no setting {key!r}; known: {', '.join(fields)}")
        default = _default(fields[key])
        if dataclasses.is_dataclass(default) and isinstance(value, dict):
            kwargs[key] = _section(type(default), f"{name}.{key}", value)
        else:
            kwargs[key] = _coerce(fields[key].type, value)
    try:
        return cls(**kwargs)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"[{name}]: {exc}") from exc


def _default(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return None


def _coerce(annotation: object, value: Any) -> Any:
    text = str(annotation)
    if isinstance(value, Path):
        return value
    if "Path" in text:
        if isinstance(value, list):
            return tuple(Path(v).expanduser() for v in value)
        return Path(value).expanduser()
    if isinstance(value, list):
        return tuple(value)
    if "float" in text and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value
