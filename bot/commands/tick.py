"""`python -m bot tick`: one reminder tick, then exit — for a PaaS scheduler (cron) instead of a
long-running worker. The same services as `run`, without the scheduler running or Slack events."""

from __future__ import annotations

import argparse
import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.cli import CommandError, load_knowledge_or_fail
from bot.commands.reminders import parse_now
from bot.config import Settings, load_settings
from bot.knowledge.model import Knowledge

HELP = "send the reminders that are due now (one tick), print what it did as JSON, and exit"
DESCRIPTION = (
    "Run one reminder tick against DATABASE_URL and the Slack Web API (SLACK_BOT_TOKEN), then exit: "
    "for a cron-style deployment instead of a long-running worker. Every replica and every tick "
    "shares the deliveries ledger, so a reminder goes out once however many run. Prints "
    '{"outcomes": {...}, "skipped": [...]} on standard output.'
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--now",
        metavar="ISO-DATETIME",
        default=None,
        help="the time to plan for, e.g. 2026-12-03T08:00 (BOT_TIMEZONE) (default: the current time)",
    )


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    now = parse_now(args.now, settings.timezone) if args.now else None
    knowledge = load_knowledge_or_fail(args.knowledge)
    report = asyncio.run(_tick(settings, knowledge, args.knowledge, now))
    print(json.dumps(report))
    return 0


async def _tick(
    settings: Settings, knowledge: Knowledge, directory: Path, now: datetime | None
) -> dict[str, Any]:
    from bot.runtime import Runtime
    from bot.slack.client import build_web_client
    from bot.slack.services import build_services
    from bot.storage.store import StoreError, open_store

    runtime = Runtime(
        settings,
        knowledge,
        knowledge_dir=directory,
        now=(lambda: now) if now is not None else (lambda: datetime.now(UTC)),
        matcher_factory=lambda k: None,  # type: ignore[arg-type,return-value]  # no questions here
    )
    try:
        store = open_store(settings.database_url.get_secret_value(), timeout=settings.database_timeout)
    except StoreError as exc:
        raise CommandError(str(exc)) from None
    services = build_services(runtime, store=store, client=build_web_client(settings, retries=False))
    try:
        return (await services.reminders.tick()).as_dict()
    finally:
        store.close()
