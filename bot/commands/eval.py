"""`python -m bot eval [FILE]`: score the matcher on a labelled question set."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from bot.cli import CommandError, load_knowledge_or_fail
from bot.commands.ask import parse_day
from bot.quality.evaluation import (
    QuestionSetError,
    evaluate,
    format_report,
    load_questions,
    unknown_labels,
    without_labels,
)

HELP = "score the matcher on a labelled question file (default tests/questions.yaml)"
DESCRIPTION = (
    "Score the matcher on a labelled question file. Each entry: q (the question), expect (a list of "
    "kind:id right at the top, `none` for no result, or `conversation` for a small-talk reply with no "
    "results), optional lang, tags, previous (a question asked first in the same conversation, so q is "
    "answered as its follow-up) and kind (figures are reported per kind when present)."
)
DEFAULT_FILE = Path("tests/questions.yaml")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE, help="labelled questions (YAML)")
    parser.add_argument(
        "--today", metavar="YYYY-MM-DD", type=parse_day, default=None, help="the date answers are given on"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument(
        "--ignore-removed",
        action="store_true",
        help="drop labels naming entries the knowledge base no longer has (and questions left with none), "
        "and say how many; without it such a file is an error",
    )


def run(args: argparse.Namespace) -> int:
    knowledge = load_knowledge_or_fail(args.knowledge)
    try:
        questions = load_questions(args.file)
    except QuestionSetError as exc:
        raise CommandError(str(exc)) from None
    from bot.matching.matcher import Matcher  # imported here so `--help` works without building indexes

    matcher = Matcher(knowledge)
    known = {
        f"{kind}:{key}"
        for kind, table in (
            ("enterprise", knowledge.enterprises),
            ("contact", knowledge.contacts),
            ("organisation", knowledge.organisations),
            ("event", knowledge.events),
            ("guide", knowledge.guides),
        )
        for key in table
    }
    stale = unknown_labels(questions, known)
    if stale and not args.ignore_removed:
        raise CommandError(
            f"{args.file}: labels name nothing in the knowledge base: {', '.join(stale)} "
            "(--ignore-removed scores the file without them)"
        )
    if stale:
        questions, dropped = without_labels(questions, frozenset(stale))
        print(
            f"{args.file}: {len(stale)} labels name removed entries; dropped them and {dropped} questions "
            "left with none",
            file=sys.stderr,
        )
    report = evaluate(matcher, questions, today=args.today or date.today())
    if args.json:
        print(
            json.dumps(
                {
                    "questions": report.total,
                    "out_of_domain": report.out_of_domain,
                    "top1": round(report.top1, 4),
                    "top3": round(report.top3, 4),
                    "out_of_domain_false_positives": len(report.false_positives),
                    "language_accuracy": round(report.language_accuracy, 4),
                    "by_kind": {
                        kind: {"questions": n, "top1": round(a, 4), "top3": round(b, 4)}
                        for kind, (n, a, b) in report.by_kind().items()
                    },
                    "misses": [
                        {"q": o.item.question, "expect": list(o.item.expect), "got": list(o.got)}
                        for o in report.misses
                    ],
                },
                ensure_ascii=False,
            )
        )
    else:
        print(format_report(report))
    return 0
