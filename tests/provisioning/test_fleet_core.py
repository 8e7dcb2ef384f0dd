"""The fleet core: provisioning imports no hub code, its errors share one root, and the
registry opens only a database the hub's migrations have brought up to date."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from hub.migrate import upgrade
from hub.store.db import Base
from provisioning import errors
from provisioning.errors import ProvisioningError, RegistrySchemaError
from provisioning.registry import RegistryBase, open_registry

PROVISIONING = Path(__file__).resolve().parents[2] / "provisioning"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_every_provisioning_error_derives_from_the_root() -> None:
    """Each exception class in provisioning.errors is a ProvisioningError."""
    classes = [
        c for _, c in inspect.getmembers(errors, inspect.isclass) if c.__module__ == errors.__name__
    ]
    assert classes
    assert all(issubclass(c, ProvisioningError) for c in classes)


def test_hub_metadata_carries_the_registry_tables() -> None:
    """The hub's metadata (migrations, create_all) holds every registry table."""
    assert set(RegistryBase.metadata.tables) <= set(Base.metadata.tables)


def test_open_registry_refuses_an_unmigrated_database(tmp_path: Path) -> None:
    """A database without the registry tables is refused with the hub's migrate command."""
    with pytest.raises(RegistrySchemaError, match="python -m hub db upgrade"):
        open_registry(f"sqlite:///{tmp_path / 'hub.db'}")


def test_open_registry_opens_a_migrated_database(tmp_path: Path) -> None:
    """After the hub's migrations the registry opens and is empty."""
    url = f"sqlite:///{tmp_path / 'hub.db'}"
    upgrade(url)
    assert open_registry(url).list() == []
