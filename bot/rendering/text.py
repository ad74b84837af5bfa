"""An `Answer` as plain text for the terminal (`ask`, `chat`) and for JSON's `answer` field.

Shows what Slack shows, without markup: the notes, then per result its name and kind, what it does,
where, the people and contact details exactly as published, the link, and why it is in the answer.
"""

from __future__ import annotations

import textwrap
from datetime import date

from bot.knowledge.model import Contact, Enterprise, Event, Guide, Knowledge, Lang, Organisation, Source
from bot.rendering import phrases
from bot.rendering.freshness import role_text, source_date, source_line, source_name
from bot.rendering.phrases import ui
from bot.understanding.answers import Answer, Reason, Result
from bot.understanding.guides import guide_summary
from bot.understanding.slack_text import truncate

WIDTH = 100
INDENT = "   "
# Results in a first answer, in every channel (Slack, `chat`, `ask`): a place's own enterprises and whom
# to call, still short; "Show more" and "… and N more" say the rest is there.
FIRST_PAGE = 4
DESCRIPTION_CHARS = 75  # most of a line of what an entry does; its page has the rest
WHY_SHOWN = 1  # the strongest reason; the others rarely say more to the reader
COMPACT_FROM = 3  # a list of this many entries or more shows each in a few lines


def render_text(answer: Answer, knowledge: Knowledge, *, today: date, shown: int = FIRST_PAGE) -> str:
    """The whole answer, ready to print: at most `shown` entries, those with the same description as
    one line, then how many more there are."""
    lang = answer.language
    blocks: list[str] = [_wrap(phrases.note(note, knowledge, lang), "") for note in answer.notes]
    if answer.intent == "help":
        if not any(note.code == "question_empty" for note in answer.notes):
            blocks.append(ui("help", lang))
        return "\n".join(blocks)
    if not answer.results:
        if not answer.notes:
            blocks.append(ui("results.none", lang))
        return "\n".join(blocks)
    groups = grouped(answer.results, knowledge, lang)[: max(1, shown)]
    single = len(answer.results) == 1
    verified = source_line(answer.results[0], knowledge, lang, today=today) if single else None
    # A list of several leaves out the details (one question away: "vem är …", "vad är …"); an answer
    # about one entry names its source once, in the line below.
    skip = _DETAIL_FIELDS if len(groups) >= COMPACT_FROM else frozenset({"field.source"} if verified else ())
    entries = [_group(i, group, knowledge, lang, today, skip=skip) for i, group in enumerate(groups, start=1)]
    shared = _shared_why(entries, lang)
    if shared:  # "Varför: i Göteborg" under every entry says nothing new: once, above the list
        entries = [entry.replace("\n" + shared, "") for entry in entries]
        blocks.append(shared.strip())
    else:
        entries = _fold_runs(entries, lang)
    if verified:  # an answer about one entry says how fresh its facts are (bot.rendering.freshness)
        entries[0] += "\n" + _wrap(verified, INDENT)
    hidden = len(answer.results) - sum(len(group) for group in groups)
    if hidden > 0:
        entries.append(ui("results.more", lang, n=hidden))
    head = "\n".join(blocks) + "\n\n" if blocks else ""
    return head + "\n\n".join(entries)


# Left out of a list of several: who works there, whom it serves, its area, an event's organiser and
# what it is about (its date, place and link stay).
_SHORT = "short"  # in a list of several, descriptions get a shorter line
_DETAIL_FIELDS = frozenset({"field.people", "field.serves", "field.area", "field.organiser", "about", _SHORT})
COMPACT_DESCRIPTION_CHARS = 60


def _fold_runs(entries: list[str], lang: Lang) -> list[str]:
    """Entries in a row that end with the same "why" line say it once, above the first of them:
    "Varför (2–5): regional kontakt för Örebro län"."""
    label = INDENT + ui("field.why", lang) + ":"
    last = [entry.rsplit("\n", 1)[-1] for entry in entries]
    folded = list(entries)
    start = 0
    while start < len(entries):
        end = start
        while end + 1 < len(entries) and last[end + 1] == last[start]:
            end += 1
        if end > start and last[start].startswith(label):
            reason = last[start][len(label) :].strip()
            for i in range(start, end + 1):
                folded[i] = entries[i][: -len(last[i]) - 1]
            heading = f"{reason[:1].upper()}{reason[1:]} ({start + 1}–{end + 1}):"
            folded[start] = _wrap(heading, "") + "\n" + folded[start]
        start = end + 1
    return folded


def _shared_why(entries: list[str], lang: Lang) -> str:
    """The one "why" line every listed entry ends with, when there are several entries and it is the
    same for all; else ''."""
    label = INDENT + ui("field.why", lang) + ":"
    last = [entry.rsplit("\n", 1)[-1] for entry in entries]
    if len(entries) > 1 and last[0].startswith(label) and all(line == last[0] for line in last):
        return last[0]
    return ""


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent) if text else ""


