"""Fixtures for the OS image tests: a minimal root for systemd-analyze, fleet signing keys."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

IMAGE = Path(__file__).resolve().parents[2] / "image"
UNITS = sorted((IMAGE / "systemd").glob("samtal-*.*"))


def need(tool: str) -> str:
    """Return the tool's path, or skip the test with the reason printed."""
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (make setup installs it)")
    return path


@pytest.fixture(scope="session")
def unit_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A root with Debian's systemd units, ours in /etc, and every ExecStart binary present.

    The binaries are empty executables: systemd-analyze checks that they exist, the
    rootfs smoke build (make image-smoke) checks them for real.
    """
    need("systemd-analyze")
    root = tmp_path_factory.mktemp("unit-root")
    (root / "usr/lib/systemd").mkdir(parents=True)
    shutil.copytree("/usr/lib/systemd/system", root / "usr/lib/systemd/system", symlinks=True)
    (root / "lib").symlink_to("usr/lib")
    (root / "bin").symlink_to("usr/bin")
    target = root / "etc/systemd/system"
    target.mkdir(parents=True)
    for unit in UNITS:
        shutil.copy(unit, target / unit.name)
    for binary in ("opt/samtal/venv/bin/python", "usr/local/sbin/samtal-unlock", "usr/bin/rm"):
        path = root / binary
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("#!/bin/sh\n")
        path.chmod(0o755)
    return root
