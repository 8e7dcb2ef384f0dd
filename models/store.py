"""The on-disk model store: where it lives, hashing, and atomic publishing."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from models.errors import ArtifactMissingError

STORE_ENV = "SAMTAL_MODELS"
_CHUNK = 1 << 20


def default_store() -> Path:
    """Return the model store: ``$SAMTAL_MODELS`` or ``~/.cache/samtal/models``."""
    env = os.environ.get(STORE_ENV)
    if env:
        return Path(env).expanduser()
    return Path.home() / ".cache" / "samtal" / "models"


def sha256_file(path: Path) -> str:
    """Return the hex sha256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def require_file(path: Path, what: str) -> Path:
    """Return ``path`` if it is a file, else raise an error naming what is missing."""
    if not path.is_file():
        raise ArtifactMissingError(path, what)
    return path


@contextlib.contextmanager
def staging_dir(target: Path) -> Iterator[Path]:
    """Yield an empty temp dir beside ``target``; on success it replaces ``target`` atomically.

    On any exception the temp dir is removed and ``target`` is left as it was.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent))
    try:
        yield tmp
        tmp.chmod(0o755)  # mkdtemp makes it private; the store is shared by the services
        _replace(tmp, target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _replace(new: Path, target: Path) -> None:
    """Move ``new`` to ``target``; an old ``target`` is swapped out, then removed."""
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        _remove(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        _remove(old)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink()


@contextlib.contextmanager
def staging_file(target: Path) -> Iterator[Path]:
    """Yield a temp file path beside ``target``; on success it replaces ``target`` atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(handle)
    tmp = Path(name)
    try:
        yield tmp
        tmp.chmod(0o644)  # mkstemp makes it private; the store is shared by the services
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
