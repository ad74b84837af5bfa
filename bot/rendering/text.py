"""An `Answer` as plain text for the terminal (`ask`, `chat`) and for JSON's `answer` field.

Shows what Slack shows, without markup: the notes, then per result its name and kind, what it does,
where, the people and contact details exactly as published, the link, and why it is in the answer.
"""

from __future__ import annotations

import textwrap
from datetime import date

from bot.knowledge.model import Contact, Enterprise, Event, Guide, Knowledge, Lang, Organisation, Source
from bot.rendering import phrases
from bot.rendering.freshness import role_text, source_date, source_line
from bot.rendering.phrases import ui
from bot.understanding.answers import Answer, Reason, Result
from bot.understanding.guides import guide_summary
from bot.understanding.slack_text import truncate

WIDTH = 100
INDENT = "   "
DEFAULT_SHOWN = 5  # as many as Slack's first page: the terminal and JSON show what Slack shows
DESCRIPTION_CHARS = 75  # most of a line of what an entry does; its page has the rest
WHY_SHOWN = 1  # the strongest reason; the others rarely say more to the reader
COMPACT_FROM = 3  # a list of this many entries or more shows each in a few lines


def render_text(answer: Answer, knowledge: Knowledge, *, today: date, shown: int = DEFAULT_SHOWN) -> str:
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
    entries = [_group(i, group, knowledge, lang, today) for i, group in enumerate(groups, start=1)]
    if len(groups) >= COMPACT_FROM:
        entries = [_compact(entry, lang) for entry in entries]
    shared = _shared_why(entries, lang)
    if shared:  # "Varför: i Göteborg" under every entry says nothing new: once, above the list
        entries = [entry.replace("\n" + shared, "") for entry in entries]
        blocks.append(shared.strip())
    single = len(answer.results) == 1
    verified = source_line(answer.results[0], knowledge, lang, today=today) if single else None
    if verified:  # an answer about one entry says how fresh its facts are (bot.rendering.freshness)
        source_label = ui("field.source", lang) + ":"  # said once: the source line names it
        lines = [line for line in entries[0].split("\n") if not line.strip().startswith(source_label)]
        entries[0] = "\n".join([*_drop_continuations(lines, entries[0]), _wrap(verified, INDENT)])
    hidden = len(answer.results) - sum(len(group) for group in groups)
    if hidden > 0:
        entries.append(ui("results.more", lang, n=hidden))
    head = "\n".join(blocks) + "\n\n" if blocks else ""
    return head + "\n\n".join(entries)


_DETAIL_FIELDS = ("field.people", "field.serves", "field.area", "field.organiser")


def _compact(entry: str, lang: Lang) -> str:
    """An entry of a list of several, in a few lines: what it is, what it does, how to reach it (or
    where it was published) and why; who works there, whom it serves and its area are one question
    away ("vem är …", "vad är …")."""
    labels = tuple(INDENT + ui(key, lang) + ":" for key in _DETAIL_FIELDS)
    lines = entry.split("\n")
    kept: list[str] = []
    skipping = False
    for line in lines:
        if line.startswith(labels):
            skipping = True
            continue
        if skipping and line.startswith(INDENT) and not line.startswith(INDENT + " ") and ":" in line[:30]:
            skipping = False
        elif skipping and line.startswith(INDENT) and ":" not in line[: len(INDENT) + 25]:
            continue  # the wrapped rest of a dropped line
        skipping = False
        kept.append(line)
    return "\n".join(kept)


def _shared_why(entries: list[str], lang: Lang) -> str:
    """The one "why" line every listed entry ends with, when there are several entries and it is the
    same for all; else ''."""
    label = INDENT + ui("field.why", lang) + ":"
    last = [entry.rsplit("\n", 1)[-1] for entry in entries]
    if len(entries) > 1 and last[0].startswith(label) and all(line == last[0] for line in last):
        return last[0]
    return ""


def _drop_continuations(kept: list[str], original: str) -> list[str]:
    """Lines of `kept`, without the wrapped continuation lines of a line that was dropped."""
    result: list[str] = []
    dropped = False
    kept_set = set(kept)
    for line in original.split("\n"):
        if line in kept_set and not (dropped and line.startswith(INDENT) and ":" not in line[:30]):
            result.append(line)
            dropped = False
        elif line not in kept_set:
            dropped = True
    return result


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent) if text else ""


def _line(label_key: str, value: str, lang: Lang) -> str:
    return _wrap(f"{ui(label_key, lang)}: {value}", INDENT) if value else ""


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


def _group(number: int, group: list[Result], knowledge: Knowledge, lang: Lang, today: date) -> str:
    if len(group) == 1:
        return _result(number, group[0], knowledge, lang, today)
    first = group[0]
    names = ", ".join(result.name for result in group)
    head = _wrap(f"{number}. {names} — {ui(f'kind.{first.kind}', lang)}", "")
    body = [_wrap(truncate(description(first, knowledge, lang), DESCRIPTION_CHARS), INDENT)]
    if first.kind == "enterprise":
        places = dict.fromkeys(
            _place(knowledge, knowledge.enterprises[r.id].municipality, lang)
            for r in group
            if r.id in knowledge.enterprises
        )
        body.append(_line("field.place", ", ".join(p for p in places if p), lang))
    reasons = dict.fromkeys(
        phrases.why(reason, knowledge, lang) for result in group for reason in _shown_reasons(result)
    )
    body.append(_line("field.why", "; ".join(reasons), lang))
    return "\n".join([head, *(line for line in body if line)])


