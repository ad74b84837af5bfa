"""A periodic job that can neither pile up nor hang: the scheduler's jobs (reminder tick, knowledge
watch, upkeep) run through it.

A run that is still going when the next one is due is not started twice: the new run is skipped and
counted, and the running one goes once more when it ends (so a tick asked for by a reload is late,
never lost), unless the scheduler has been paused meanwhile. The first skip is logged with how long
the running one has taken (a stuck run is visible in the log, once, instead of APScheduler's "maximum
number of running instances reached" every minute for ever). A run longer than `limit` seconds is
cancelled and logged, so the next one starts afresh; whatever it held (a delivery claim) is finished
by a later run through the ledger.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


class GuardedJob:
    """Wraps `run` for the scheduler: one run at a time, each within `limit` seconds, errors logged."""

    def __init__(
        self,
        name: str,
        run: Callable[[], Awaitable[object]],
        *,
        limit: float,
        clock: Callable[[], float] = time.monotonic,
        may_go_again: Callable[[], bool] = lambda: True,
    ) -> None:
        self.name = name
        self._run = run
        self.limit = limit
        self._clock = clock
        self.started: float | None = None  # when the run in progress began (clock seconds)
        self.skipped = 0  # runs not started because one was still going
        self.timed_out = 0
        self.failed = 0
        self._again = False  # a run was asked for while one was going
        self._may_go_again = may_go_again

    async def run(self) -> None:
        """One run (the scheduler calls this; APScheduler needs a coroutine function, not an object)."""
        if self.started is not None:
            self._again = True
            self.skipped += 1
            if self.skipped == 1 or self.skipped % 60 == 0:
                log.warning(
                    "%s still running after %.0f s; this run skipped (%d so far)",
                    self.name,
                    self._clock() - self.started,
                    self.skipped,
                )
            return
        await self._once()
        while self._again and self._may_go_again():
            self._again = False
            await self._once()
        self._again = False

    async def _once(self) -> None:
        self.started = self._clock()
        try:
            await asyncio.wait_for(self._run(), self.limit)
        except TimeoutError:
            self.timed_out += 1
            log.error(
                "%s took longer than %.0f s: stopped; the next run starts afresh",
                self.name,
                self.limit,
            )
        except Exception:  # the next run tries again; the database or Slack may be back by then
            self.failed += 1
            log.exception("%s failed", self.name)
        finally:
            self.started = None
