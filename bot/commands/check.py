"""`python -m bot check`: validate the knowledge base the way the running bot will load it."""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date, timedelta

from bot.knowledge.loading import ENTRY_WORDS, Inspection, inspect_knowledge
from bot.knowledge.model import Knowledge
from bot.knowledge.problem import Problem
from bot.knowledge.schema import write_json_schemas
from bot.knowledge.staleness import FACT_FILES, stale_entries
from bot.rendering.freshness import stale_limit

HELP = "validate the knowledge base; list every problem as file:line: message"
DESCRIPTION = (
    "Validate the knowledge base exactly as the bot loads it and print every problem as "
    "`file:line: message` on standard output (a summary goes to standard error). "
    "Exit status: 0 valid, 1 invalid, 2 usage error."
)

_AGE = re.compile(r"^\s*(\d+)\s*([dwy]?)\s*$")


# Files whose entries carry facts (with `source` and `verified`), and what `Knowledge` calls them.
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
        help="also warn about entries whose newest source (or a maintainer's confirmation) is older "
        "than AGE (365d, 52w, 3y); warnings do not change the exit status",
    )
    parser.add_argument(
        "--sources",
        action="store_true",
        help="list every source with its age and the entries that cite it",
    )
    parser.add_argument(
        "--write-schema",
        action="store_true",
        help="first regenerate the JSON Schemas in DIR/schema/ from the models in bot/knowledge/schema.py",
    )


def parse_age(text: str) -> timedelta:
    """ "365d", "52w" or a plain number of days."""
    match = _AGE.match(text)
    if match is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an age; write days, weeks or years like 365d, 52w or 3y"
        )
    number, unit = int(match.group(1)), match.group(2)
    if unit == "y":
        return timedelta(days=365 * number + number // 4)
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
    if args.sources and inspection.knowledge is not None:
        print(sources_listing(inspection.knowledge, today=date.today()))
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
    stale = f"; {len(warnings)} resting on old facts" if warnings else ""
    return f"{shown}: OK — {counts} (version {inspection.knowledge.version}){stale}"


def counts_of(knowledge: Knowledge) -> dict[str, int]:
    return {
        "enterprises": len(knowledge.enterprises),
        "contacts": len(knowledge.contacts),
        "organisations": len(knowledge.organisations),
        "events": len(knowledge.events),
        "guides": len(knowledge.guides),
        "relations": len(knowledge.relations),
        "themes": len(knowledge.themes),
        "regions": len(knowledge.regions),
        "sources": len(knowledge.sources),
    }


def sources_listing(knowledge: Knowledge, *, today: date) -> str:
    """Every source with its date, age and the entries citing it; a source cited by nothing is said so."""
    cited: dict[str, list[str]] = {ident: [] for ident in knowledge.sources}
    for file_name, attribute in FACT_FILES.items():
        for ident, entry in getattr(knowledge, attribute).items():
            for source in entry.source:
                cited.setdefault(source, []).append(f"{ENTRY_WORDS[file_name]} {ident}")
    limit = stale_limit(today, 3)
    lines = []
    for ident, source in sorted(
        knowledge.sources.items(),
        key=lambda item: item[1].published.last_day if item[1].published else date.min,
    ):
        published = source.published
        if published is None:
            age = "undated"
        else:
            years = (today - published.last_day).days / 365.25
            old = " (older than 3 years)" if published.last_day < limit else ""
            basis = "" if source.date_basis == "published" else f" ({source.date_basis})"
            age = f"{published.isoformat()}{basis}, {years:.1f} years old{old}"
        entries = cited.get(ident, [])
        lines.append(f"{ident}: {source.publisher}: {source.title} — {age}; {len(entries)} entries")
        lines.extend(f"  {entry}" for entry in entries)
        if not entries:
            lines.append("  (cited by no entry)")
    return "\n".join(lines)


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
