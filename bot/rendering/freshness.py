"""How old the facts behind an answer are, and where they were published.

Directories die when their facts go stale unseen (Sofisam closed in 2020 for that reason), so an
answer about one entry says where and when its facts were published ("Region Örebro län:
Europeiskt samarbete stärker länets sociala företag, published 3 April 2018"), marks it as possibly
out of date when its newest source is older than a set age, and names a maintainer's confirmation
only when there is one. The age of a fact is the date of its newest source, never the day someone
re-read a page. Pure: `today` and the age limit are passed in.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from bot.knowledge.model import Contact, Fact, Knowledge, Lang, PartialDate, Source
from bot.knowledge.staleness import known_until
from bot.rendering.phrases import format_date, ui
from bot.understanding.answers import Result

DEFAULT_STALE_AFTER_YEARS = 3


def entry_of(result: Result, knowledge: Knowledge) -> Fact | None:
    table: Mapping[str, Fact] = {
        "enterprise": knowledge.enterprises,
        "contact": knowledge.contacts,
        "organisation": knowledge.organisations,
        "event": knowledge.events,
        "guide": knowledge.guides,
    }.get(result.kind, {})
    return table.get(result.id)


def format_published(published: PartialDate, lang: Lang) -> str:
    """A source's date at its own precision: "3 april 2018", "april 2018", "2018"."""
    if published.precision == "year":
        return f"{published.value.year}." if lang == "lv" else str(published.value.year)
    return format_date(published.value, lang, published.precision)


def source_name(source: Source) -> str:
    """ "Region Örebro län: Europeiskt samarbete …": who published a source and its title, as published."""
    return f"{source.publisher}: {source.title}"


def describe_source(source: Source, lang: Lang) -> str:
    """ "Region Örebro län: Europeiskt samarbete …, publicerad 3 april 2018" (undated: no date)."""
    text = source_name(source)
    if source.published is None:
        return ui("source.undated", lang, source=text)
    key = {"published": "source.published", "updated": "source.updated", "content": "source.content"}
    return ui(key[source.date_basis], lang, source=text, date=format_published(source.published, lang))


def stale_limit(today: date, stale_after_years: int) -> date:
    """The day before which a fact counts as possibly out of date."""
    try:
        return today.replace(year=today.year - stale_after_years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - stale_after_years, day=28)


def is_stale(entry: Fact, knowledge: Knowledge, today: date, stale_after_years: int) -> bool:
    """Its newest source (or a maintainer's confirmation) is older than the limit; the last day a
    source's date covers counts, so a source "from 2024" is not stale before 2028."""
    known = known_until(knowledge, entry)
    return known is None or known < stale_limit(today, stale_after_years)


def source_line(
    result: Result,
    knowledge: Knowledge,
    lang: Lang,
    *,
    today: date,
    stale_after_years: int = DEFAULT_STALE_AFTER_YEARS,
) -> str | None:
    """Where and when the facts of one result were published, their age, and any confirmation;
    None for a result no longer known."""
    entry = entry_of(result, knowledge)
    if entry is None:
        return None
    sources = knowledge.sources_of(entry)
    if not sources:
        return None
    shown = "; ".join(describe_source(source, lang) for source in sources[:2])
    parts = [ui("source.line", lang, sources=shown)]
    if is_stale(entry, knowledge, today, stale_after_years):
        parts.append(ui("source.stale", lang))
    if entry.verified is not None:
        parts.append(ui("source.verified", lang, date=format_date(entry.verified, lang)))
    return " ".join(parts)


def role_text(contact: Contact, knowledge: Knowledge, lang: Lang) -> str:
    """A contact's role; a past one marked so, with the date of its newest source."""
    role = contact.role.get(lang)
    if not contact.past or not role:
        return role
    newest = knowledge.newest_source(contact)
    when = format_published(newest.published, lang) if newest is not None and newest.published else ""
    label = ui("contact.past_role", lang)
    return f"{role} ({label}, {when})" if when else f"{role} ({label})"


def source_date(entry: Fact, knowledge: Knowledge, lang: Lang) -> str:
    """ "Upphandlingsmyndigheten, 3 april 2024": who published an entry's newest source, and when."""
    source = knowledge.newest_source(entry)
    if source is None or source.published is None:
        return ""
    return f"{source.publisher}, {format_published(source.published, lang)}"
