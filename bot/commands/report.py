"""`python -m bot report`: what people asked that the bot could not answer well, for maintainers."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.cli import CommandError, load_knowledge_or_fail
from bot.commands.check import parse_age
from bot.config import load_settings
from bot.knowledge.coverage import build_coverage, html_section
from bot.storage.store import StoreError, describe_url, open_store
from bot.upkeep.question_log import QuestionLog
from bot.upkeep.report import build_report
from bot.upkeep.report_formats import FORMATS, render

HELP = "what people asked that the bot could not answer well (from the question log)"
DESCRIPTION = (
    "Summarise the question log (DATABASE_URL): questions with no results, with nothing in the place "
    "itself or with a low-confidence answer, grouped by similarity with counts; places and themes "
    "asked about that have no enterprise; the worst-rated answers (👎); and demand against coverage "
    "per county. Formats: text (default), markdown, csv, html (one self-contained page with a chart)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--since",
        metavar="AGE",
        type=parse_age,
        default=timedelta(days=30),
        help="how far back to look: days or weeks like 30d or 12w (default: 30d)",
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument(
        "--output", "-o", metavar="FILE", type=Path, default=None, help="write to FILE instead of stdout"
    )


def run(args: argparse.Namespace) -> int:
    if args.since <= timedelta(0):
        raise CommandError("--since: the period must be at least one day, like 30d", 2)
    settings = load_settings()
    knowledge = load_knowledge_or_fail(args.knowledge)
    now = datetime.now(UTC)
    since = now - args.since
    try:
        store = open_store(settings.database_url.get_secret_value())
    except StoreError as exc:
        raise CommandError(str(exc)) from None
    try:
        log = QuestionLog(store, retention=timedelta(days=settings.question_log_days))
        questions, feedback = log.questions(since, now), log.feedback(since, now)
    finally:
        store.close()
    report = build_report(questions, feedback, knowledge, since=since, until=now)
    section = html_section(build_coverage(knowledge, now.date()), now.date()) if args.format == "html" else ()
    text = render(report, args.format, section)
    if args.output is None:
        sys.stdout.write(text)
    else:
        try:
            args.output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"cannot write {args.output}: {exc.strerror}") from None
        print(f"wrote {args.output} ({args.format}, {report.questions} questions)", file=sys.stderr)
    if args.since > timedelta(days=settings.question_log_days):
        print(
            f"note: the question log keeps {settings.question_log_days} days (QUESTION_LOG_DAYS); "
            f"older questions are gone ({describe_url(settings.database_url.get_secret_value())})",
            file=sys.stderr,
        )
    return 0
