"""The device package's shape: no import circles, one error root."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import device

DEVICE = Path(device.__file__).parent
SUBPACKAGES = sorted(p.name for p in DEVICE.iterdir() if (p / "__init__.py").exists())
BASE = {"device.errors", "device.events", "device.model_files", "device.processes"}
"""Root modules every subpackage may import: they import no subpackage themselves."""


def _node(module: str) -> str:
    """A subpackage counts as one node (``device.speech``); a root module as itself."""
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else module


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for stmt in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(stmt, ast.ImportFrom) and stmt.module and stmt.level == 0:
            names = [f"{stmt.module}.{a.name}" for a in stmt.names]
            found.update(names if stmt.module == "device" else [stmt.module])
        elif isinstance(stmt, ast.Import):
            found.update(a.name for a in stmt.names)
    return {name for name in found if name.startswith("device.")}


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in DEVICE.rglob("*.py"):
        module = ".".join(path.relative_to(DEVICE.parent).with_suffix("").parts)
        source = _node(module.removesuffix(".__init__"))
        targets = {_node(name) for name in _imports(path)} - {source}
        graph.setdefault(source, set()).update(targets)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import circle as a path, or [] when there is none."""
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> list[str]:
        state[node] = 1
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path, node, target]
            if target not in state and (found := visit(target, [*path, node])):
                return found
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node, [])):
            return found
    return []


def test_device_subpackages_and_modules_import_without_circles() -> None:
    """No chain of imports between device subpackages and root modules leads back to itself."""
    assert _cycle(_graph()) == []


@pytest.mark.parametrize("subpackage", SUBPACKAGES)
def test_subpackages_take_only_the_base_from_the_device_root(subpackage: str) -> None:
    """A subpackage imports from the device root only errors, events, model_files, processes."""
    root_modules = {t for t in _graph()[f"device.{subpackage}"] if t.count(".") == 1}
    root_modules -= {f"device.{name}" for name in SUBPACKAGES}
    assert root_modules <= BASE


def _exception_bases() -> dict[str, set[str]]:
    """Class name → base names, for every class in device/ (read, not imported: the
    adapters' native runtimes must stay out of the test process)."""
    bases: dict[str, set[str]] = {}
    for path in DEVICE.rglob("*.py"):
        for stmt in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(stmt, ast.ClassDef):
                names = {b.id if isinstance(b, ast.Name) else ast.unparse(b) for b in stmt.bases}
                bases[stmt.name] = names
    return bases


def _is_error(name: str, bases: dict[str, set[str]]) -> bool:
    """Whether the class derives, through device classes, from a built-in exception."""
    own = bases.get(name, set())
    return any(
        b.endswith(("Error", "Exception")) and (b not in bases or _is_error(b, bases)) for b in own
    )


def _roots_in_device_error(name: str, bases: dict[str, set[str]]) -> bool:
    own = bases.get(name, set())
    return "DeviceError" in own or any(b in bases and _roots_in_device_error(b, bases) for b in own)


def test_every_device_error_is_a_device_error() -> None:
    """Each exception class the device defines derives from DeviceError, so the CLI catches it."""
    bases = _exception_bases()
    errors = [name for name in bases if name != "DeviceError" and _is_error(name, bases)]
    assert errors, "no error classes found"
    assert [name for name in errors if not _roots_in_device_error(name, bases)] == []
