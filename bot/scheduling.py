"""The reminder service: a periodic tick that plans and delivers, and a knowledge-file watcher.

No job per reminder is ever stored: each tick plans again from the snapshot being served (so a
moved or deleted event needs no cancelling) and the deliveries ledger decides what still has to go
out. APScheduler's in-memory job store is enough: its two jobs are recreated at every start, and
the first tick runs at once, which is when reminders missed while the bot was down go out (late).

Every replica runs the same ticks against the same database; the ledger makes each post happen once.

`python -m bot.scheduling --once [--now ISO]` runs one tick and exits: for a cron-style deployment
(a PaaS scheduler instead of a long-running worker) and for the multi-process tests.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import logging
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.delivery import Deliverer, DeliveryPolicy, Ledger, Outgoing
from bot.model import Event, Knowledge, Lang
from bot.reminder_text import RemindStatus, build_announcement, build_reminder, channel_language
from bot.reminders import (
    PersonalRequest,
    PlannedReminder,
    ReminderParams,
    event_start,
    normalise_target,
    plan_reminders,
)
from bot.runtime import ReloadOutcome, Runtime, Snapshot
from bot.slack_client import build_web_client
from bot.slack_text import code_block, escape, truncate
from bot.store import Store, open_store
from bot.subscriptions import (
    SubscriptionRow,
    Subscriptions,
    Topic,
    announcement_key,
    matching_upcoming,
    plan_announcements,
    topic_label,
)

log = logging.getLogger(__name__)

TICK_SECONDS = 60
WATCH_SECONDS = 2  # a stat of a few files: cheap; a change is served 2–4 s after it settles
MISSED_LOOKBACK = timedelta(days=7)  # missed reminders of events begun within this are logged once
STOP_TIMEOUT = 8.0  # seconds to let a tick in progress finish at shutdown
TICK_JOB = "samverka-reminders"
CHANNEL_ID = re.compile(r"[CGD][A-Z0-9]{6,}")
WATCH_JOB = "samverka-knowledge-watch"


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


@dataclass(frozen=True)
class ReloadResult:
    """A reload: the runtime's outcome, and which maintainers were told about an invalid edit."""

    outcome: ReloadOutcome
    notified: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.outcome.ok

    @property
    def changed(self) -> bool:
        return self.outcome.changed


def knowledge_files(directory: Path) -> list[Path]:
    return sorted(p for p in Path(directory).glob("*.yaml") if p.is_file())


def stat_fingerprint(directory: Path) -> tuple[tuple[str, int, int], ...]:
    """Cheap to take every few seconds: names, sizes and modification times of knowledge/*.yaml."""
    stamps = []
    for path in knowledge_files(directory):
        try:
            info = path.stat()
        except FileNotFoundError:  # removed between glob and stat: the next look sees it gone
            continue
        stamps.append((path.name, info.st_mtime_ns, info.st_size))
    return tuple(stamps)


def content_hash(directory: Path) -> str:
    """Identifies one version of the files, valid or not: a bad version is reported once."""
    digest = hashlib.sha256()
    for path in knowledge_files(directory):
        digest.update(path.name.encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def build_invalid_knowledge_notice(
    directory: Path, outcome: ReloadOutcome, max_lines: int = 40
) -> dict[str, Any]:
    """The DM to maintainers: what `check` says, and that the last good version is still served."""
    count = len(outcome.problems)
    head = (
        f"The knowledge base in {directory} has {count} problem{'s' if count != 1 else ''} after an edit; "
        f"Samverka keeps answering from the last good version ({outcome.version}). "
        f"Fix the files (or run `python -m bot check --knowledge {directory}`):"
    )
    lines = list(outcome.problems[:max_lines])
    if count > max_lines:
        lines.append(f"… and {count - max_lines} more")
    listing = code_block(truncate("\n".join(lines), 2800))
    return {
        "text": escape(head),
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": escape(head)}},
            {"type": "section", "text": {"type": "mrkdwn", "text": listing}},
        ],
    }


