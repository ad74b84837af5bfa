"""What several workers and replicas share through PostgreSQL, so each request is answered once and
the per-person question limit holds across them (`question_counts`, `SharedCounts`).

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
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import delete, update
from sqlalchemy.exc import SQLAlchemyError

from bot.runtime import Seen
from bot.slack.rejections import CappedLog
from bot.storage.store import QuestionCount, SeenKey, Store

if TYPE_CHECKING:
    from bot.runtime import Runtime

logger = logging.getLogger(__name__)
PURGE_EVERY = 1000  # claims between deletions of expired rows
ANSWER_WITHIN = 0.5  # seconds the acknowledgement may wait for the shared answer
RETRY_AFTER = 30.0  # seconds of own memory only, after the database failed or was slow
ASKING = 4  # questions to the database at once, per process
T = TypeVar("T")


def _now() -> datetime:
    return datetime.now(UTC)


class DatabaseGuard:
    """Asks the database for what several processes share, never holding up an acknowledgement: a
    few questions at a time (no queue), and after a failure or a slow answer none for RETRY_AFTER."""

    def __init__(self, what: str) -> None:
        self._problems = CappedLog(logger, what=f"{what} failures")
        self._what = what
        # A silent database ties up at most ASKING threads (until DATABASE_TIMEOUT); the other
        # requests use the process's own memory meanwhile.
        self._asking = threading.BoundedSemaphore(ASKING)
        self._quiet_until = 0.0  # monotonic time before which the database is not asked

    def available(self) -> bool:
        """False while the database recently failed or was slow: use this process's memory."""
        return time.monotonic() >= self._quiet_until

    def unavailable(self, why: str) -> None:
        """The database failed or did not answer in time: rely on own memory for RETRY_AFTER."""
        self._quiet_until = time.monotonic() + RETRY_AFTER
        self._problems.note("database", "%s unavailable (%s); using this process's memory", self._what, why)

    def ask(self, question: Callable[[], T]) -> T | None:
        """`question()`, or None when the database is away, busy with slow questions, or fails."""
        if not self.available() or not self._asking.acquire(blocking=False):
            return None
        try:
            return question()
        except SQLAlchemyError as exc:
            self.unavailable(type(exc).__name__)
            return None
        finally:
            self._asking.release()

    async def ask_async(self, question: Callable[[], T]) -> T | None:
        """`ask(question)` off the event loop, or None when it has no answer within ANSWER_WITHIN."""
        if not self.available():
            return None
        asking = asyncio.ensure_future(asyncio.to_thread(self.ask, question))
        done, _ = await asyncio.wait({asking}, timeout=ANSWER_WITHIN)
        if done:
            return asking.result()
        self.unavailable(f"no answer within {ANSWER_WITHIN} s")
        asking.add_done_callback(lambda future: future.cancelled() or future.exception())  # nothing unread
        return None


class SharedSeen:
    """`first_time(id)` across processes; blocking (`first_time()` below asks it off the event loop)."""

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
        self.guard = DatabaseGuard("shared de-duplication")

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
        claimed = self.guard.ask(lambda: self.claim(seen_id))
        return True if claimed is None else claimed  # None: the database is away; own memory said so

    def claim(self, seen_id: str) -> bool:
        """Claim `seen_id` in the shared table: True when no other process holds an unexpired claim."""
        now = self._now()
        key = self.key(seen_id)
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
        return claimed is not None


class SharedCounts:
    """Questions per person per minute across every worker and replica (PostgreSQL), so a person
    cannot get N times the limit from N processes. A fixed one-minute window: `count(user)` is how
    many questions they have asked in this minute, this one included, or None without the database."""

    def __init__(self, store: Store, *, now: Callable[[], datetime] = _now) -> None:
        self._store = store
        self._now = now
        self._counted = 0
        self.guard = DatabaseGuard("shared question limit")

    async def count(self, user_id: str) -> int | None:
        return await self.guard.ask_async(lambda: self._count(user_id))

    def _count(self, user_id: str) -> int:
        now = self._now()
        minute = int(now.timestamp() // 60)
        key = "q:" + hashlib.sha256(f"{user_id}:{minute}".encode()).hexdigest()[:58]
        table = QuestionCount.__table__
        with self._store.begin() as connection:
            expires = now + timedelta(minutes=2)
            insert = self._store.insert(QuestionCount).values(key=key, count=1, expires_at=expires)
            counted = connection.execute(
                insert.on_conflict_do_update(
                    index_elements=["key"], set_={"count": table.c.count + 1}
                ).returning(QuestionCount.count)
            ).scalar_one()
            self._counted += 1
            if self._counted % PURGE_EVERY == 0:
                connection.execute(delete(QuestionCount).where(QuestionCount.expires_at < now))
        return int(counted)


async def first_time(seen: Seen, seen_id: str, *, wait: bool = True) -> bool:
    """`seen.first_time(seen_id)`, off the event loop and within ANSWER_WITHIN when it asks a database.

    `wait=False` (a first delivery, which cannot be a repeat anywhere yet): this process's memory
    answers at once and the claim is recorded in the background, for a retry that reaches another
    process; so the acknowledgement never waits for the database on the common path."""
    if not isinstance(seen, SharedSeen):
        return seen.first_time(seen_id)
    if not seen.fallback.first_time(seen_id):
        return False  # this process took it already: no need to ask
    if not seen.guard.available():
        return True
    if not wait:
        _background(seen.guard.ask_async(lambda: seen.claim(seen_id)))
        return True
    answer = await seen.guard.ask_async(lambda: seen.claim(seen_id))
    return True if answer is None else answer  # no answer in time: own memory has recorded it


_pending: set[asyncio.Task[object]] = set()


def _background(coroutine: Awaitable[object]) -> None:
    """Run after the acknowledgement; keep a reference so the task is not collected mid-flight."""
    task = asyncio.ensure_future(coroutine)
    _pending.add(task)
    task.add_done_callback(_pending.discard)


def share_seen(runtime: Runtime, store: Store) -> None:
    """Share event and request de-duplication through the store when it is PostgreSQL."""
    if store.dialect != "postgresql":
        return
    runtime.seen_events = SharedSeen(store, "ev", ttl_seconds=3600, fallback=runtime.seen_events)
    runtime.seen_requests = SharedSeen(store, "rq", ttl_seconds=6 * 60, fallback=runtime.seen_requests)
