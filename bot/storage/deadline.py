"""A deadline on every PostgreSQL connection a process holds, enforced from outside the call.

PostgreSQL's own timeouts cover a server that answers slowly (`statement_timeout`) or not at all
when connecting (`connect_timeout`), and TCP keepalives / `tcp_user_timeout` cover a peer that
stops acknowledging. None of them ends a call on a connection that stays open while nothing comes
back (a stalled proxy, a frozen middlebox): the caller would wait in `recv` for ever, holding a
pool connection and a worker thread, and every later tick queues behind it.

`ConnectionDeadlines` notes when each connection is checked out of the pool; a watcher thread shuts
the socket of any connection held longer than `limit` seconds. The blocked call then fails at once
with a disconnect error, SQLAlchemy invalidates that connection, and the next checkout opens a new
one (checked with a ping under the same deadline). `cut_all()` does the same to every held
connection at shutdown, so no worker thread keeps the process alive.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import DisconnectionError

log = logging.getLogger(__name__)

DEFAULT_LIMIT = 10.0  # seconds; the store's calls are single-row statements that take milliseconds
WATCH_INTERVAL = 0.25


class StoreClosedError(ConnectionError):
    """A call was cut because the store is closing; nothing reconnects after that."""


class ConnectionDeadlines:
    """Cuts a checked-out connection held longer than `limit` seconds (PostgreSQL only)."""

    def __init__(self, limit: float = DEFAULT_LIMIT) -> None:
        self.limit = limit
        self.cut_count = 0
        self._held: dict[int, tuple[float, Any]] = {}  # id(connection record) -> (deadline, DBAPI conn)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def attach(self, engine: Engine) -> None:
        """Watch `engine`'s pool: deadline from checkout, and a ping under that deadline."""
        event.listen(engine, "checkout", self._on_checkout)
        event.listen(engine, "checkin", self._on_checkin)
        self._dialect = engine.dialect
        if self._thread is None:
            self._thread = threading.Thread(target=self._watch, name="db-deadlines", daemon=True)
            self._thread.start()

    def _on_checkout(self, dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        with self._lock:
            self._held[id(record)] = (time.monotonic() + self.limit, dbapi_connection)
        # The pool's own pre-ping runs before this event, without a deadline; this one has one.
        try:
            self._dialect.do_ping(dbapi_connection)
        except Exception as exc:
            with self._lock:
                self._held.pop(id(record), None)
            if self._stop.is_set():  # closing: a reconnect would only wait on the silence again
                raise StoreClosedError("the database connection was closed at shutdown") from exc
            raise DisconnectionError(f"connection failed its ping: {type(exc).__name__}") from exc

    def _on_checkin(self, _dbapi_connection: Any, record: Any) -> None:
        with self._lock:
            self._held.pop(id(record), None)

    def _watch(self) -> None:
        while not self._stop.wait(WATCH_INTERVAL):
            now = time.monotonic()
            with self._lock:
                overdue = [key for key, (deadline, _) in self._held.items() if deadline <= now]
                connections = [self._held.pop(key)[1] for key in overdue]
            for connection in connections:
                log.warning(
                    "database call still unanswered after %.0f s: connection cut (the caller fails and "
                    "retries later)",
                    self.limit,
                )
                self._cut(connection)

    def cut_all(self) -> int:
        """Cut every connection still held (shutdown: nothing may wait on a silent database)."""
        with self._lock:
            connections = [connection for _, connection in self._held.values()]
            self._held.clear()
        for connection in connections:
            self._cut(connection)
        return len(connections)

    def close(self) -> None:
        self._stop.set()
        self.cut_all()

    def _cut(self, connection: Any) -> None:
        """Shut the socket down under the driver: its blocked read returns, the call raises."""
        self.cut_count += 1
        try:
            fd = connection.fileno()
            sock = socket.socket(fileno=os.dup(fd))
        except Exception:  # closed in the meantime: nothing left to cut
            return
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        finally:
            sock.close()


def postgres_connect_args(query: dict[str, Any], limit: float) -> dict[str, Any]:
    """libpq settings that put a time limit on connecting, on each statement and on a dead peer.

    Values already in the URL's query string win (an operator may tune them there)."""
    seconds = max(2, round(limit))
    wanted: dict[str, Any] = {
        "connect_timeout": seconds,
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 10,
        "keepalives_count": 3,
        "tcp_user_timeout": seconds * 1000,  # ms unacknowledged data may wait before the kernel gives up
    }
    args = {name: value for name, value in wanted.items() if name not in query}
    timeout = f"-c statement_timeout={seconds * 1000}"
    options = query.get("options")
    if options is None:
        args["options"] = timeout
    elif "statement_timeout" not in str(options):
        args["options"] = f"{options} {timeout}"
    return args