class ReminderService:
    """Reminders for one process: the store, the deliverer, the scheduler jobs, the file watcher."""

    def __init__(
        self,
        runtime: Runtime,
        store: Store,
        client: AsyncWebClient,
        *,
        policy: DeliveryPolicy | None = None,
        sleep: Callable[[float], Any] = asyncio.sleep,
    ) -> None:
        self.runtime = runtime
        self.store = store
        self.client = client
        self.params = ReminderParams.from_settings(runtime.settings)
        self.ledger = Ledger(store, policy=policy or DeliveryPolicy())
        self.deliverer = Deliverer(self.ledger, client, runtime.now, sleep=sleep)
        self.subscriptions = Subscriptions(store)
        self.scheduler: Any = None
        self._tick_lock = asyncio.Lock()
        self._watched = stat_fingerprint(runtime.knowledge_dir)
        self._settling: tuple[tuple[str, int, int], ...] | None = None

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
            )
            report.outcomes[await self.deliverer.deliver(item)] += 1
        if report.outcomes or report.skipped:
            log.info("reminder tick at %s: %s", now.isoformat(), report.as_dict())
        return report

    def _outgoing(self, reminder: PlannedReminder, knowledge: Knowledge, now: datetime) -> Outgoing:
        event = knowledge.events[reminder.event_id]
        personal = reminder.user_id is not None
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
        return await asyncio.to_thread(self.subscriptions.remove, user_id, topic)

    async def subscriptions_of(self, user_id: str) -> list[SubscriptionRow]:
        return await asyncio.to_thread(self.subscriptions.for_user, user_id)

    # ----- knowledge changes --------------------------------------------------------------------------
    async def watch(self) -> ReloadResult | None:
        """Reload when knowledge/*.yaml changed on disk and then stayed the same for one more look
        (a `git pull` or an editor writes files one by one: a half-written state is not reported
        to the maintainers as an error). None when there is nothing to reload yet."""
        current = stat_fingerprint(self.runtime.knowledge_dir)
        if current == self._watched:
            self._settling = None
            return None
        if current != self._settling:
            self._settling = current  # changed since the last look: let it settle first
            return None
        self._watched, self._settling = current, None
        return await reload_knowledge(self.runtime)

    async def notify_invalid(self, outcome: ReloadOutcome) -> tuple[str, ...]:
        """DM every maintainer the problems, once per bad version of the files (across replicas)."""
        directory = self.runtime.knowledge_dir
        version = content_hash(directory)
        message = build_invalid_knowledge_notice(directory, outcome)
        notified = []
        for maintainer in sorted(self.runtime.settings.maintainer_ids):
            item = Outgoing(
                key=f"notice:invalid-knowledge:{version}:user:{maintainer}",
                kind="notice",
                target=f"user:{maintainer}",
                send_at=self.runtime.now(),
                message=message,
            )
            if await self.deliverer.deliver(item) in ("sent", "already_sent"):
                notified.append(maintainer)
        if not self.runtime.settings.maintainer_ids:
            log.warning("knowledge is invalid and MAINTAINERS is empty: nobody to tell")
        return tuple(notified)

    def _on_reload(self, old: Snapshot, new: Snapshot) -> None:
        """A new snapshot is served: plan again now rather than at the next minute."""
        self.request_tick()

    def request_tick(self) -> None:
        """Run the tick as soon as possible (when the scheduler runs; tests call `tick` themselves)."""
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.modify_job(TICK_JOB, next_run_time=datetime.now(UTC))

    # ----- lifecycle --------------------------------------------------------------------------------
    async def start(
        self, *, tick_seconds: float = TICK_SECONDS, watch_seconds: float = WATCH_SECONDS
    ) -> None:
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

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
        self.scheduler = AsyncIOScheduler(timezone=UTC)
        common = {"max_instances": 1, "coalesce": True, "misfire_grace_time": None}
        self.scheduler.add_job(
            self._safe_tick,
            "interval",
            seconds=tick_seconds,
            id=TICK_JOB,
            next_run_time=datetime.now(UTC),
            **common,
        )
        self.scheduler.add_job(self._safe_watch, "interval", seconds=watch_seconds, id=WATCH_JOB, **common)
        self.scheduler.start()
        log.info("reminders: ticking every %ss, watching %s", tick_seconds, self.runtime.knowledge_dir)

    async def _safe_tick(self) -> None:
        try:
            await self.tick()
        except Exception:  # the next tick tries again; nothing is lost, the ledger has the state
            log.exception("reminder tick failed")

    async def _safe_watch(self) -> None:
        try:
            await self.watch()
        except Exception:
            log.exception("knowledge watch failed")

    async def stop(self) -> None:
        """Stop ticking, let a tick in progress finish (bounded), close the database."""
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        try:
            await asyncio.wait_for(self._tick_lock.acquire(), STOP_TIMEOUT)
            self._tick_lock.release()
        except TimeoutError:
            log.warning(
                "a reminder tick was still running at shutdown; the ledger lets another replica finish it"
            )
        self.store.close()


