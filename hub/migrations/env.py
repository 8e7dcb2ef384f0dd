"""Alembic environment: the hub's tables on hub.store.db.Base, URL from the caller's config."""

from __future__ import annotations

from alembic import context

# Importing the table module registers the hub's tables on Base (hub.store.db copies the
# registry's from provisioning.registry).
import hub.store.tables
from hub.store.db import Base, make_engine

target_metadata = Base.metadata
_ = (hub.store.tables,)


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
