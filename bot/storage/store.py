"""The database: reminder deliveries ledger, subscriptions, and whatever later needs to last.

Several replicas (the Procfile's web and worker, or N web dynos) share one database, and the
database is what makes a reminder go out once. SQLite (a file, the default) suits one machine;
PostgreSQL suits several. Tables are declared here on one `Base` so Alembic sees the whole schema;
to add a table, declare it below and add a revision under `bot/storage/migrations/versions/`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    DateTime,
    Engine,
    Float,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.pool import StaticPool
from sqlalchemy.types import TypeDecorator

from bot.storage.deadline import DEFAULT_LIMIT, ConnectionDeadlines, postgres_connect_args

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# Stable constraint names, so later migrations can drop or alter them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class StoreError(Exception):
    """The database URL is wrong or the database cannot be reached; the message hides the password."""


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite would otherwise hand back naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; pass a timezone-aware one")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}  # noqa: RUF012 (SQLAlchemy reads it at class creation)


class Delivery(Base):
    """One message Samverka must post at most once: a reminder, an announcement, a notice.

    `key` is the identity (see `bot.reminders.plan.reminder_key`); the row is the claim. `status`:
    claimed (someone holds the lease and may be posting), retry (a clean failure, try again after
    `lease_until`), sent, skipped (never to be sent, `detail` says why), failed (gave up).
    """

    __tablename__ = "deliveries"

    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # reminder | announcement | notice
    event_id: Mapped[str | None] = mapped_column(String(200))
    target: Mapped[str] = mapped_column(String(200))  # channel id/name, or "user:U…"
    send_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[datetime | None]
    first_claimed_at: Mapped[datetime | None]
    # The outcome of an earlier post is unknown (claimer died, or the request timed out): look for
    # the message in the conversation before posting again.
    check_history: Mapped[bool] = mapped_column(Boolean, default=False)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    sent_at: Mapped[datetime | None]
    channel: Mapped[str | None] = mapped_column(String(64))  # conversation id it went to
    message_ts: Mapped[str | None] = mapped_column(String(32))
    detail: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime]

    __table_args__ = (Index(None, "status", "lease_until"), Index(None, "event_id"))


class Subscription(Base):
    """A person's wish: reminders for one event, or news of events on a theme or in a place."""

    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # event | theme | place
    value: Mapped[str] = mapped_column(String(200))  # the event, theme or region id
    lang: Mapped[str] = mapped_column(String(2), default="en")  # language to write to them in
    created_at: Mapped[datetime]

    __table_args__ = (UniqueConstraint("user_id", "kind", "value"), Index(None, "kind", "value"))


class QuestionLogRow(Base):
    """A question with no results or only weak ones (`bot.upkeep.question_log`); the asker only as a hash."""

    __tablename__ = "question_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    asked_at: Mapped[datetime]
    outcome: Mapped[str] = mapped_column(String(16))  # no_results | widened | low_confidence
    question: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(2))
    intent: Mapped[str] = mapped_column(String(16))
    regions: Mapped[str] = mapped_column(String(1000))  # region ids, space-separated
    themes: Mapped[str] = mapped_column(String(1000))  # theme ids, space-separated
    top_score: Mapped[float | None] = mapped_column(Float)
    result_count: Mapped[int] = mapped_column(Integer)
    channel_type: Mapped[str] = mapped_column(String(16))  # channel | group | im | mpim | command
    user_hash: Mapped[str] = mapped_column(String(64))
    knowledge_version: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index(None, "asked_at"),)


class FeedbackRow(Base):
    """One person's 👍 (+1) or 👎 (-1) on one answer (`bot.upkeep.question_log`); a second click
    replaces it."""

    __tablename__ = "answer_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    rated_at: Mapped[datetime]
    rating: Mapped[int] = mapped_column(SmallInteger)
    answer_key: Mapped[str] = mapped_column(String(64))  # question + results shown, hashed
    question: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(2))
    regions: Mapped[str] = mapped_column(String(1000))
    themes: Mapped[str] = mapped_column(String(1000))
    results: Mapped[str] = mapped_column(String(2000))  # "kind:id" of the results shown
    channel_type: Mapped[str] = mapped_column(String(16))
    user_hash: Mapped[str] = mapped_column(String(64))
    knowledge_version: Mapped[str] = mapped_column(String(64))

    __table_args__ = (UniqueConstraint("user_hash", "answer_key"), Index(None, "rated_at"))


class SeenKey(Base):
    """A Slack event id or signed request already taken by some process (`bot.slack.shared_state`), so a
    retry or a replay that reaches another worker or replica is not answered again. Hashed keys,
    nothing personal; rows are deleted once expired."""

    __tablename__ = "seen_keys"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # kind + sha256 of the id
    expires_at: Mapped[datetime]

    __table_args__ = (Index(None, "expires_at"),)


