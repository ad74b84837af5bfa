"""Alembic environment: run by `bot.storage.store.migrate` with an open connection, or by the alembic CLI.

From the command line: `alembic -c bot/storage/migrations/alembic.ini revision --autogenerate -m "…"`
with DATABASE_URL pointing at a database at head; the URL is normalised like the bot's own.
"""

from __future__ import annotations

import os

from alembic import context

from bot.config import DEFAULT_DATABASE_URL
from bot.storage.store import Base, create_store_engine

target_metadata = Base.metadata


def _configure_and_run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    if context.is_offline_mode():
        raise SystemExit("offline (--sql) migrations are not supported; run against a database")
    engine = create_store_engine(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    try:
        with engine.begin() as conn:
            _configure_and_run(conn)
    finally:
        engine.dispose()


run()
