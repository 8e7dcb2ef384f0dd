"""The hub's subpackages import each other in one direction: web → services → store."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

HUB = Path(__file__).resolve().parents[2] / "hub"
#: Which hub units each unit may import (a unit is a subpackage or a top-level module).
ALLOWED = {
    "web": {"services", "settings", "errors", "registry"},
    "services": {"store", "settings", "errors", "registry"},
    "ingest": {"services", "store", "settings", "errors", "registry", "commands", "config"},
    "store": {"errors"},
}


def unit(module: str) -> str:
    """``hub.web.notes`` → ``web``; ``hub.errors`` → ``errors``."""
    return module.split(".")[1]


def hub_imports(path: Path) -> set[str]:
    """The hub modules ``path`` imports (``from hub.x import``, ``from hub import x``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "hub":
                found |= {f"hub.{alias.name}" for alias in node.names}
            elif node.module.startswith("hub."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("hub.")}
    return found


def graph() -> dict[str, set[str]]:
    """Unit → the other hub units it imports."""
    edges: dict[str, set[str]] = defaultdict(set)
    for path in HUB.rglob("*.py"):
        parts = path.relative_to(HUB.parent).with_suffix("").parts
        if "migrations" in parts:
            continue
        source = unit(".".join(parts)) if len(parts) > 1 else "hub"
        for target in hub_imports(path):
            if unit(target) != source:
                edges[source].add(unit(target))
    return edges


def test_subpackages_import_only_downward() -> None:
    """web, services, ingest and store import only the units their layer allows."""
    edges = graph()
    wrong = {u: sorted(edges[u] - allowed) for u, allowed in ALLOWED.items() if edges[u] - allowed}
    assert wrong == {}


def test_nothing_imports_the_web_layer_but_the_cli() -> None:
    """Only the command line (``hub.__main__``) builds the web app."""
    importers = {source for source, targets in graph().items() if "web" in targets}
    assert importers <= {"__main__"}


def test_no_import_circles_between_hub_units() -> None:
    """Following imports from any hub unit never leads back to it."""
    edges = graph()

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in edges.get(start, set()) - seen:
            if nxt == goal or reaches(nxt, goal, seen | {nxt}):
                return True
        return False

    assert [u for u in sorted(edges) if reaches(u, u, set())] == []


def test_ingest_worker_loads_no_web_framework() -> None:
    """The ingest process imports neither FastAPI, Starlette nor Jinja, even indirectly."""
    code = (
        "import sys, hub.ingest.worker; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'fastapi', 'starlette', 'jinja2'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
