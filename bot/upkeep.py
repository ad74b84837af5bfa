"""Keeping the knowledge alive, in the running bot: the question log, its retention, and the
maintainers' weekly report digest and monthly stale-entries list.

`install(runtime)` after the reminder service is installed: it shares that service's database and
its deliveries ledger (each digest goes out once across replicas) and adds one job to its scheduler.
Answers never wait on any of this: logging is a queue drained by a writer thread.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.answers import Answer
from bot.commands.check import stale_entries
from bot.delivery import Outgoing
from bot.digests import (
    Period,
    build_report_digest,
    build_stale_digest,
    digest_key,
    monthly_period,
    weekly_period,
)
from bot.loading import inspect_knowledge
from bot.question_log import (
    Outcome,
    QuestionLog,
    QuestionRecorder,
    classify,
    feedback_entry,
    hash_user,
    question_entry,
    salt_from_settings,
)
from bot.reporting import build_report
from bot.runtime import Runtime
from bot.store import Store

log = logging.getLogger(__name__)

JOB_ID = "samverka-upkeep"
JOB_MINUTES = 15  # how often due digests are looked for; the ledger makes each go out once
PURGE_EVERY = timedelta(hours=6)
CLOSE_SECONDS = 2.0


class Upkeep:
    """One per process; hangs off `runtime.upkeep`."""

    def __init__(self, runtime: Runtime, store: Store) -> None:
        self.runtime = runtime
        settings = runtime.settings
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
        """Purge old rows now and then, and send the digests that are due (each once)."""
        async with self._lock:
            now = self.runtime.now()
            done = {"purged": 0, "report": 0, "stale": 0}
            if self._last_purge is None or now - self._last_purge >= PURGE_EVERY:
                done["purged"] = await asyncio.to_thread(self.log.purge, now)
                self._last_purge = now
            maintainers = sorted(self.runtime.settings.maintainer_ids)
            deliverer = getattr(self.runtime.scheduler, "deliverer", None)
            if not maintainers or deliverer is None:
                return done
            settings = self.runtime.settings
            if settings.report_digest == "weekly":
                period = weekly_period(now, settings.timezone)
                message = await asyncio.to_thread(self._report_message, period)
                done["report"] = await self._send(deliverer, "report", period, maintainers, message)
            if settings.stale_after_days > 0:
                period = monthly_period(now, settings.timezone)
                message = await asyncio.to_thread(self._stale_message, period, now)
                if message is not None:
                    done["stale"] = await self._send(deliverer, "stale", period, maintainers, message)
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
            return None  # invalid files: the maintainers are told that instead (bot.scheduling)
        max_age = self.runtime.settings.stale_after_days
        today = now.astimezone(self.runtime.settings.timezone).date()
        warnings = stale_entries(inspection, today=today, max_age=timedelta(days=max_age))
        if not warnings:
            return None
        return build_stale_digest(warnings, max_age_days=max_age, period=period)

    async def _send(
        self, deliverer: Any, kind: str, period: Period, maintainers: list[str], message: dict[str, Any]
    ) -> int:
        sent = 0
        for user_id in maintainers:
            item = Outgoing(
                key=digest_key(kind, period, user_id),
                kind="notice",
                target=f"user:{user_id}",
                send_at=period.until,
                message=message,
            )
            if await deliverer.deliver(item) == "sent":
                sent += 1
        if sent:
            log.info("%s digest %s sent to %d maintainer(s)", kind, period.key, sent)
        return sent

    async def _safe_run(self) -> None:
        try:
            await self.run_once()
        except Exception:  # the database may be away; the next run tries again, the ledger remembers
            log.exception("upkeep job failed; trying again in %d minutes", JOB_MINUTES)

    # ----- lifecycle -----------------------------------------------------------------------------------
    async def start(self) -> None:
        scheduler = getattr(self.runtime.scheduler, "scheduler", None)
        if scheduler is None or not scheduler.running:
            log.warning("no scheduler running: question log retention and maintainer digests are off")
            return
        scheduler.add_job(
            self._safe_run,
            "interval",
            minutes=JOB_MINUTES,
            id=JOB_ID,
            next_run_time=datetime.now(UTC),
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
            replace_existing=True,
        )

    async def stop(self) -> None:
        """Write what is queued (bounded: shutdown must finish within seconds)."""
        await asyncio.to_thread(self.recorder.close, CLOSE_SECONDS)


def install(runtime: Runtime, store: Store | None = None) -> Upkeep:
    """Give `runtime` its upkeep service, on the reminder service's database (or `store`)."""
    store = store or runtime.store
    if store is None:
        raise RuntimeError("install the reminder service first: upkeep shares its database")
    upkeep = Upkeep(runtime, store)
    runtime.upkeep = upkeep
    runtime.hooks.on_startup.append(upkeep.start)
    # Shutdown runs hooks after the answers in flight have drained; write their log rows first,
    # before the reminder service closes the database.
    runtime.hooks.on_shutdown.insert(0, upkeep.stop)
    return upkeep
