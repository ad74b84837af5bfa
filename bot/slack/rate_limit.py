"""Per-user question rate limit: a token bucket per Slack user, with the clock passed in.

One person pasting questions in a loop must not slow the bot down for everyone else, so each user
has a bucket of `per_minute` tokens that refills continuously; a question takes one. A refused
user is told to slow down once per burst (not once per message, which would itself be spam), and
everybody else keeps being served because buckets are independent. Memory is bounded: idle,
full buckets are forgotten first.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

DEFAULT_PER_MINUTE = 20


class Verdict(Enum):
    ALLOW = "allow"
    SLOW_DOWN = "slow_down"  # refused; tell the user (first refusal of this burst)
    DROP = "drop"  # refused again in the same burst; stay quiet


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float
    warned: bool = False


class RateLimiter:
    """`check(user)` → ALLOW, SLOW_DOWN or DROP. `per_minute <= 0` turns the limit off.

    `burst` is how many questions may arrive at once (default: the per-minute figure, so a user
    can ask that many in a row and is then paced at the refill rate).
    """

    def __init__(
        self,
        per_minute: int = DEFAULT_PER_MINUTE,
        *,
        burst: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        max_users: int = 50_000,
    ) -> None:
        self.per_minute = per_minute
        self.capacity = float(burst if burst is not None else per_minute)
        self._rate = per_minute / 60.0  # tokens a second
        self._clock = clock
        self._max_users = max_users
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.per_minute > 0

    def check(self, user_id: str | None) -> Verdict:
        """Take one token from `user_id`'s bucket. Requests without a user are not limited here."""
        if not self.enabled or not user_id:
            return Verdict.ALLOW
        now = self._clock()
        with self._lock:
            bucket = self._buckets.get(user_id)
            if bucket is None:
                bucket = _Bucket(tokens=self.capacity, updated=now)
                self._buckets[user_id] = bucket
                self._evict()
            else:
                elapsed = max(0.0, now - bucket.updated)
                bucket.tokens = min(self.capacity, bucket.tokens + elapsed * self._rate)
                bucket.updated = now
            self._buckets.move_to_end(user_id)
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                bucket.warned = False
                return Verdict.ALLOW
            if bucket.warned:
                return Verdict.DROP
            bucket.warned = True
            return Verdict.SLOW_DOWN

    def recent(self, user_id: str) -> float:
        """About how many questions `user_id` asked within the last minute (tokens not yet refilled)."""
        now = self._clock()
        with self._lock:
            bucket = self._buckets.get(user_id)
            if bucket is None:
                return 0.0
            tokens = min(self.capacity, bucket.tokens + max(0.0, now - bucket.updated) * self._rate)
        return self.capacity - tokens

    def retry_after(self, user_id: str) -> float:
        """Seconds until `user_id` may ask again (0 when they may now)."""
        if not self.enabled:
            return 0.0
        now = self._clock()
        with self._lock:
            bucket = self._buckets.get(user_id)
            if bucket is None:
                return 0.0
            tokens = min(self.capacity, bucket.tokens + max(0.0, now - bucket.updated) * self._rate)
        return 0.0 if tokens >= 1.0 else (1.0 - tokens) / self._rate

    def __len__(self) -> int:
        with self._lock:
            return len(self._buckets)

    def _evict(self) -> None:
        # Least recently used first; a bucket that has not been touched for a while is full again
        # anyway, so forgetting it changes nothing for its user.
        while len(self._buckets) > self._max_users:
            self._buckets.popitem(last=False)
