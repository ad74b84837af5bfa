"""Shared by the reminder tests: synthetic events, and a database on both backends.

Events here are synthetic (future dates invented for tests, in memory or in tmp copies); the shipped
knowledge base is never touched. The `database_url` fixture yields a fresh SQLite file and a fresh
PostgreSQL schema (TEST_DATABASE_URL), so parallel runs never share tables.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.knowledge.model import Event, Knowledge, Organisation, Region, ReminderOverride, Source, Text, When
from tests.db_proxy import Proxy

DEFAULT_TEST_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

SOURCE = Source(
    id="test-source",
    seed="test",
    publisher="Tests",
    title="Synthetic test events",
    url="https://example.org/test-source",
    published=date(2025, 6, 1),
    retrieved=date(2026, 1, 1),
)
REGIONS = {
    "se": Region(id="se", kind="country", name="Sverige", country="SE", names_en="Sweden"),
    "se-orebro-lan": Region(
        id="se-orebro-lan",
        kind="county",
        name="Örebro län",
        country="SE",
        parent="se",
        names_en="Örebro County",
    ),
    "se-orebro": Region(
        id="se-orebro", kind="municipality", name="Örebro", country="SE", parent="se-orebro-lan"
    ),
    "lv": Region(id="lv", kind="country", name="Latvija", country="LV", names_en="Latvia"),
}
ORGANISER = Organisation(
    id="test-organiser", name="Test Organiser", kind="network", description=Text(en="x"), source=(SOURCE.id,),
)  # fmt: skip


def event(
    event_id: str,
    start: date | datetime | str,
    end: date | datetime | str | None = None,
    *,
    precision: str | None = None,
    reminders: ReminderOverride | None = None,
    place: str | None = "se-orebro",
    digital: bool = False,
    themes: tuple[str, ...] = (),
    link: str | None = None,
) -> Event:
    def when(value: date | datetime | str) -> When:
        if isinstance(value, str):  # "2026-03" month precision
            year, month = value.split("-")
            return When(date(int(year), int(month), 1), "month")
        if isinstance(value, datetime):
            return When(value, "datetime")
        return When(value, precision or "day")  # type: ignore[arg-type]

    return Event(
        id=event_id,
        name=f"Event {event_id}",
        description=Text(en=f"Synthetic event {event_id}"),
        start=when(start),
        end=when(end if end is not None else start),
        source=(SOURCE.id,),
        place=place,
        digital=digital,
        organiser=ORGANISER.id,
        themes=themes,
        link=link,
        reminders=reminders,
    )


def knowledge(*events: Event, version: str = "v1") -> Knowledge:
    return Knowledge(
        version=version,
        sources=MappingProxyType({SOURCE.id: SOURCE}),
        regions=MappingProxyType(REGIONS),
        themes=MappingProxyType({}),
        organisations=MappingProxyType({ORGANISER.id: ORGANISER}),
        contacts=MappingProxyType({}),
        enterprises=MappingProxyType({}),
        events=MappingProxyType({e.id: e for e in events}),
    )


_pg_reason: list[str | None] = []


def postgres_unreachable_reason(url: str) -> str | None:
    """Why PostgreSQL cannot be used (asked once per run), or None when it can."""
    if not _pg_reason:
        try:
            engine = create_engine(url, connect_args={"connect_timeout": 3})
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            engine.dispose()
            _pg_reason.append(None)
        except Exception as exc:
            first_line = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            _pg_reason.append(f"PostgreSQL at {make_url(url).render_as_string()} unreachable: {first_line}")
    return _pg_reason[0]


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A fresh, empty database: a SQLite file, or a schema of its own in TEST_DATABASE_URL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'samverka.db'}"
        return
    base = os.environ.get("TEST_DATABASE_URL") or DEFAULT_TEST_DATABASE_URL
    from bot.storage.store import normalise_url

    base = normalise_url(base)
    reason = postgres_unreachable_reason(base)
    if reason:
        pytest.skip(reason)
    schema = f"samverka_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


ROOT = Path(__file__).resolve().parent.parent
SHIPPED_KNOWLEDGE = ROOT / "knowledge"


def event_yaml(
    event_id: str,
    start: str,
    end: str | None = None,
    *,
    place: str | None = "se-orebro",
    themes: tuple[str, ...] = (),
    reminders: str | None = None,
) -> str:
    """One synthetic future event as events.yaml text (source and organiser exist in the shipped files)."""
    lines = [
        f"- id: {event_id}",
        f"  name: Testevenemang {event_id}",
        "  description: {en: A synthetic event that exists only in this test's copy of the knowledge base.}",
        f"  start: {start}",
        f"  end: {end or start}",
        f"  place: {place}" if place else "  digital: true",
        "  organiser: msi",
        "  link: https://example.org/test-event",
        f"  themes: [{', '.join(themes)}]",
        "  source: msi-regional-contacts",
    ]
    if reminders:
        lines.append(f"  reminders: {reminders}")
    return "\n".join(lines) + "\n"


def write_knowledge(directory: Path, *events: str) -> Path:
    """A copy of the shipped knowledge base in `directory`, with `events` (YAML) added to events.yaml."""
    if not directory.exists():
        shutil.copytree(SHIPPED_KNOWLEDGE, directory, ignore=shutil.ignore_patterns("README.md"))
    shipped = (SHIPPED_KNOWLEDGE / "events.yaml").read_text(encoding="utf-8")
    (directory / "events.yaml").write_text(
        shipped.rstrip("\n") + "\n\n" + "\n".join(events), encoding="utf-8"
    )
    return directory


@pytest.fixture
def proxied_url(database_url: str) -> Iterator[tuple[str, Proxy]]:
    """`database_url` (PostgreSQL) reached through a `Proxy` the test can cut or silence."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        pytest.skip("the outage is staged on the PostgreSQL path (a TCP proxy); this is the SQLite run")
    proxy = Proxy(url.host or "127.0.0.1", url.port or 5432)
    try:
        yield url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False), proxy
    finally:
        proxy.close()
