"""The reminder service: a periodic tick that plans and delivers, and people's subscriptions.

No job per reminder is ever stored: each tick plans again from the snapshot being served (so a
moved or deleted event needs no cancelling) and the deliveries ledger decides what still has to go
out. APScheduler's in-memory job store is enough: the tick job is recreated at every start, and
the first tick runs at once, which is when reminders missed while the bot was down go out (late).

Every replica runs the same ticks against the same database; the ledger makes each post happen once.
`python -m bot tick` runs one tick and exits (a PaaS scheduler instead of a long-running worker).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.schedulers.base import STATE_RUNNING

from bot.guarded_job import GuardedJob
from bot.knowledge.model import Event, Knowledge, Lang
from bot.reminders.delivery import Deliverer, Outgoing
from bot.reminders.plan import (
    PersonalRequest,
    PlannedReminder,
    ReminderParams,
    event_start,
    normalise_target,
    plan_reminders,
)
from bot.reminders.subscriptions import (
    SubscriptionRow,
    Subscriptions,
    Topic,
    announcement_key,
    matching_upcoming,
    plan_announcements,
    topic_label,
)
from bot.rendering.reminder_blocks import RemindStatus, build_announcement, build_reminder, channel_language
from bot.runtime import Runtime
from bot.storage.store import Store

log = logging.getLogger(__name__)

TICK_SECONDS = 60
MISSED_LOOKBACK = timedelta(days=7)  # missed reminders of events begun within this are logged once
TICK_LIMIT = 45.0  # a tick still running after this is stopped and logged (GuardedJob)
TICK_JOB = "samverka-reminders"
CHANNEL_ID = re.compile(r"[CGD][A-Z0-9]{6,}")


@dataclass
class TickReport:
    """What one tick did, for logs and tests."""

    outcomes: Counter[str] = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)  # keys newly recorded as never to be sent

    def as_dict(self) -> dict[str, Any]:
        return {"outcomes": dict(sorted(self.outcomes.items())), "skipped": self.skipped}


@dataclass(frozen=True)
class SubscribeResult:
    added: bool  # False: they already followed it
    topic: Topic
    known: tuple[Event, ...]  # upcoming events it matches now (listed in the reply, not announced)


@dataclass(frozen=True)
class RemindMeResult:
    status: RemindStatus
    event: Event | None
    times: tuple[datetime, ...] = ()  # when the DMs go out (a past one: at the next tick)


class ReminderService:
    """Reminders for one process: the tick job on the scheduler, subscriptions, on the ledger."""

    def __init__(
        self, runtime: Runtime, store: Store, deliverer: Deliverer, scheduler: AsyncIOScheduler
    ) -> None:
        self.runtime = runtime
        self.params = ReminderParams.from_settings(runtime.settings)
        self.deliverer = deliverer
        self.ledger = deliverer.ledger
        self.subscriptions = Subscriptions(store)
        self.scheduler = scheduler
        self._tick_lock = asyncio.Lock()
        running = lambda: scheduler.state == STATE_RUNNING  # noqa: E731 (paused at SIGTERM: no more)
        self.job = GuardedJob("reminder tick", self.tick, limit=TICK_LIMIT, may_go_again=running)

    # ----- the tick ---------------------------------------------------------------------------------
    async def tick(self) -> TickReport:
        """Plan from the current snapshot and deliver what is due; never two ticks at once."""
        async with self._tick_lock:
            return await self._tick()

    async def _tick(self) -> TickReport:
        report = TickReport()
        now = self.runtime.now()
        knowledge = self.runtime.snapshot.knowledge  # one snapshot for the whole tick
        rows = await asyncio.to_thread(self.subscriptions.all)
        plan = plan_reminders(knowledge, now, self.params, Subscriptions.personal_requests(rows))
        due = [r for r in plan if r.state == "due"]
        skips = [(r, "a nearer reminder of the same event is due") for r in plan if r.state == "superseded"]
        skips += [
            (r, "the event began before the reminder could be sent")
            for r in plan
            if r.state == "missed" and r.event_start > now - MISSED_LOOKBACK
        ]
        announcements = plan_announcements(knowledge, rows, self.runtime.today())
        keys = [r.key for r in due] + [r.key for r, _ in skips] + [a.key for a in announcements]
        finished = await asyncio.to_thread(self.ledger.finished, keys) if keys else set()

        for reminder, reason in skips:
            if reminder.key in finished:
                continue
            if await asyncio.to_thread(
                self.ledger.record_skip, self._outgoing(reminder, knowledge, now), now, reason
            ):
                report.skipped.append(reminder.key)
                log.warning("reminder %s not sent: %s", reminder.key, reason)
        for reminder in due:
            if reminder.key not in finished:
                outcome = await self.deliverer.deliver(self._outgoing(reminder, knowledge, now))
                report.outcomes[outcome] += 1
        for announcement in announcements:
            if announcement.key in finished:
                continue
            event = knowledge.events[announcement.event_id]
            what = topic_label(knowledge, announcement.topic, announcement.lang)
            message = build_announcement(
                event, knowledge, what=what, lang=announcement.lang, now=now, tz=self.params.timezone
            )
            item = Outgoing(
                key=announcement.key,
                kind="announcement",
                target=f"user:{announcement.user_id}",
                send_at=now,
                message=message,
                event_id=event.id,
                subscription=(announcement.user_id, announcement.topic.kind, announcement.topic.value),
            )
            report.outcomes[await self.deliverer.deliver(item)] += 1
        if report.outcomes or report.skipped:
            log.info("reminder tick at %s: %s", now.isoformat(), report.as_dict())
        return report

    def _outgoing(self, reminder: PlannedReminder, knowledge: Knowledge, now: datetime) -> Outgoing:
        event = knowledge.events[reminder.event_id]
        user_id = reminder.user_id
        personal = user_id is not None
        lang = reminder.lang if personal and reminder.lang else channel_language(event, knowledge)
        message = build_reminder(
            event,
            knowledge,
            lang=lang,
            now=now,
            tz=self.params.timezone,
            late=reminder.late,
            personal=personal,
        )
        return Outgoing(
            key=reminder.key,
            kind="reminder",
            target=reminder.target,
            send_at=reminder.send_at,
            message=message,
            event_id=event.id,
            late=reminder.late,
            subscription=(user_id, "event", event.id) if user_id is not None else None,
        )

    # ----- subscriptions ---------------------------------------------------------------------------
    async def subscribe(self, user_id: str, topic: Topic, lang: Lang) -> SubscribeResult:
        """Follow a topic. The upcoming events it already matches are returned (the reply lists
        them) and recorded as known, so only events added later are announced."""
        now = self.runtime.now()
        knowledge = self.runtime.snapshot.knowledge
        known = matching_upcoming(knowledge, topic, self.runtime.today())
        if topic.kind != "event":  # recorded before the subscription exists, so no tick announces them
            for event in known:
                item = Outgoing(
                    key=announcement_key(event.id, user_id),
                    kind="announcement",
                    target=f"user:{user_id}",
                    send_at=now,
                    message={},
                    event_id=event.id,
                )
                await asyncio.to_thread(
                    self.ledger.record_skip, item, now, "listed when the person subscribed"
                )
        added = await asyncio.to_thread(self.subscriptions.add, user_id, topic, lang, now)
        return SubscribeResult(added, topic, tuple(known))

    async def remind_me(self, user_id: str, event_id: str, lang: Lang) -> RemindMeResult:
        """ "Remind me" on an event: follow it, and say when the DMs will come."""
        now = self.runtime.now()
        knowledge = self.runtime.snapshot.knowledge
        event = knowledge.events.get(event_id)
        if event is None:
            return RemindMeResult("unknown", None)
        start = event_start(event, self.params.timezone)
        if start is not None and start <= now:
            return RemindMeResult("begun", event)
        added = (await self.subscribe(user_id, Topic("event", event_id), lang)).added
        if start is None:
            return RemindMeResult("no_day", event)
        mine = await self.subscriptions_of(user_id)
        since = next((r.created_at for r in mine if r.topic == Topic("event", event_id)), now)
        request = PersonalRequest(user_id, event_id, lang, since=since)
        times = tuple(
            r.send_at
            for r in plan_reminders(knowledge, now, self.params, [request])
            if r.user_id == user_id and r.event_id == event_id and r.state in ("due", "upcoming")
        )
        if not times:
            return RemindMeResult("none_left", event)
        return RemindMeResult("added" if added else "already", event, times)

    async def unsubscribe(self, user_id: str, topic: Topic) -> bool:
        """Stop following `topic`, and purge that person's delivery rows it no longer needs."""
        knowledge = self.runtime.snapshot.knowledge
        return await asyncio.to_thread(self.subscriptions.remove, user_id, topic, knowledge)

    async def subscriptions_of(self, user_id: str) -> list[SubscriptionRow]:
        return await asyncio.to_thread(self.subscriptions.for_user, user_id)

    # ----- knowledge changes --------------------------------------------------------------------------
    def request_tick(self) -> None:
        """A new snapshot is served: plan again now rather than at the next minute (when the
        scheduler runs; `python -m bot tick` and tests call `tick` themselves)."""
        if self.scheduler.running:
            self.scheduler.modify_job(TICK_JOB, next_run_time=datetime.now(UTC))

    # ----- lifecycle --------------------------------------------------------------------------------
    def schedule(self, *, tick_seconds: float = TICK_SECONDS) -> None:
        """Add the tick job (its first run at once: reminders missed while down go out late)."""
        if not self.params.channel:
            log.warning(
                "REMINDER_CHANNEL is not set: only events naming their own channel get channel reminders"
            )
        elif not CHANNEL_ID.fullmatch(normalise_target(self.params.channel)):
            log.warning(
                "REMINDER_CHANNEL %r is not a channel id (C…): posting by name works, but after a crash the "
                "check for an already-posted reminder needs the id (channel details → copy channel ID)",
                self.params.channel,
            )
        # max_instances=2: GuardedJob skips (and logs once) a run due while one is going, so
        # APScheduler never has to refuse one with a warning each minute.
        self.scheduler.add_job(
            self.job.run, "interval", seconds=tick_seconds, id=TICK_JOB, next_run_time=datetime.now(UTC),
            max_instances=2, coalesce=True, misfire_grace_time=None,
        )  # fmt: skip
        log.info("reminders: ticking every %ss", tick_seconds)

    async def finish(self, seconds: float) -> None:
        """Shutdown: let a tick in progress finish (bounded); the ledger lets another replica or the
        next start finish what this one could not."""
        try:
            await asyncio.wait_for(self._tick_lock.acquire(), seconds)
            self._tick_lock.release()
        except TimeoutError:
            log.warning(
                "a reminder tick was still running at shutdown; the ledger lets another replica finish it"
            )
