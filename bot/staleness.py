"""Which knowledge entries were last verified too long ago: for `check --stale` and the maintainers'
monthly digest (`bot.upkeep`), so neither has to import the other."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from bot.loading import ENTRY_WORDS, Inspection
from bot.model import Contact, Enterprise, Event, Organisation
from bot.problem import Problem

_FACT_FILES = {
    "organisations.yaml": "organisations",
    "contacts.yaml": "contacts",
    "enterprises.yaml": "enterprises",
    "events.yaml": "events",
}


def stale_entries(inspection: Inspection, *, today: date, max_age: timedelta) -> list[Problem]:
    """Entries whose facts were last checked longer ago than `max_age`, at their lines."""
    knowledge = inspection.knowledge
    assert knowledge is not None
    warnings = []
    for file_name, attribute in _FACT_FILES.items():
        entries: Mapping[str, Organisation | Contact | Enterprise | Event] = getattr(knowledge, attribute)
        for ident, entry in entries.items():
            age = today - entry.verified
            if age <= max_age:
                continue
            path, line = inspection.where(file_name, ident) or (knowledge.directory, 1)
            what = f"{ENTRY_WORDS[file_name]} '{ident}'"
            message = f"warning: {what} was last verified {entry.verified.isoformat()}, {age.days} days ago"
            warnings.append(Problem(path, line, message))
    return warnings
