"""Settings of capture: the encrypted on-disk audio spool."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SpoolSettings:
    """The encrypted on-disk audio spool."""

    root: Path = Path("/var/lib/samtal/spool")
    """Directory holding one sub-directory per recording."""
    storage_key_path: Path = Path("/var/lib/samtal/storage.key")
    """Device storage key (32 bytes, mode 0600) wrapping the per-recording keys."""
    chunk_seconds: float = 1.0
    """Audio per encrypted chunk; at most this much is lost on power loss."""
    min_free_minutes: float = 30.0
    """Refuse to start a recording unless the disk holds this many minutes of audio."""
