"""`python -m bot check`: validate the knowledge base the way the running bot will load it."""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date, timedelta

from bot.loading import Inspection, inspect_knowledge
from bot.model import Knowledge
from bot.problem import Problem
from bot.schema import write_json_schemas
from bot.staleness import stale_entries

HELP = "validate the knowledge base; list every problem as file:line: message"
DESCRIPTION = (
    "Validate the knowledge base exactly as the bot loads it and print every problem as "
    "`file:line: message` on standard output (a summary goes to standard error). "
    "Exit status: 0 valid, 1 invalid, 2 usage error."
)

_AGE = re.compile(r"^\s*(\d+)\s*([dw]?)\s*$")
# Files whose entries carry `verified`, and what `Knowledge` calls them.
def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help='"text": one `file:line: message` a line (default); "json": one object for editors and CI',
    )
    parser.add_argument(
        "--stale",
        metavar="AGE",
        type=parse_age,
        default=None,
        help="also warn about entries whose `verified` date is older than AGE (365d, 52w); "
        "warnings do not change the exit status",
    )
    parser.add_argument(
        "--write-schema",
        action="store_true",
        help="first regenerate the JSON Schemas in DIR/schema/ from the models in bot/schema.py",
    )


def parse_age(text: str) -> timedelta:
    """ "365d", "52w" or a plain number of days."""
    match = _AGE.match(text)
    if match is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not an age; write days or weeks like 365d or 52w")
    number, unit = int(match.group(1)), match.group(2)
    return timedelta(weeks=number) if unit == "w" else timedelta(days=number)


def run(args: argparse.Namespace) -> int:
    if args.write_schema:
        for path in write_json_schemas(args.knowledge / "schema"):
            print(f"wrote {path}", file=sys.stderr)
    inspection = inspect_knowledge(args.knowledge)
    warnings: list[Problem] = []
    if args.stale is not None and inspection.knowledge is not None:
        warnings = stale_entries(inspection, today=date.today(), max_age=args.stale)
    shown = str(args.knowledge).rstrip("/") + "/"
    if args.format == "json":
        print(json.dumps(_as_json(inspection, warnings), ensure_ascii=False, indent=2))
    else:
        for problem in inspection.problems:
            print(problem)
        for warning in warnings:
            print(warning)
    print(summary(shown, inspection, warnings), file=sys.stderr)
    return 0 if inspection.knowledge is not None else 1


def summary(shown: str, inspection: Inspection, warnings: list[Problem]) -> str:
    if inspection.knowledge is None:
        count = len(inspection.problems)
        files = len({problem.path for problem in inspection.problems})
        return f"{shown}: {count} problem{_s(count)} in {files} file{_s(files)}"
    counts = ", ".join(
        f"{n} {name if n != 1 else name[:-1]}" for name, n in counts_of(inspection.knowledge).items()
    )
    stale = f"; {len(warnings)} not verified recently" if warnings else ""
    return f"{shown}: OK — {counts} (version {inspection.knowledge.version}){stale}"


def counts_of(knowledge: Knowledge) -> dict[str, int]:
    return {
        "enterprises": len(knowledge.enterprises),
        "contacts": len(knowledge.contacts),
        "organisations": len(knowledge.organisations),
        "events": len(knowledge.events),
        "themes": len(knowledge.themes),
        "regions": len(knowledge.regions),
        "sources": len(knowledge.sources),
    }


def _as_json(inspection: Inspection, warnings: list[Problem]) -> dict[str, object]:
    knowledge = inspection.knowledge
    return {
        "ok": knowledge is not None,
        "version": knowledge.version if knowledge is not None else None,
        "problems": [problem.as_dict() for problem in inspection.problems],
        "warnings": [warning.as_dict() for warning in warnings],
        "counts": counts_of(knowledge) if knowledge is not None else {},
    }


def _s(count: int) -> str:
    return "" if count == 1 else "s"
