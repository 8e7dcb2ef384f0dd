"""Sign remote configuration documents with the fleet's config key."""

from __future__ import annotations

from typing import Any

from provisioning import keys
from provisioning.layout import FleetLayout
from wire.commands import Config
from wire.signed_config import SignedConfig, sign_config


def signed_config(layout: FleetLayout, settings: dict[str, Any], serial: int) -> SignedConfig:
    """Sign ``settings`` as document ``serial`` with the key made by ``init``."""
    key = keys.load_ed25519_private(layout.config_signing_key)
    return sign_config(settings, serial, key)


def config_command(layout: FleetLayout, settings: dict[str, Any], serial: int) -> Config:
    """A ``config`` command ready for ``hub.commands.CommandPublisher.send``."""
    return Config(values=signed_config(layout, settings, serial).to_dict())