def _shown_reasons(result: Result) -> tuple[Reason, ...]:
    """The reasons worth a line: an event's date is already in its own line."""
    return tuple(r for r in result.why if r.code not in ("event_past", "event_upcoming"))


def _result(number: int, result: Result, knowledge: Knowledge, lang: Lang, today: date) -> str:
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
        body = _guide(knowledge.guides[result.id], knowledge, lang)
    else:  # a result from another snapshot: only what the answer itself carries
        body = []
    reasons = _shown_reasons(result)[:WHY_SHOWN]
    why = "; ".join(dict.fromkeys(phrases.why(r, knowledge, lang) for r in reasons))
    here = {r.args.get("place") for r in result.why if r.code == "in_place"}
    if here:  # "Varför: i Örebro" already says where: no "Plats: Örebro" line above it
        shown = {_place(knowledge, place, lang) for place in here}
        place_label = ui("field.place", lang) + ": "
        body = [line for line in body if line.strip() not in {place_label + p for p in shown}]
    body.append(_line("field.why", why, lang))
    if result.kind == "contact" and any(r.code in _SERVING for r in result.why):
        served = ui("field.serves", lang) + ":"  # the reason says whom they answer for
        body = [line for line in body if not line.strip().startswith(served)]
    return "\n".join([head, *(line for line in body if line)])


_SERVING = frozenset({"regional_contact", "local_contact", "national_office"})


def _reach(contact: Contact, knowledge: Knowledge, lang: Lang) -> list[str]:
    """How to reach a person as published; without phone, e-mail or website, the page that names them."""
    found = [
        _line("field.phone", contact.phone or "", lang),
        _line("field.email", contact.email or "", lang),
        _line("field.website", contact.website or "", lang),
    ]
    if not any(found):
        found.append(_line("field.source", _source(knowledge.newest_source(contact)), lang))
    return found


def _source(source: Source | None) -> str:
    """The page that names an entry: its address, else its publisher and title as published."""
    if source is None:
        return ""
    return source.url or f"{source.publisher}: {source.title}"


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


def _enterprise(entry: Enterprise, knowledge: Knowledge, lang: Lang) -> list[str]:
    area = (
        entry.area_note.get(lang)
        if entry.area_note
        else ", ".join(_place(knowledge, a, lang) for a in entry.areas)
    )
    reach = entry.website or ("" if entry.people else source_date(entry, knowledge, lang))
    return [
        _wrap(truncate(entry.description.get(lang), DESCRIPTION_CHARS), INDENT),
        _line("field.place", _place(knowledge, entry.municipality, lang), lang),
        _line("field.area", area, lang),
        _line("field.people", _people(list(entry.people), knowledge, lang, entry.name), lang),
        _line("field.website" if entry.website else "field.source", reach, lang),
    ]


def _contact(entry: Contact, knowledge: Knowledge, lang: Lang) -> list[str]:
    role = role_text(entry, knowledge, lang)
    organisation = knowledge.organisations.get(entry.organisation or "")
    employer = organisation.name if organisation and organisation.name not in (role or "") else ""
    about = ", ".join(part for part in (role, employer) if part)
    served = ", ".join(_place(knowledge, r, lang) for r in entry.regions)
    return [
        _wrap(truncate(about, DESCRIPTION_CHARS), INDENT),
        *_reach(entry, knowledge, lang),
        _line("field.serves", served, lang),
    ]


def _organisation(entry: Organisation, knowledge: Knowledge, lang: Lang) -> list[str]:
    staff = [c.id for c in knowledge.contacts.values() if c.organisation == entry.id]
    served = ", ".join(_place(knowledge, r, lang) for r in entry.serves)
    home = _place(knowledge, entry.home, lang)
    return [
        _wrap(truncate(entry.description.get(lang), DESCRIPTION_CHARS), INDENT),
        _line("field.place", home if home != served else "", lang),
        _line("field.serves", served, lang),
        _line("field.people", _people(staff, knowledge, lang, entry.name), lang),
        _line(
            "field.website" if entry.website else "field.source",
            entry.website or source_date(entry, knowledge, lang),
            lang,
        ),
    ]


def _guide(entry: Guide, knowledge: Knowledge, lang: Lang) -> list[str]:
    """A guide, briefly: the first sentence or two, the link, who published it and when."""
    return [
        _wrap(guide_summary(entry, lang), INDENT),
        _line("field.link", entry.link or "", lang),
        _line("field.source", source_date(entry, knowledge, lang), lang),
    ]


def _event(entry: Event, knowledge: Knowledge, lang: Lang, today: date) -> list[str]:
    organiser = knowledge.organisations.get(entry.organiser or "")
    return [
        _wrap(phrases.event_when_sentence(entry, lang, today), INDENT),
        _line("field.place", phrases.event_place(entry, knowledge, lang), lang),
        _line("field.organiser", organiser.name if organiser else "", lang),
        _wrap(truncate(entry.description.get(lang), DESCRIPTION_CHARS), INDENT),
        _line("field.link", entry.link or "", lang),
    ]
