"""Alembic environment: the hub's tables on hub.db.Base, URL from the caller's config."""

from __future__ import annotations

from alembic import context

# Importing the table modules registers their tables on Base.
import hub.registry
import hub.store.tables
from hub.db import Base, make_engine

target_metadata = Base.metadata
_ = (hub.registry, hub.store.tables)


def run() -> None:
    url = context.config.get_main_option("sqlalchemy.url")
    if url is None:
        msg = "set sqlalchemy.url (python -m hub db upgrade reads it from the hub settings)"
        raise RuntimeError(msg)
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=engine.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run()
