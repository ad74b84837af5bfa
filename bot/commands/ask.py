"""`python -m bot ask "QUESTION"`: one answer, for people (text) or machines (`--json`).

With no QUESTION and standard input not a terminal, reads one question a line and prints one JSON
object a line, in order (JSON Lines), so a script can pipe a file of questions through it.
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import date, datetime

from bot.cli import CommandError, load_knowledge_or_fail
from bot.config import load_settings
from bot.matching.conversation import context_of
from bot.matching.matcher import Matcher
from bot.rendering.json_answer import render_json
from bot.rendering.phrases import ui
from bot.rendering.text import render_text

HELP = "answer one question (text, or --json); with no QUESTION, JSON Lines from standard input"
DESCRIPTION = (
    "Answer a question the way Samverka answers in Slack. Prints the answer as readable text, or with "
    "--json one object: question, language, intent, regions, themes, results (kind, id, name, "
    "organisation, score, why) and answer. With no QUESTION and standard input not a terminal, reads "
    "one question a line and prints one JSON object a line, in order. --after PREVIOUS answers the "
    "question(s) as follow-ups asked after PREVIOUS in the same conversation."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", nargs="?", metavar="QUESTION", help="the question, in quotes")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument(
        "--after",
        metavar="PREVIOUS",
        default=None,
        help="answer QUESTION as a follow-up asked after PREVIOUS in the same thread (its place and theme "
        'carry over, as in Slack): ask --after "sociala företag i Örebro" "och i Umeå?"',
    )
    parser.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        type=parse_day,
        default=None,
        help="answer as if today were this date (default: today in BOT_TIMEZONE); for reproducible output",
    )


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-23") from None


def today_in_bot_timezone() -> date:
    return datetime.now(load_settings().timezone).date()


def run(args: argparse.Namespace) -> int:
    if args.question is None and sys.stdin.isatty():
        raise CommandError(
            'give a QUESTION (python -m bot ask "sociala företag i Karlskoga") or pipe questions', 2
        )
    if args.question is not None and not args.question.strip():
        raise CommandError(ui("error.empty_question", "en"))
    knowledge = load_knowledge_or_fail(args.knowledge)
    today = args.today or today_in_bot_timezone()
    matcher = Matcher(knowledge)
    context = context_of(matcher.answer(args.after, today=today)) or None if args.after else None
    if args.question is not None:
        answer = matcher.answer(args.question, today=today, context=context)
        if args.json:
            print(render_json(answer, knowledge, today=today))
        else:
            print(render_text(answer, knowledge, today=today))
        return 0
    # Batch: one object per input line, blank lines included, so output line N answers input line N.
    if isinstance(sys.stdin, io.TextIOWrapper):
        sys.stdin.reconfigure(errors="replace")  # a stray byte must not lose the rest of the batch
    for line in sys.stdin:
        answer = matcher.answer(line.rstrip("\r\n"), today=today, context=context)
        sys.stdout.write(render_json(answer, knowledge, today=today) + "\n")
        sys.stdout.flush()
    return 0
