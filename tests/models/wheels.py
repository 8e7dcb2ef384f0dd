"""Build small real wheels and manifests so fetch runs pip against a local index."""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

from models.pypi import PipSettings


def module_name(package: str) -> str:
    """PyPI name -> importable/wheel name (``a-b`` -> ``a_b``)."""
    return re.sub(r"[-_.]+", "_", package).lower()


def build_wheel(folder: Path, package: str, version: str, members: dict[str, bytes]) -> Path:
    """Write a minimal valid ``py3-none-any`` wheel holding ``members``."""
    mod = module_name(package)
    path = folder / f"{mod}-{version}-py3-none-any.whl"
    info = f"{mod}-{version}.dist-info"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{mod}/__init__.py", "")
        for name, data in members.items():
            archive.writestr(name, data)
        archive.writestr(
            f"{info}/METADATA", f"Metadata-Version: 2.1\nName: {package}\nVersion: {version}\n"
        )
        archive.writestr(
            f"{info}/WHEEL",
            "Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        )
        archive.writestr(f"{info}/RECORD", "")
    return path


def local_pip(folder: Path) -> PipSettings:
    """Pip settings that only look at ``folder`` (no network)."""
    return PipSettings(extra_args=("--no-index", "--find-links", str(folder)))


def sha(data: bytes) -> str:
    """Hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def part_toml(package: str, member: str, data: bytes, *, size: int | None = None) -> str:
    """One ``[[artifact.file.part]]`` table for a part of version 1.0.0."""
    return (
        "[[artifact.file.part]]\n"
        f'package = "{package}"\nversion = "1.0.0"\nmember = "{member}"\n'
        f'size = {len(data) if size is None else size}\nsha256 = "{sha(data)}"\n'
    )
