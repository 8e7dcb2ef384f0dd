"""The import rules of docs/ARCHITECTURE.md, checked over every import statement in the tree.

Imports inside functions count too: a lazy import is still an arrow. The hub's layers are
checked in tests/hub/test_layers.py and the scripts in tests/test_scripts_layout.py.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ("common", "wire", "grounding", "models", "device", "provisioning", "hub")
ALL_TOP = (*PRODUCT, "tests", "scripts")

# The table in docs/ARCHITECTURE.md, section "What each package may import".
MAY_IMPORT: dict[str, frozenset[str]] = {
    "common": frozenset(),
    "wire": frozenset(),
    "grounding": frozenset({"wire"}),
    "models": frozenset({"wire"}),
    "device": frozenset({"common", "wire", "grounding", "models"}),
    "provisioning": frozenset({"common", "wire"}),
    "hub": frozenset({"common", "wire", "grounding", "provisioning"}),
    "scripts": frozenset(PRODUCT),
}


def _modules(top: str) -> list[Path]:
    return sorted(p for p in (ROOT / top).rglob("*.py") if "__pycache__" not in p.parts)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@functools.cache
def _imports(path: Path) -> tuple[str, ...]:
    """Absolute dotted names imported by ``path``, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            names.append(module)
            names.extend(f"{module}.{alias.name}" for alias in node.names)
    return tuple(names)


def _top(name: str) -> str:
    return name.split(".", maxsplit=1)[0]


def _ours(names: tuple[str, ...]) -> set[str]:
    return {n for n in names if _top(n) in ALL_TOP}


@pytest.mark.parametrize("package", sorted(MAY_IMPORT))
def test_package_imports_only_what_the_table_allows(package: str) -> None:
    """Every import from one top-level package into another is an arrow the table allows."""
    allowed = MAY_IMPORT[package] | {package}
    wrong = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in _modules(package)
        for name in sorted(_ours(_imports(path)))
        if _top(name) not in allowed
    ]
    assert wrong == []


def test_no_product_module_is_a_test_harness() -> None:
    """No product package ships a ``testing`` module; fakes are named ``fake_*``."""
    harnesses = [
        str(path.relative_to(ROOT))
        for top in PRODUCT
        for path in _modules(top)
        if path.stem in {"testing", "conftest"} or path.stem.startswith("test_")
    ]
    assert harnesses == []


def _subpackage_graph(top: str) -> dict[str, set[str]]:
    """Arrows between the direct subpackages (and top-level modules) of ``top``."""
    graph: dict[str, set[str]] = {}
    for path in _modules(top):
        parts = _module_name(path).split(".")
        if len(parts) < 2:  # the package's own __init__
            continue
        source = parts[1]
        targets = graph.setdefault(source, set())
        for name in _ours(_imports(path)):
            target = name.split(".")
            if target[0] == top and len(target) > 1 and target[1] != source:
                targets.add(target[1])
    known = set(graph)
    return {node: {t for t in targets if t in known} for node, targets in graph.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle in ``graph``, or an empty list."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        stack.pop()
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def test_no_cycle_between_top_level_packages() -> None:
    """The arrows between the top-level packages form no cycle."""
    graph = {
        top: {_top(n) for p in _modules(top) for n in _ours(_imports(p))} - {top} for top in ALL_TOP
    }
    assert _cycle(graph) == []


def test_no_cycle_between_device_subpackages() -> None:
    """Inside device/, the subpackages and modules import each other without a cycle."""
    assert _cycle(_subpackage_graph("device")) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    """The cycle check is not vacuous: a two-node loop is reported."""
    assert _cycle({"a": {"b"}, "b": {"a"}}) == ["a", "b", "a"]
