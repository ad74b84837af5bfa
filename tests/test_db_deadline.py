"""Every database call has a deadline: a PostgreSQL connection that stays open but never answers
fails the call within the store's timeout, and the next call works once the database speaks again."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from bot.storage.deadline import postgres_connect_args
from bot.storage.store import Store, open_store
from tests.db_proxy import Proxy

TIMEOUT = 2.0


@pytest.fixture
def proxied_store(database_url: str) -> Iterator[tuple[Store, Proxy]]:
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        pytest.skip("a silent connection is staged with a TCP proxy in front of PostgreSQL")
    proxy = Proxy(url.host or "127.0.0.1", url.port or 5432)
    proxied = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    store = open_store(proxied, timeout=TIMEOUT)
    try:
        yield store, proxy
    finally:
        proxy.speak()
        store.close()
        proxy.close()


def _select_one(store: Store) -> int:
    with store.begin() as connection:
        return int(connection.execute(text("SELECT 1")).scalar_one())


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_silent_connection_fails_the_call_in_time_and_the_next_call_recovers(
    proxied_store: tuple[Store, Proxy],
) -> None:
    store, proxy = proxied_store
    assert _select_one(store) == 1  # a pooled connection now exists
    proxy.silence()
    for _ in range(2):  # the pooled connection, then a new one opened into the silence
        started = time.monotonic()
        with pytest.raises((DBAPIError, PoolTimeoutError)):
            _select_one(store)
        assert time.monotonic() - started < TIMEOUT * 3 + 1
    proxy.speak()
    assert _select_one(store) == 1


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_closing_the_store_ends_a_call_waiting_on_a_silent_database(
    proxied_store: tuple[Store, Proxy],
) -> None:
    store, proxy = proxied_store
    assert _select_one(store) == 1
    assert store.deadlines is not None
    store.deadlines.limit = 60.0  # only close() may end the call below
    proxy.silence()
    failed: list[BaseException] = []

    def call() -> None:
        try:
            with store.begin() as connection:
                connection.execute(text("SELECT pg_sleep(0)"))
        except BaseException as exc:
            failed.append(exc)

    worker = threading.Thread(target=call)
    worker.start()
    time.sleep(0.5)
    assert worker.is_alive()  # waiting on the silent connection
    started = time.monotonic()
    store.close()
    worker.join(5)
    assert not worker.is_alive() and failed, "the call was not ended by close()"
    assert time.monotonic() - started < 2


def test_libpq_timeouts_are_added_and_url_values_win() -> None:
    args = postgres_connect_args({}, 10)
    assert args["connect_timeout"] == 10
    assert args["options"] == "-c statement_timeout=10000"
    assert args["tcp_user_timeout"] == 10000
    mine = postgres_connect_args({"connect_timeout": "3", "options": "-csearch_path=x"}, 10)
    assert "connect_timeout" not in mine
    assert mine["options"] == "-csearch_path=x -c statement_timeout=10000"
