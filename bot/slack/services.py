"""The services of a running bot, built in one place and handed over as typed fields.

    services = build_services(runtime, store=open_store(url), client=web_client)
    await services.start()      # the scheduler's jobs: reminder tick, knowledge watch, upkeep
    ...                         # listeners get `services` from `bot.app.create_app`
    await services.stop(7.0)    # in order, within the shutdown budget

One store (the database), one APScheduler, one deliverer (the exactly-once ledger and the Slack
client), and on top of them the reminder service, the knowledge watcher (every reload, whether the
file watch or `/samverka reload` asked for it) and upkeep (question log and maintainers' digests).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.schedulers.base import STATE_RUNNING
from slack_sdk.web.async_client import AsyncWebClient

from bot.guarded_job import GuardedJob
from bot.reminders.delivery import Deliverer, DeliveryPolicy, Ledger
from bot.reminders.service import ReminderService
from bot.runtime import Runtime
from bot.slack.knowledge_watch import WATCH_SECONDS, KnowledgeWatcher
from bot.slack.shared_state import SharedCounts
from bot.storage.store import Store
from bot.upkeep.service import Upkeep

log = logging.getLogger(__name__)

WATCH_JOB = "samverka-knowledge-watch"
WATCH_LIMIT = 30.0  # loading and validating a large knowledge base takes seconds, not this long


@dataclass(frozen=True, slots=True)
class Services:
    """Everything a running bot does besides answering, one of each per process."""

    store: Store
    scheduler: AsyncIOScheduler
    deliverer: Deliverer
    reminders: ReminderService
    knowledge: KnowledgeWatcher
    upkeep: Upkeep
    # Questions per person per minute shared by every worker and replica; PostgreSQL only (on SQLite
    # each process keeps its own count, and the per-process limit is the whole limit).
    question_counts: SharedCounts | None

    async def start(self) -> None:
        """Add the jobs and start the scheduler; the first tick and upkeep run at once."""
        self.reminders.schedule()
        watch = GuardedJob(
            "knowledge watch", self.knowledge.watch, limit=WATCH_LIMIT,
            may_go_again=lambda: self.scheduler.state == STATE_RUNNING,
        )  # fmt: skip
        self.scheduler.add_job(
            watch.run, "interval", seconds=WATCH_SECONDS, id=WATCH_JOB,
            max_instances=2, coalesce=True, misfire_grace_time=None,
        )  # fmt: skip
        self.upkeep.schedule(self.scheduler)
        self.scheduler.start()

    def pause(self) -> None:
        """SIGTERM: no new tick, watch or upkeep run from now on (those in progress go on)."""
        if self.scheduler.running:
            self.scheduler.pause()

    async def stop(self, seconds: float) -> None:
        """Shut down in order within `seconds`: stop the scheduler, let a tick in progress finish,
        write the question log, then close the database (which ends any call still waiting on it,
        so no worker thread keeps the process alive)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        await self.reminders.finish(max(0.1, (deadline - loop.time()) / 2))
        await self.upkeep.close(max(0.1, deadline - loop.time() - 0.2))
        self.store.close()


def build_services(
    runtime: Runtime,
    *,
    store: Store,
    client: AsyncWebClient,
    policy: DeliveryPolicy | None = None,
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
) -> Services:
    """Build every service on `store` and `client` (a Web API client without automatic retries:
    the deliverer decides when to post again). Nothing runs until `Services.start()`."""
    scheduler = AsyncIOScheduler(timezone=UTC)
    deliverer = Deliverer(Ledger(store, policy=policy or DeliveryPolicy()), client, runtime.now, sleep=sleep)
    reminders = ReminderService(runtime, store, deliverer, scheduler)
    knowledge = KnowledgeWatcher(runtime, deliverer, on_change=reminders.request_tick)
    upkeep = Upkeep(runtime, store, deliverer)
    counts = SharedCounts(store, now=runtime.now) if store.dialect == "postgresql" else None
    return Services(store, scheduler, deliverer, reminders, knowledge, upkeep, counts)
