"""The store: URLs, migrations on both backends (also several replicas at once), aware timestamps."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import insert, inspect, select, text

from bot.storage.store import (
    MIGRATIONS_DIR,
    Base,
    Delivery,
    StoreError,
    create_store_engine,
    describe_url,
    normalise_url,
    open_store,
)

ROOT = Path(__file__).resolve().parent.parent


def _head_revision() -> str | None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config).get_current_head()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@h:5432/db", "postgresql+psycopg://u:p@h:5432/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("  sqlite:///samverka.db ", "sqlite:///samverka.db"),
    ],
)
def test_urls_are_normalised_to_the_installed_driver(given: str, expected: str) -> None:
    assert normalise_url(given) == expected


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not a url", "not a database URL"),
        ("mysql://root:hunter2@db/x", "unsupported database 'mysql'"),
    ],
)
def test_bad_urls_are_one_clear_line(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message) as caught:
        open_store(url)
    assert "hunter2" not in str(caught.value)


def test_unreachable_database_is_a_clear_error_without_the_password() -> None:
    with pytest.raises(StoreError, match="cannot reach the database") as caught:
        open_store("postgresql://samverka:s3cret-pw@127.0.0.1:1/nowhere?connect_timeout=2")
    assert "s3cret-pw" not in str(caught.value)
    assert "***" in str(caught.value)
    assert describe_url("postgresql://a:b@h/d") == "postgresql://a:***@h/d"


def test_migrations_create_the_schema_the_models_declare(database_url: str) -> None:
    store = open_store(database_url)
    try:
        names = set(inspect(store.engine).get_table_names())
        assert {"deliveries", "subscriptions", "alembic_version"} <= names
        with store.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
            assert context.get_current_revision() == _head_revision()
    finally:
        store.close()
    # Starting again is a no-op, not an error.
    open_store(database_url).close()


def test_migration_waits_for_another_replica_holding_the_migration_lock(database_url: str) -> None:
    """While one replica migrates (holds the lock), another's upgrade waits instead of racing it."""
    engine = create_store_engine(database_url)
    done = threading.Event()
    errors: list[BaseException] = []

    def start_replica() -> None:
        try:
            open_store(database_url).close()
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)
        done.set()

    try:
        with engine.begin() as connection:  # the "other replica", mid-migration
            if engine.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(hashtext('samverka-migrations:' || current_schema()))")
                )
            replica = threading.Thread(target=start_replica)
            replica.start()
            assert not done.wait(0.7), "migration did not wait for the lock"
        assert done.wait(30)
        replica.join()
        assert errors == []
    finally:
        engine.dispose()


def test_timestamps_come_back_aware_in_utc(database_url: str) -> None:
    store = open_store(database_url)
    stockholm_winter = timezone(timedelta(hours=1))
    when = datetime(2026, 12, 3, 9, 0, tzinfo=stockholm_winter)
    try:
        with store.begin() as connection:
            connection.execute(
                insert(Delivery).values(
                    key="k",
                    kind="reminder",
                    target="C1",
                    send_at=when,
                    status="sent",
                    attempts=1,
                    check_history=False,
                    late=False,
                    updated_at=when,
                )
            )
        with store.begin() as connection:
            got = connection.execute(select(Delivery.send_at)).scalar_one()
        assert got == when
        assert got.tzinfo is not None
        assert got.utcoffset() == timedelta(0)
        assert got == datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
        with pytest.raises(Exception, match="naive datetime"), store.begin() as connection:
            connection.execute(
                insert(Delivery).values(
                    key="naive",
                    kind="reminder",
                    target="C1",
                    send_at=datetime(2026, 1, 1),
                    status="sent",
                    attempts=1,
                    check_history=False,
                    late=False,
                    updated_at=when,
                )
            )
    finally:
        store.close()


def test_sqlite_file_in_a_new_directory_is_created(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'deep' / 'dir' / 'samverka.db'}")
    store.close()
    assert (tmp_path / "deep" / "dir" / "samverka.db").exists()
