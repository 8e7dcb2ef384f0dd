"""Read the hub's TOML configuration file into settings (only ``__main__`` calls this)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from hub.commands import HubMqttSettings
from hub.errors import HubError
from hub.settings import (
    HubSettings,
    MeasureSettings,
    OidcSettings,
    RetentionSettings,
    WebhookSettings,
)


class ConfigError(HubError, ValueError):
    """The configuration file is missing a value or has a wrong one."""


def load(path: Path) -> tuple[HubSettings, HubMqttSettings | None]:
    """Parse ``path``: ``[hub]`` (with optional ``oidc``, ``webhook``, ``retention``,
    ``measures`` tables) and an optional ``[mqtt]`` table for the claim commands."""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        msg = f"cannot read hub configuration {path}: {exc}"
        raise ConfigError(msg) from exc
    hub = dict(data.get("hub", {}))
    try:
        settings = _hub_settings(hub, path.parent)
        mqtt = _mqtt(data["mqtt"], path.parent) if "mqtt" in data else None
    except (KeyError, TypeError, ValueError) as exc:
        msg = f"{path}: missing or wrong setting {exc}"
        raise ConfigError(msg) from exc
    return settings, mqtt


def _hub_settings(hub: dict[str, Any], base: Path) -> HubSettings:
    secret_file = hub.pop("session_secret_file", None)
    if secret_file is not None:
        hub["session_secret"] = (base / secret_file).read_text("utf-8").strip()
    hub["master_key_file"] = base / hub["master_key_file"]
    if "pdf_font_dir" in hub:
        hub["pdf_font_dir"] = base / hub["pdf_font_dir"]
    if "oidc" in hub:
        hub["oidc"] = OidcSettings(**hub["oidc"])
    if "webhook" in hub:
        hub["webhook"] = WebhookSettings(**hub["webhook"])
    if "retention" in hub:
        hub["retention"] = RetentionSettings(**hub["retention"])
    if "measures" in hub:
        hub["measures"] = MeasureSettings(**hub["measures"])
    if "claim_minutes" in hub:
        hub["claim_minutes"] = tuple(hub["claim_minutes"])
    if "trusted_proxies" in hub:
        hub["trusted_proxies"] = tuple(hub["trusted_proxies"])
    return HubSettings(**hub)


def _mqtt(table: dict[str, Any], base: Path) -> HubMqttSettings:
    files = {k: base / table[k] for k in ("ca_file", "cert_file", "key_file")}
    return HubMqttSettings(**{**table, **files})
