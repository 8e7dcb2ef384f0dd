"""Read a TOML file into DeviceSettings; unknown keys are errors, so typos surface."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path
from typing import Any

from device.settings import (
    ButtonSettings,
    ControlSettings,
    DeviceSettings,
    IndicatorSettings,
    MicSettings,
    ModelSettings,
    SpoolSettings,
    SystemSettings,
)

_SECTIONS: dict[str, type[Any]] = {
    "button": ButtonSettings,
    "indicator": IndicatorSettings,
    "mic": MicSettings,
    "spool": SpoolSettings,
    "control": ControlSettings,
    "system": SystemSettings,
    "models": ModelSettings,
}


class ConfigError(Exception):
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
    for key, value in data.items():
        if key == "device_id":
            kwargs[key] = str(value)
        elif key in _SECTIONS and isinstance(value, dict):
            kwargs[key] = _section(_SECTIONS[key], key, value)
        else:
            raise ConfigError(f"{path}: unknown setting {key!r}")
    return DeviceSettings(**kwargs)


def _section(cls: type[Any], name: str, values: dict[str, Any]) -> Any:
    fields = {f.name: f for f in dataclasses.fields(cls)}
    kwargs = {}
    for key, value in values.items():
        if key not in fields:
            raise ConfigError(f"[{name}] has no setting {key!r}; known: {', '.join(fields)}")
        kwargs[key] = _coerce(fields[key].type, value)
    return cls(**kwargs)


def _coerce(annotation: object, value: Any) -> Any:
    text = str(annotation)
    if "Path" in text:
        if isinstance(value, list):
            return tuple(Path(v).expanduser() for v in value)
        return Path(value).expanduser()
    if isinstance(value, list):
        return tuple(value)
    if text == "float" and isinstance(value, int):
        return float(value)
    return value
