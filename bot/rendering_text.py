"""An `Answer` as plain text for the terminal (`ask`, `chat`) and for JSON's `answer` field.

Shows what Slack shows, without markup: the notes, then per result its name and kind, what it does,
where, the people and contact details exactly as published, the link, and why it is in the answer.
"""

from __future__ import annotations

import textwrap
from datetime import date

from bot import phrases
from bot.answers import Answer, Result
from bot.freshness import role_text, source_line
from bot.model import Contact, Enterprise, Event, Knowledge, Lang, Organisation
from bot.phrases import ui

WIDTH = 100
INDENT = "   "
DEFAULT_SHOWN = 10


def render_text(answer: Answer, knowledge: Knowledge, *, today: date, shown: int = DEFAULT_SHOWN) -> str:
    """The whole answer, ready to print."""
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
    listed = answer.results[: max(1, shown)]
    entries = [_result(i, result, knowledge, lang, today) for i, result in enumerate(listed, start=1)]
    single = len(answer.results) == 1
    verified = source_line(answer.results[0], knowledge, lang, today=today) if single else None
    if verified:  # an answer about one entry says how fresh its facts are (bot.freshness)
        entries[0] += "\n" + _wrap(verified, INDENT)
    hidden = len(answer.results) - len(listed)
    if hidden > 0:
        entries.append(ui("results.more", lang, n=hidden))
    head = "\n".join(blocks) + "\n\n" if blocks else ""
    return head + "\n\n".join(entries)


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent) if text else ""


def _line(label_key: str, value: str, lang: Lang) -> str:
    return _wrap(f"{ui(label_key, lang)}: {value}", INDENT) if value else ""


def _place(knowledge: Knowledge, region_id: str | None, lang: Lang) -> str:
    region = knowledge.regions.get(region_id or "")
    return phrases.region_name(region, lang) if region is not None else ""


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
    else:  # a result from another snapshot: only what the answer itself carries
        body = []
    why = "; ".join(phrases.why(reason, knowledge, lang) for reason in result.why)
    body.append(_line("field.why", why, lang))
    return "\n".join([head, *(line for line in body if line)])


def _reach(contact: Contact, lang: Lang) -> list[str]:
    return [
        _line("field.phone", contact.phone or "", lang),
        _line("field.email", contact.email or "", lang),
        _line("field.website", contact.website or "", lang),
    ]


def _person(contact: Contact, knowledge: Knowledge, lang: Lang) -> str:
    """One line for a person: name, role, organisation, phone and e-mail exactly as published."""
    parts = [contact.name]
    role = role_text(contact, knowledge, lang)
    if role:
        parts.append(role)
    organisation = knowledge.organisations.get(contact.organisation or "")
    if organisation is not None:
        parts.append(organisation.name)
    reach = [value for value in (contact.phone, contact.email) if value]
    return ", ".join(parts) + (f" ({', '.join(reach)})" if reach else "")


def _people(ids: list[str], knowledge: Knowledge, lang: Lang) -> str:
    return "; ".join(_person(knowledge.contacts[i], knowledge, lang) for i in ids if i in knowledge.contacts)


def _enterprise(entry: Enterprise, knowledge: Knowledge, lang: Lang) -> list[str]:
    area = (
        entry.area_note.get(lang)
        if entry.area_note
        else ", ".join(_place(knowledge, a, lang) for a in entry.areas)
    )
    return [
        _wrap(entry.description.get(lang), INDENT),
        _line("field.place", _place(knowledge, entry.municipality, lang), lang),
        _line("field.area", area, lang),
        _line("field.people", _people(list(entry.people), knowledge, lang), lang),
        _line("field.website", entry.website or "", lang),
    ]


def _contact(entry: Contact, knowledge: Knowledge, lang: Lang) -> list[str]:
    role = role_text(entry, knowledge, lang)
    organisation = knowledge.organisations.get(entry.organisation or "")
    about = ", ".join(part for part in (role, organisation.name if organisation else "") if part)
    served = ", ".join(_place(knowledge, r, lang) for r in entry.regions)
    return [
        _wrap(about, INDENT),
        *_reach(entry, lang),
        _line("field.serves", served, lang),
    ]


def _organisation(entry: Organisation, knowledge: Knowledge, lang: Lang) -> list[str]:
    staff = [c.id for c in knowledge.contacts.values() if c.organisation == entry.id]
    return [
        _wrap(entry.description.get(lang), INDENT),
        _line("field.place", _place(knowledge, entry.home, lang), lang),
        _line("field.serves", ", ".join(_place(knowledge, r, lang) for r in entry.serves), lang),
        _line("field.people", _people(staff, knowledge, lang), lang),
        _line("field.website", entry.website or "", lang),
    ]


def _event(entry: Event, knowledge: Knowledge, lang: Lang, today: date) -> list[str]:
    organiser = knowledge.organisations.get(entry.organiser or "")
    return [
        _wrap(phrases.event_when_sentence(entry, lang, today), INDENT),
        _line("field.place", phrases.event_place(entry, knowledge, lang), lang),
        _line("field.organiser", organiser.name if organiser else "", lang),
        _wrap(entry.description.get(lang), INDENT),
        _line("field.link", entry.link or "", lang),
    ]
