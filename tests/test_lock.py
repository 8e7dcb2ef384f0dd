"""The lock files: every dependency pinned with a hash, the appliance's set agreeing with CI's."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==(\S+)")


def _pins(name: str) -> dict[str, tuple[str, list[str]]]:
    """For every entry of requirements/<name>: its name -> (version, hashes)."""
    pins: dict[str, tuple[str, list[str]]] = {}
    current = ""
    for line in (REPO / "requirements" / name).read_text().splitlines():
        if match := PIN.match(line):
            current = canonicalize_name(match[1])
            pins[current] = (match[2], [])
        elif "--hash=sha256:" in line and current:
            pins[current][1].append(line.split("--hash=sha256:")[1].split()[0])
        elif line and not line.startswith((" ", "#")):
            pytest.fail(f"requirements/{name}: unpinned line {line!r}")
    return pins


@pytest.mark.parametrize("name", ["lock.txt", "device.txt"])
def test_every_entry_is_pinned_with_a_hash(name: str) -> None:
    """Each locked package has an exact version and at least one sha256."""
    pins = _pins(name)
    assert pins
    unhashed = [pkg for pkg, (_, hashes) in pins.items() if not hashes]
    assert not unhashed


def test_the_appliance_lock_agrees_with_the_full_lock() -> None:
    """requirements/device.txt pins nothing that lock.txt pins differently."""
    full, device = _pins("lock.txt"), _pins("device.txt")
    differ = {p: (v, full.get(p, ("absent",))[0]) for p, (v, _) in device.items()
              if full.get(p, ("",))[0] != v}  # fmt: skip
    assert not differ


def test_every_declared_dependency_is_locked() -> None:
    """Every requirement in pyproject.toml, with every extra, appears in the lock."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    declared = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        declared += extra
    locked = _pins("lock.txt")
    missing = []
    for spec in declared:
        requirement = Requirement(spec)
        version = locked.get(canonicalize_name(requirement.name), (None,))[0]
        if version is None or not requirement.specifier.contains(version, prereleases=True):
            missing.append(spec)
    assert not missing, "run scripts/lock.sh after changing pyproject.toml"
