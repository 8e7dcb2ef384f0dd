"""Alembic migrations of the note database, run programmatically (``python -m hub db upgrade``)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(config(url), revision)


def head_revision() -> str:
    """The newest migration this code carries (what ``db upgrade`` brings a database to)."""
    head = ScriptDirectory.from_config(config("sqlite://")).get_current_head()
    return head or "none"
