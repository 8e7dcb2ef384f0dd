"""Units of accounts from the command line, and the measures settings from hub.toml."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from hub import config as hub_config
from hub.store.tables import User
from tests.hub.test_cli import CONFIG, _sessions, hub_cli


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """A hub.toml of an initialised hub under ``tmp_path``."""
    path = tmp_path / "hub.toml"
    path.write_text(CONFIG.format(d=tmp_path, secret="s" * 40))
    assert hub_cli(path, "init").returncode == 0
    return path


def _units(path: Path) -> dict[str, str | None]:
    with _sessions(path)() as session:
        return {u.username: u.unit for u in session.scalars(select(User))}


def test_create_user_sets_the_unit(config: Path) -> None:
    """create-user --unit stores the unit with the account."""
    result = hub_cli(
        config,
        "create-user",
        "chef",
        "--role",
        "enhetschef",
        "--oidc",
        "c",
        "--unit",
        "Barn och unga",
    )
    assert result.returncode == 0, result.stderr
    assert _units(config) == {"chef": "Barn och unga"}


def test_a_unit_manager_without_a_unit_is_refused(config: Path) -> None:
    """An enhetschef account without --unit is refused and not created."""
    result = hub_cli(config, "create-user", "chef", "--role", "enhetschef", "--oidc", "c")
    assert result.returncode == 1
    assert "needs a unit" in result.stderr
    assert _units(config) == {}


def test_set_unit_moves_an_existing_account_and_empty_clears_it(config: Path) -> None:
    """set-unit gives an account without a unit one; an empty unit takes it away again."""
    hub_cli(config, "create-user", "anna", "--role", "handlaggare", "--oidc", "a")
    assert _units(config) == {"anna": None}
    assert hub_cli(config, "set-unit", "anna", "Ekonomiskt bistånd").returncode == 0
    assert _units(config) == {"anna": "Ekonomiskt bistånd"}
    assert hub_cli(config, "set-unit", "anna", "").returncode == 0
    assert _units(config) == {"anna": None}


def test_the_name_of_no_unit_is_refused(config: Path) -> None:
    """No account may be put in a unit called "Ingen enhet" (how the page names none)."""
    hub_cli(config, "create-user", "anna", "--role", "handlaggare", "--oidc", "a")
    result = hub_cli(config, "set-unit", "anna", "ingen enhet")
    assert result.returncode == 1
    assert _units(config) == {"anna": None}


def test_the_measures_table_sets_the_threshold(tmp_path: Path) -> None:
    """[hub.measures] min_group = 1 is read into the settings."""
    path = tmp_path / "hub.toml"
    path.write_text(CONFIG.format(d=tmp_path, secret="s" * 40) + "[hub.measures]\nmin_group = 1\n")
    assert hub_config.load(path)[0].measures.min_group == 1


def test_a_threshold_below_one_is_a_configuration_error(tmp_path: Path) -> None:
    """min_group = 0 is refused with a message naming the setting."""
    path = tmp_path / "hub.toml"
    path.write_text(CONFIG.format(d=tmp_path, secret="s" * 40) + "[hub.measures]\nmin_group = 0\n")
    with pytest.raises(hub_config.ConfigError, match="min_group"):
        hub_config.load(path)