class QuestionCount(Base):
    """How many questions one person asked in one minute, counted by every worker and replica
    (`bot.slack.shared_state.SharedCounts`), so the per-person limit holds across them. The key is a
    hash of the user id and the minute; rows are deleted once expired."""

    __tablename__ = "question_counts"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    count: Mapped[int]
    expires_at: Mapped[datetime]

    __table_args__ = (Index(None, "expires_at"),)


def normalise_url(url: str) -> str:
    """`postgres://` (Heroku's spelling) and bare `postgresql://` use psycopg 3, the driver installed."""
    url = url.strip()
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def describe_url(url: str | URL) -> str:
    """The URL safe to print: password masked."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparseable DATABASE_URL>"


def _parse(url: str) -> URL:
    try:
        parsed = make_url(normalise_url(url))
    except ArgumentError:
        raise StoreError(
            "DATABASE_URL: not a database URL (use sqlite:///samverka.db or postgresql://user@host/db)"
        ) from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(
            f"DATABASE_URL: unsupported database {parsed.get_backend_name()!r} (use sqlite or postgresql)"
        )
    return parsed


def create_store_engine(url: str, *, timeout: float = DEFAULT_LIMIT) -> Engine:
    """An engine tuned for several processes writing the same small tables, where no call waits
    longer than `timeout` seconds: to connect, for a statement, for a pool connection, or (SQLite)
    for another process's write lock."""
    parsed = _parse(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, timeout)
    return create_engine(
        parsed,
        # No pool_pre_ping: its ping has no deadline; ConnectionDeadlines pings on checkout instead.
        pool_size=5,
        max_overflow=5,
        pool_timeout=timeout,
        connect_args=postgres_connect_args(dict(parsed.query), timeout),
    )


def _sqlite_engine(url: URL, timeout: float) -> Engine:
    memory = url.database in (None, "", ":memory:")
    if not memory and url.database:
        Path(url.database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"timeout": timeout, "check_same_thread": False},
        poolclass=StaticPool if memory else None,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own transaction handling starts transactions late and as readers; take over so
        # every transaction begins IMMEDIATE (below) and writers queue on the busy timeout instead
        # of failing with "database is locked" when two processes upgrade a read to a write.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


MIGRATION_SECONDS = 120.0  # a migration may take longer than an ordinary call; still not for ever


def migrate(engine: Engine) -> None:
    """`alembic upgrade head`, safe when several replicas start at the same moment.

    PostgreSQL: a transaction-scoped advisory lock (keyed by schema) serialises the upgraders and
    DDL is transactional, so the second one finds the schema at head. SQLite: the transaction
    begins IMMEDIATE, which is itself an exclusive writer lock on the file.
    """
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text(f"SET LOCAL statement_timeout = {int(MIGRATION_SECONDS * 1000)}"))
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(hashtext('samverka-migrations:' || current_schema()))")
                )
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except OperationalError as exc:
        raise StoreError(
            f"cannot reach the database at {describe_url(engine.url)}: {_first_line(exc)}"
        ) from None


def _first_line(exc: OperationalError) -> str:
    return str(exc.orig).strip().splitlines()[0] if exc.orig is not None else type(exc).__name__


@dataclass
class Store:
    """The engine and a session factory; one per process, shared by every service that stores."""

    engine: Engine
    sessions: sessionmaker[Session]
    deadlines: ConnectionDeadlines | None = None  # PostgreSQL: cuts a call left unanswered

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A Core connection inside one transaction: committed on success, rolled back on error."""
        with self.engine.begin() as connection:
            yield connection

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def insert(self, table: type[Base]) -> Any:
        """An INSERT that can say ON CONFLICT (both databases spell it the same way in SQLAlchemy)."""
        return (postgresql if self.dialect == "postgresql" else sqlite).insert(table)

    def close(self) -> None:
        """Release the database; a call still waiting on it (a silent connection) fails at once."""
        if self.deadlines is not None:
            self.deadlines.close()
        self.engine.dispose()


def open_store(url: str, *, upgrade: bool = True, timeout: float = DEFAULT_LIMIT) -> Store:
    """Connect (and by default migrate to head); errors are one clear line without the password.

    `timeout`: seconds any one database call may take (see `create_store_engine`)."""
    engine = create_store_engine(url, timeout=timeout)
    deadlines = None
    if engine.dialect.name == "postgresql":
        deadlines = ConnectionDeadlines(MIGRATION_SECONDS)
        deadlines.attach(engine)
    try:
        if upgrade:
            migrate(engine)
    except BaseException:
        if deadlines is not None:
            deadlines.close()
        engine.dispose()
        raise
    if deadlines is not None:
        deadlines.limit = timeout
    return Store(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False), deadlines=deadlines)
