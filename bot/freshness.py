"""When the facts behind an answer were last checked.

Directories die when nobody re-checks them; showing the date an entry was last verified tells the
reader how far to trust it, and tells maintainers (with `check --stale` and the monthly DM) where
to look first.
"""

from __future__ import annotations

from bot.answers import Result
from bot.model import Knowledge, Lang
from bot.phrases import format_date, ui


def entry_of(result: Result, knowledge: Knowledge) -> object | None:
    table = {
        "enterprise": knowledge.enterprises,
        "contact": knowledge.contacts,
        "organisation": knowledge.organisations,
        "event": knowledge.events,
    }.get(result.kind, {})
    return table.get(result.id)


def verified_line(result: Result, knowledge: Knowledge, lang: Lang) -> str | None:
    """ "Facts last verified 3 May 2025 (Region Örebro län)", or None for a result no longer known."""
    entry = entry_of(result, knowledge)
    if entry is None:
        return None
    verified = entry.verified  # type: ignore[attr-defined]
    source = entry.source  # type: ignore[attr-defined]
    return ui("answer.verified", lang, date=format_date(verified, lang), source=source.publisher)