async def reload_knowledge(runtime: Runtime) -> ReloadResult:
    """Validate the knowledge files and serve them if valid; if not, keep the last good snapshot and
    DM the maintainers the problems (once per bad version). `/samverka reload` may call this too."""
    outcome = await asyncio.to_thread(runtime.reload)
    if outcome.ok:
        return ReloadResult(outcome)
    service = service_of(runtime)
    if service is None:
        log.warning("knowledge is invalid; no reminder service to notify maintainers")
        return ReloadResult(outcome)
    return ReloadResult(outcome, await service.notify_invalid(outcome))


def service_of(runtime: Runtime) -> ReminderService | None:
    """The runtime's reminder service, or None when reminders are not installed (no database)."""
    return runtime.scheduler if isinstance(runtime.scheduler, ReminderService) else None


def install(
    runtime: Runtime, *, store: Store | None = None, client: AsyncWebClient | None = None
) -> ReminderService:
    """Give a runtime its reminder service: open (and migrate) the store, start and stop with the app."""
    store = store or runtime.store or open_store(runtime.settings.database_url.get_secret_value())
    service = ReminderService(runtime, store, client or build_web_client(runtime.settings, retries=False))
    runtime.store = store
    runtime.scheduler = service
    runtime.hooks.on_startup.append(service.start)
    runtime.hooks.on_shutdown.append(service.stop)
    runtime.hooks.on_reload.append(service._on_reload)
    return service


# ----- python -m bot.scheduling --once ----------------------------------------------------------------
def _parse_now(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an ISO date-time: {value!r} (e.g. 2026-12-03T09:00+01:00)"
        ) from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def main(argv: Sequence[str] | None = None) -> int:
    from bot.cli import default_knowledge_dir
    from bot.config import SettingsError, load_settings
    from bot.loading import KnowledgeError, load_knowledge
    from bot.store import StoreError

    parser = argparse.ArgumentParser(
        prog="python -m bot.scheduling", description="Run one reminder tick and exit."
    )
    parser.add_argument("--once", action="store_true", required=True, help="run one tick (the only mode)")
    parser.add_argument("--now", type=_parse_now, default=None, help="the time to plan for (default: now)")
    parser.add_argument("--knowledge", type=Path, default=None, help="knowledge directory")
    args = parser.parse_args(argv)
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = load_settings()
        directory = args.knowledge or default_knowledge_dir()
        knowledge = load_knowledge(directory)
        now = args.now
        runtime = Runtime(
            settings,
            knowledge,
            knowledge_dir=directory,
            now=(lambda: now) if now is not None else (lambda: datetime.now(UTC)),
            matcher_factory=lambda k: None,  # type: ignore[arg-type,return-value]  # no questions here
        )
        service = install(runtime)
    except (SettingsError, KnowledgeError, StoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1

    async def once() -> TickReport:
        try:
            return await service.tick()
        finally:
            service.store.close()

    print(json.dumps(asyncio.run(once()).as_dict()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
