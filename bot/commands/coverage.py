"""`python -m bot coverage`: what the knowledge base covers per county, planning region and municipality."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from bot.cli import load_knowledge_or_fail
from bot.knowledge.coverage import build_coverage, render_json, render_text

HELP = "what the knowledge covers per county, planning region and municipality"
DESCRIPTION = (
    "Count, for Sweden's and Latvia's counties, planning regions and municipalities, the enterprises "
    "at home there, the organisations and people a source says serve the place itself, the guides, and "
    "the date of the newest source behind them; then list the places with nothing of their own. "
    '--json prints one object: {"enterprises", "guides", "upcoming_events", "regions": [{"id", "name", '
    '"kind", "country", "enterprises", "contacts", "guides", "newest_source"}]}.'
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="one JSON object for other tools")
    parser.add_argument(
        "--today", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD", help="count as of that day"
    )


def run(args: argparse.Namespace) -> int:
    knowledge = load_knowledge_or_fail(args.knowledge)
    today = args.today or date.today()
    coverage = build_coverage(knowledge, today)
    sys.stdout.write(render_json(coverage) if args.json else render_text(coverage, today))
    return 0
