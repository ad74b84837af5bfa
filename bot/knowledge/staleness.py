"""Which knowledge entries rest on facts older than a limit: for `check --stale` and the maintainers'
monthly digest (`bot.upkeep.service`), so neither has to import the other."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from bot.knowledge.loading import ENTRY_WORDS, Inspection
from bot.knowledge.model import Fact, Knowledge
from bot.knowledge.problem import Problem

# Files whose entries carry facts (with `source` and, when a maintainer confirmed them, `verified`),
# and what `Knowledge` calls them.
FACT_FILES = {
    "organisations.yaml": "organisations",
    "contacts.yaml": "contacts",
    "enterprises.yaml": "enterprises",
    "events.yaml": "events",
    "guides.yaml": "guides",
    "relations.yaml": "relations",
}


def known_until(knowledge: Knowledge, entry: Fact) -> date | None:
    """The last day the entry's facts are known to hold: its newest source, or a confirmation."""
    newest = knowledge.newest_source(entry)
    days = [newest.published.last_day] if newest is not None and newest.published is not None else []
    if entry.verified is not None:
        days.append(entry.verified)
    return max(days) if days else None


def stale_entries(inspection: Inspection, *, today: date, max_age: timedelta) -> list[Problem]:
    """Entries whose newest source (or confirmation) is older than `max_age`, at their lines."""
    knowledge = inspection.knowledge
    assert knowledge is not None
    warnings = []
    for file_name, attribute in FACT_FILES.items():
        entries: Mapping[str, Fact] = getattr(knowledge, attribute)
        for ident, entry in entries.items():
            known = known_until(knowledge, entry)
            age = today - known if known is not None else None
            if age is not None and age <= max_age:
                continue
            path, line = inspection.where(file_name, ident) or (knowledge.directory, 1)
            what = f"{ENTRY_WORDS[file_name]} '{ident}'"
            since = f"{known.isoformat()}, {age.days} days ago" if known and age else "an undated source"
            warnings.append(Problem(path, line, f"warning: {what} rests on facts from {since}"))
    return warnings
