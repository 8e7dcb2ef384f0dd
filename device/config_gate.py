"""The device's gate for remote configuration signed by the fleet's config key.

A document (``wire.signed_config``) is applied only if its signature verifies against the
config public key from the first-boot bundle *and* its serial is higher than the last one
applied, so an older, validly signed document cannot be replayed. Rejections are logged.
The daemon does not apply remote configuration yet; this gate is what it will use.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from common.files import write_atomic
from wire.signed_config import SignedConfig, SignedConfigError, verify_config

log = logging.getLogger(__name__)


class ConfigGate:
    """Verifies, refuses replays, remembers the last applied serial on disk."""

    def __init__(self, public_key: bytes, state_file: Path) -> None:
        self.public_key = public_key
        self.state_file = state_file

    @property
    def applied_serial(self) -> int:
        try:
            return int(json.loads(self.state_file.read_text(encoding="utf-8"))["serial"])
        except (FileNotFoundError, KeyError, ValueError):
            return 0

    def accept(self, values: dict[str, Any]) -> dict[str, Any] | None:
        """The settings to apply, or None (logged) if the document must be ignored."""
        try:
            signed = SignedConfig.from_dict(values)
            settings = verify_config(signed, self.public_key)
            if signed.serial <= self.applied_serial:
                raise SignedConfigError(
                    f"config serial {signed.serial} is not newer than {self.applied_serial}"
                )
        except SignedConfigError as exc:
            log.warning("rejected remote config: %s", exc)
            return None
        self._remember(signed.serial)
        log.info("accepted remote config serial %d", signed.serial)
        return settings

    def _remember(self, serial: int) -> None:
        write_atomic(self.state_file, json.dumps({"serial": serial}).encode())
