"""Alias of :mod:`hub.store.db` for modules that still import it here (the registry, the IT
tools); new code imports :mod:`hub.store.db`."""

from __future__ import annotations

from hub.store.db import Base, make_engine, session_factory, transaction

__all__ = ["Base", "make_engine", "session_factory", "transaction"]
