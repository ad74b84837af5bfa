"""Keeping the knowledge alive, in the running bot: the question log, its retention, the
retention of personal delivery rows and subscriptions (`bot.upkeep.retention`), and the maintainers'
weekly report digest and monthly stale-entries list.

It shares the process's database and deliverer (so each digest goes out once across replicas
through the deliveries ledger) and adds one job to its scheduler; `bot.slack.services` builds it.
Answers never wait on any of this: logging is a queue drained by a writer thread.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.schedulers.base import STATE_RUNNING

from bot.guarded_job import GuardedJob
from bot.knowledge.loading import inspect_knowledge
from bot.knowledge.staleness import stale_entries
from bot.reminders.delivery import Deliverer, Outgoing
from bot.runtime import Runtime
from bot.storage.store import Store
from bot.understanding.answers import Answer
from bot.upkeep.digests import (
    Period,
    build_report_digest,
    build_stale_digest,
    digest_key,
    monthly_period,
    weekly_period,
)
from bot.upkeep.question_log import (
    Outcome,
    QuestionLog,
    QuestionRecorder,
    classify,
    feedback_entry,
    hash_user,
    question_entry,
    salt_from_settings,
)
from bot.upkeep.report import build_report
from bot.upkeep.retention import purge_ended

log = logging.getLogger(__name__)

JOB_ID = "samverka-upkeep"
JOB_MINUTES = 15  # how often due digests are looked for; the ledger makes each go out once
PURGE_EVERY = timedelta(hours=6)
CLOSE_SECONDS = 2.0
JOB_LIMIT = 300.0  # a report over a year of questions takes seconds; a hang is cut here


class Upkeep:
    """One per process: the question log's writer, its retention, the maintainers' digests."""

    def __init__(self, runtime: Runtime, store: Store, deliverer: Deliverer) -> None:
        self.runtime = runtime
        self.deliverer = deliverer
        self.store = store
        settings = runtime.settings
        self.retention = timedelta(days=settings.personal_data_retention_days)
        self.log = QuestionLog(store, retention=timedelta(days=settings.question_log_days))
        self.recorder = QuestionRecorder(self.log)
        self._salt = salt_from_settings(settings)
        self._last_purge: datetime | None = None
        self._lock = asyncio.Lock()

    # ----- called from handlers (any thread, never blocks) ---------------------------------------------
    def answered(self, answer: Answer, user_id: str | None, channel_type: str) -> Outcome | None:
        """Log `answer` if it is one a maintainer should see; returns why (or None)."""
        outcome = classify(answer)
        if outcome is not None:
            self.recorder.submit(
                question_entry(
                    answer,
                    outcome,
                    at=self.runtime.now(),
                    channel_type=channel_type,
                    user_hash=hash_user(user_id, self._salt),
                )
            )
        return outcome

    def rated(
        self, answer: Answer, rating: int, results: Sequence[str], user_id: str | None, channel_type: str
    ) -> bool:
        return self.recorder.submit(
            feedback_entry(
                answer,
                rating,
                results=results,
                at=self.runtime.now(),
                channel_type=channel_type,
                user_hash=hash_user(user_id, self._salt),
            )
        )

    # ----- the periodic job ----------------------------------------------------------------------------
    async def run_once(self) -> dict[str, int]:
        """Purge old rows now and then (the question log; delivery rows and subscriptions of ended
        events), and send the digests that are due (each once)."""
        async with self._lock:
            now = self.runtime.now()
            done = {"purged": 0, "personal": 0, "report": 0, "stale": 0}
            if self._last_purge is None or now - self._last_purge >= PURGE_EVERY:
                done["purged"] = await asyncio.to_thread(self.log.purge, now)
                knowledge = self.runtime.snapshot.knowledge
                ended = await asyncio.to_thread(purge_ended, self.store, knowledge, now, self.retention)
                done["personal"] = ended["deliveries"] + ended["subscriptions"]
                self._last_purge = now
            maintainers = sorted(self.runtime.settings.maintainer_ids)
            if not maintainers:
                return done
            settings = self.runtime.settings
            if settings.report_digest == "weekly":
                period = weekly_period(now, settings.timezone)
                message = await asyncio.to_thread(self._report_message, period)
                done["report"] = await self._send("report", period, maintainers, message)
            if settings.stale_after_days > 0:
                period = monthly_period(now, settings.timezone)
                message = await asyncio.to_thread(self._stale_message, period, now)
                if message is not None:
                    done["stale"] = await self._send("stale", period, maintainers, message)
            return done

    def _report_message(self, period: Period) -> dict[str, Any]:
        questions = self.log.questions(period.since, period.until)
        feedback = self.log.feedback(period.since, period.until)
        report = build_report(
            questions, feedback, self.runtime.snapshot.knowledge, since=period.since, until=period.until
        )
        return build_report_digest(report, period)

    def _stale_message(self, period: Period, now: datetime) -> dict[str, Any] | None:
        inspection = inspect_knowledge(self.runtime.knowledge_dir)
        if inspection.knowledge is None:
            return None  # invalid files: the maintainers are told that instead (bot.slack.knowledge_watch)
        max_age = self.runtime.settings.stale_after_days
        today = now.astimezone(self.runtime.settings.timezone).date()
        warnings = stale_entries(inspection, today=today, max_age=timedelta(days=max_age))
        if not warnings:
            return None
        return build_stale_digest(warnings, max_age_days=max_age, period=period)

    async def _send(self, kind: str, period: Period, maintainers: list[str], message: dict[str, Any]) -> int:
        sent = 0
        for user_id in maintainers:
            item = Outgoing(
                key=digest_key(kind, period, user_id),
                kind="notice",
                target=f"user:{user_id}",
                send_at=period.until,
                message=message,
            )
            if await self.deliverer.deliver(item) == "sent":
                sent += 1
        if sent:
            log.info("%s digest %s sent to %d maintainer(s)", kind, period.key, sent)
        return sent

    # ----- lifecycle -----------------------------------------------------------------------------------
    def schedule(self, scheduler: AsyncIOScheduler) -> None:
        """Add the upkeep job (first run at once), guarded like the reminder tick."""
        running = lambda: scheduler.state == STATE_RUNNING  # noqa: E731 (paused at SIGTERM: no more)
        job = GuardedJob("upkeep job", self.run_once, limit=JOB_LIMIT, may_go_again=running)
        scheduler.add_job(
            job.run, "interval", minutes=JOB_MINUTES, id=JOB_ID, next_run_time=datetime.now(UTC),
            max_instances=2, coalesce=True, misfire_grace_time=None, replace_existing=True,
        )  # fmt: skip

    async def close(self, seconds: float = CLOSE_SECONDS) -> bool:
        """Write what is queued, within `seconds` (shutdown must finish within its 10 s)."""
        return await asyncio.to_thread(self.recorder.close, seconds)
