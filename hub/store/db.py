"""The hub database's declarative base; engines and units of work come from :mod:`common.db`.

Every hub table (notes, audit, accounts, receipts) declares itself on :class:`Base`. The
fleet's device registry declares its tables in :mod:`provisioning.registry`; copies of
them are put on ``Base.metadata`` too, so one metadata and one migration history cover the
whole hub database.
"""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

from common.db import make_engine, session_factory, transaction
from provisioning.registry import RegistryBase

__all__ = ["Base", "make_engine", "session_factory", "transaction"]


class Base(DeclarativeBase):
    """Declarative base of all hub tables."""


for _table in RegistryBase.metadata.sorted_tables:
    _table.to_metadata(Base.metadata)
