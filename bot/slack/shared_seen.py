""" "Seen before?" shared through PostgreSQL, so every worker and replica answers a request once.

Slack re-sends an event it thinks went unanswered, and a captured signed request can be sent again
for five minutes; either may reach another process than the first. With PostgreSQL each id is
claimed with one INSERT … ON CONFLICT DO NOTHING in `seen_keys` (hashed, with an expiry); on SQLite
the in-memory `bot.runtime.SeenEvents` of each process is used instead (said in the README).
If the database does not answer within ANSWER_WITHIN seconds (Slack wants its acknowledgement within
three), the process falls back to its own memory rather than refusing or holding up the request, and
keeps to it for RETRY_AFTER seconds before asking the database again: a retry may then be answered
twice, never not at all, and a silent database cannot tie up the threads that ask it.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete, update
from sqlalchemy.exc import SQLAlchemyError

from bot.runtime import Seen
from bot.slack.rejections import CappedLog
from bot.storage.store import SeenKey, Store

if TYPE_CHECKING:
    from bot.runtime import Runtime

logger = logging.getLogger(__name__)
PURGE_EVERY = 1000  # claims between deletions of expired rows
ANSWER_WITHIN = 0.5  # seconds the acknowledgement may wait for the shared answer
RETRY_AFTER = 30.0  # seconds of own memory only, after the database failed or was slow
ASKING = 4  # questions to the database at once, per process


def _now() -> datetime:
    return datetime.now(UTC)


class SharedSeen:
    """`first_time(id)` across processes; blocking (call it off the event loop: `first_time_async`)."""

    def __init__(
        self,
        store: Store,
        kind: str,
        *,
        ttl_seconds: float,
        fallback: Seen,
        now: Callable[[], datetime] = _now,
    ) -> None:
        self._store = store
        self._kind = kind
        self._ttl = timedelta(seconds=ttl_seconds)
        self._fallback = fallback
        self._now = now
        self._claims = 0
        self._problems = CappedLog(logger, what="shared de-duplication failures")
        # A few questions to the database at a time, never a queue: a silent database ties up at
        # most ASKING threads (until DATABASE_TIMEOUT), and the others use own memory meanwhile.
        self._asking = threading.BoundedSemaphore(ASKING)
        self._quiet_until = 0.0  # monotonic time before which the database is not asked

    def available(self) -> bool:
        """False while the database recently failed or was slow: use this process's memory."""
        return time.monotonic() >= self._quiet_until

    def unavailable(self, why: str) -> None:
        """The database failed or did not answer in time: rely on own memory for RETRY_AFTER."""
        self._quiet_until = time.monotonic() + RETRY_AFTER
        self._problems.note(
            "database", "shared de-duplication unavailable (%s); using this process's memory", why
        )

    @property
    def fallback(self) -> Seen:
        """This process's own memory of what it has seen."""
        return self._fallback

    def key(self, seen_id: str) -> str:
        return f"{self._kind}:" + hashlib.sha256(seen_id.encode()).hexdigest()[: 60 - len(self._kind)]

    def first_time(self, seen_id: str) -> bool:
        """True the first time any process offers `seen_id` within the time to live."""
        local = self._fallback.first_time(seen_id)  # kept too, for when the database is away
        if not local:
            return False  # this process took it already: no need to ask
        if not self.available() or not self._asking.acquire(blocking=False):
            return True  # the database is away, or busy with a slow question: own memory
        try:
            return self._claim(seen_id)
        finally:
            self._asking.release()

    def _claim(self, seen_id: str) -> bool:
        now = self._now()
        key = self.key(seen_id)
        try:
            with self._store.begin() as connection:
                claimed = connection.execute(
                    self._store.insert(SeenKey)
                    .values(key=key, expires_at=now + self._ttl)
                    .on_conflict_do_nothing(index_elements=["key"])
                    .returning(SeenKey.key)
                ).first()
                if claimed is None:  # taken before: fresh again only if that claim has expired
                    claimed = connection.execute(
                        update(SeenKey)
                        .where(SeenKey.key == key, SeenKey.expires_at < now)
                        .values(expires_at=now + self._ttl)
                        .returning(SeenKey.key)
                    ).first()
                self._claims += 1
                if self._claims % PURGE_EVERY == 0:
                    connection.execute(delete(SeenKey).where(SeenKey.expires_at < now))
        except SQLAlchemyError as exc:
            self.unavailable(type(exc).__name__)
            return True
        return claimed is not None


async def first_time(seen: Seen, seen_id: str) -> bool:
    """`seen.first_time(seen_id)`, off the event loop and within ANSWER_WITHIN when it asks a database."""
    if not isinstance(seen, SharedSeen):
        return seen.first_time(seen_id)
    if not seen.available():
        return seen.fallback.first_time(seen_id)
    asking = asyncio.ensure_future(asyncio.to_thread(seen.first_time, seen_id))
    done, _ = await asyncio.wait({asking}, timeout=ANSWER_WITHIN)
    if done:
        return bool(asking.result())
    seen.unavailable(f"no answer within {ANSWER_WITHIN} s")
    asking.add_done_callback(lambda future: future.cancelled() or future.exception())  # nothing unread
    return True  # own memory has recorded it; the slow question finishes on its own


def share_seen(runtime: Runtime, store: Store) -> None:
    """Share event and request de-duplication through the store when it is PostgreSQL."""
    if store.dialect != "postgresql":
        return
    runtime.seen_events = SharedSeen(store, "ev", ttl_seconds=3600, fallback=runtime.seen_events)
    runtime.seen_requests = SharedSeen(store, "rq", ttl_seconds=6 * 60, fallback=runtime.seen_requests)
