"""File helpers: private files are created 0600 and replaced atomically (fsync, rename, fsync)."""

from __future__ import annotations

import os
from pathlib import Path


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` as a 0600 file, atomically (rename over the old one)."""
    write_atomic(path, data, mode=0o600)


def write_atomic(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write to a temporary sibling, fsync, then rename, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        try:
            os.fchmod(fd, mode)
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        tmp.replace(path)
    except OSError:
        tmp.unlink(missing_ok=True)  # a full disk must not keep half a file on it
        raise
    sync_folder(path.parent, files=False)


def create_private(path: Path, data: bytes) -> None:
    """Create a new 0600 file (never replacing one), fsync it and then its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    sync_folder(path.parent, files=False)


def write_unsynced_private(path: Path, data: bytes) -> None:
    """Create a new 0600 file without fsync; call :func:`sync_folder` on its folder after."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def sync_folder(folder: Path, *, files: bool = True) -> None:
    """``fsync`` every file in ``folder`` (unless ``files`` is False) and then the folder itself."""
    if files:
        for child in folder.iterdir():
            fd = os.open(child, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
