"""scripts/ holds entry points only: no sys.path edits, no imports of tests or other scripts."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = sorted((REPO / "scripts").glob("*.py"))


def _imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    return names | {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_script_does_not_edit_sys_path(script: Path) -> None:
    """A script relies on the installed project, never on editing sys.path."""
    assert "sys.path" not in script.read_text()


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_script_imports_neither_tests_nor_scripts(script: Path) -> None:
    """A script imports product packages only: not tests/, not another script."""
    others = {p.stem for p in SCRIPTS}
    tops = {name.split(".")[0] for name in _imported(script)}
    assert tops & ({"tests", "scripts"} | others) == set()