def _line(label_key: str, value: str, lang: Lang) -> str:
    return _wrap(f"{ui(label_key, lang)}: {value}", INDENT) if value else ""


# One line of an entry: a field's label key and its value, or a plain line without a label: "" for
# what an entry does, "about" for what an event is about (a list of several leaves that one out).
Field = tuple[str, str]
_PLAIN = frozenset({"", "about"})


def _lines(fields: list[Field], lang: Lang, skip: frozenset[str]) -> list[str]:
    """The fields that have a value and are not left out, wrapped under the entry's head."""
    short = _SHORT in skip
    return [
        _wrap(truncate(value, COMPACT_DESCRIPTION_CHARS) if short and not key else value, INDENT)
        if key in _PLAIN
        else _line(key, value, lang)
        for key, value in fields
        if value and key not in skip
    ]


def _place(knowledge: Knowledge, region_id: str | None, lang: Lang) -> str:
    region = knowledge.regions.get(region_id or "")
    return phrases.region_name(region, lang) if region is not None else ""


def description(result: Result, knowledge: Knowledge, lang: Lang) -> str:
    tables = {"enterprise": knowledge.enterprises, "organisation": knowledge.organisations}
    entry = tables.get(result.kind, {}).get(result.id)
    return entry.description.get(lang) if entry is not None else ""


def grouped(results: tuple[Result, ...], knowledge: Knowledge, lang: Lang) -> list[list[Result]]:
    """Results in order, those of one kind with the very same description together: eight enterprises
    a source describes in one sentence are one line, not eight copies of it."""
    groups: list[list[Result]] = []
    by_text: dict[tuple[str, str], list[Result]] = {}
    for result in results:
        text = description(result, knowledge, lang)
        if text:
            found = by_text.get((result.kind, text))
            if found is not None:
                found.append(result)
                continue
            by_text[(result.kind, text)] = group = [result]
        else:
            group = [result]
        groups.append(group)
    return groups


def _group(
    number: int, group: list[Result], knowledge: Knowledge, lang: Lang, today: date, *, skip: frozenset[str]
) -> str:
    if len(group) == 1:
        return _result(number, group[0], knowledge, lang, today, skip=skip)
    first = group[0]
    names = ", ".join(result.name for result in group)
    head = _wrap(f"{number}. {names} — {ui(f'kind.{first.kind}', lang)}", "")
    body: list[Field] = [("", truncate(description(first, knowledge, lang), DESCRIPTION_CHARS))]
    if first.kind == "enterprise":
        places = dict.fromkeys(
            _place(knowledge, knowledge.enterprises[r.id].municipality, lang)
            for r in group
            if r.id in knowledge.enterprises
        )
        here = {
            _place(knowledge, r.args.get("place"), lang)
            for result in group
            for r in result.why
            if r.code == "in_place"
        }
        if not set(places) <= here:  # "Varför: i Karlskoga" already says where they all are
            body.append(("field.place", ", ".join(p for p in places if p)))
    reasons = dict.fromkeys(
        phrases.why(reason, knowledge, lang) for result in group for reason in _shown_reasons(result)
    )
    body.append(("field.why", "; ".join(reasons)))
    return "\n".join([head, *_lines(body, lang, skip)])


def _shown_reasons(result: Result) -> tuple[Reason, ...]:
    """The reasons worth a line: an event's date is already in its own line."""
    return tuple(r for r in result.why if r.code not in ("event_past", "event_upcoming"))


def _result(
    number: int, result: Result, knowledge: Knowledge, lang: Lang, today: date, *, skip: frozenset[str]
) -> str:
    head = f"{number}. {result.name} — {ui(f'kind.{result.kind}', lang)}"
    if result.kind == "enterprise" and result.id in knowledge.enterprises:
        body = _enterprise(knowledge.enterprises[result.id], knowledge, lang)
    elif result.kind == "contact" and result.id in knowledge.contacts:
        body = _contact(knowledge.contacts[result.id], knowledge, lang)
    elif result.kind == "organisation" and result.id in knowledge.organisations:
        body = _organisation(knowledge.organisations[result.id], knowledge, lang)
    elif result.kind == "event" and result.id in knowledge.events:
        body = _event(knowledge.events[result.id], knowledge, lang, today)
    elif result.kind == "guide" and result.id in knowledge.guides:
        body = _guide(knowledge.guides[result.id], knowledge, lang, brief=number > 1)
    else:  # a result from another snapshot: only what the answer itself carries
        body: list[Field] = []
    reasons = _shown_reasons(result)[:WHY_SHOWN]
    why = "; ".join(dict.fromkeys(phrases.why(r, knowledge, lang) for r in reasons))
    here = {r.args.get("place") for r in result.why if r.code == "in_place"}
    if here:  # "Varför: i Örebro" already says where: no "Plats: Örebro" line above it
        shown = {_place(knowledge, place, lang) for place in here}
        body = [(key, value) for key, value in body if not (key == "field.place" and value in shown)]
    if not all(r.code == "guide" for r in reasons):  # a guide's title already says what it is for
        body.append(("field.why", why))
    if result.kind == "contact" and any(r.code in _SERVING for r in result.why):
        skip |= {"field.serves"}  # the reason says whom they answer for
    return "\n".join([head, *_lines(body, lang, skip)])


