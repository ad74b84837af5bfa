"""Which Slack events this process has already taken, so a retry is answered once.

Slack re-sends an event it thinks went unanswered (`X-Slack-Retry-Num` over HTTP, `retry_attempt`
in Socket Mode) with the same `event_id`. Slack retries within about an hour, so ids are kept for a
bounded time and number; in memory only, which is right for one process (a second replica sees a
different connection, and Slack delivers each event to one of them).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol


class Seen(Protocol):
    """What answers "first time?": this process's memory, or the database shared by every worker."""

    def first_time(self, seen_id: str, /) -> bool: ...


class SeenEvents:
    """A bounded, time-limited set of event ids."""

    def __init__(
        self, *, ttl_seconds: float = 3600, max_ids: int = 50_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._ttl = ttl_seconds
        self._max = max_ids
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, event_id: str) -> bool:
        """True the first time `event_id` is offered (and records it); False for a repeat."""
        now = self._clock()
        with self._lock:
            self._expire(now)
            if event_id in self._seen:
                return False
            self._seen[event_id] = now
            if len(self._seen) > self._max:
                self._seen.popitem(last=False)
            return True

    def __len__(self) -> int:
        with self._lock:
            return len(self._seen)

    def _expire(self, now: float) -> None:
        while self._seen:
            oldest, seen_at = next(iter(self._seen.items()))
            if now - seen_at < self._ttl:
                return
            del self._seen[oldest]