_SERVING = frozenset({"regional_contact", "local_contact", "national_office"})


def _reach(contact: Contact, knowledge: Knowledge) -> list[Field]:
    """How to reach a person as published; without phone, e-mail or website, the page that names them."""
    found = [
        ("field.phone", contact.phone or ""),
        ("field.email", contact.email or ""),
        ("field.website", contact.website or ""),
    ]
    if not any(value for _, value in found):
        found.append(("field.source", _source(knowledge.newest_source(contact))))
    return found


def _source(source: Source | None) -> str:
    """The page that names an entry: its address, else its publisher and title as published."""
    if source is None:
        return ""
    return source.url or source_name(source)


def _person(contact: Contact, knowledge: Knowledge, lang: Lang, under: str = "") -> str:
    """One line for a person: name, role, organisation (unless it is the entry `under` which they are
    listed), phone and e-mail exactly as published."""
    parts = [contact.name]
    role = role_text(contact, knowledge, lang)
    if role:
        parts.append(role)
    organisation = knowledge.organisations.get(contact.organisation or "")
    if organisation is not None and organisation.name not in (role or "") and organisation.name != under:
        parts.append(organisation.name)
    reach = [value for value in (contact.phone, contact.email) if value]
    return ", ".join(parts) + (f" ({', '.join(reach)})" if reach else "")


def _people(ids: list[str], knowledge: Knowledge, lang: Lang, under: str, limit: int = 2) -> str:
    people = [_person(knowledge.contacts[i], knowledge, lang, under) for i in ids if i in knowledge.contacts]
    more = f"; {ui('results.more', lang, n=len(people) - limit)}" if len(people) > limit else ""
    return "; ".join(people[:limit]) + more


def _enterprise(entry: Enterprise, knowledge: Knowledge, lang: Lang) -> list[Field]:
    area = (
        entry.area_note.get(lang)
        if entry.area_note
        else ", ".join(_place(knowledge, a, lang) for a in entry.areas)
    )
    reach = entry.website or ("" if entry.people else source_date(entry, knowledge, lang))
    return [
        ("", truncate(entry.description.get(lang), DESCRIPTION_CHARS)),
        ("field.place", _place(knowledge, entry.municipality, lang)),
        ("field.area", area),
        ("field.people", _people(list(entry.people), knowledge, lang, entry.name)),
        ("field.website" if entry.website else "field.source", reach),
    ]


def _contact(entry: Contact, knowledge: Knowledge, lang: Lang) -> list[Field]:
    role = role_text(entry, knowledge, lang)
    organisation = knowledge.organisations.get(entry.organisation or "")
    employer = organisation.name if organisation and organisation.name not in (role or "") else ""
    about = ", ".join(part for part in (role, employer) if part)
    served = ", ".join(_place(knowledge, r, lang) for r in entry.regions)
    return [
        ("", truncate(about, DESCRIPTION_CHARS)),
        *_reach(entry, knowledge),
        ("field.serves", served),
    ]


def _organisation(entry: Organisation, knowledge: Knowledge, lang: Lang) -> list[Field]:
    staff = [c.id for c in knowledge.contacts.values() if c.organisation == entry.id]
    served = ", ".join(_place(knowledge, r, lang) for r in entry.serves)
    home = _place(knowledge, entry.home, lang)
    return [
        ("", truncate(entry.description.get(lang), DESCRIPTION_CHARS)),
        ("field.place", home if home != served else ""),
        ("field.serves", served),
        ("field.people", _people(staff, knowledge, lang, entry.name)),
        (
            "field.website" if entry.website else "field.source",
            entry.website or source_date(entry, knowledge, lang),
        ),
    ]


def _guide(entry: Guide, knowledge: Knowledge, lang: Lang, *, brief: bool = False) -> list[Field]:
    """A guide, briefly: the first sentence or two (a line, after the first guide), the link, who
    published it and when."""
    return [
        ("", guide_summary(entry, lang, DESCRIPTION_CHARS) if brief else guide_summary(entry, lang)),
        ("field.link", entry.link or ""),
        ("field.source", source_date(entry, knowledge, lang)),
    ]


def _event(entry: Event, knowledge: Knowledge, lang: Lang, today: date) -> list[Field]:
    organiser = knowledge.organisations.get(entry.organiser or "")
    return [
        ("", phrases.event_when_sentence(entry, lang, today)),
        ("field.place", phrases.event_place(entry, knowledge, lang)),
        ("field.organiser", organiser.name if organiser else ""),
        ("about", truncate(entry.description.get(lang), DESCRIPTION_CHARS)),
        ("field.link", entry.link or ""),
    ]
