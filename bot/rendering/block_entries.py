"""The lines of one result in Slack mrkdwn: an enterprise, a contact, an organisation, an event or a
guide, each as published (names, roles, phone, e-mail and links verbatim, everything escaped)."""

from __future__ import annotations

from datetime import date

from bot.knowledge.model import Contact, Enterprise, Event, Guide, Knowledge, Lang, Organisation
from bot.rendering import phrases
from bot.rendering.freshness import role_text, source_date, source_name
from bot.rendering.phrases import ui
from bot.understanding.guides import guide_summary
from bot.understanding.slack_text import escape, link, truncate

DESCRIPTION_CHARS = 300


def place_name(knowledge: Knowledge, region_id: str | None, lang: Lang) -> str:
    region = knowledge.regions.get(region_id or "")
    return phrases.region_name(region, lang) if region is not None else ""


def title(name: str, url: str | None) -> str:
    return f"*{link(url, name)}*"


def field(label_key: str, value: str, lang: Lang) -> str:
    return f"{ui(label_key, lang)}: {value}" if value else ""


def person_line(contact: Contact, knowledge: Knowledge, lang: Lang, *, with_name: bool = True) -> str:
    """A person as published: name, role, organisation, then phone, e-mail and website verbatim."""
    parts = [escape(contact.name)] if with_name else []
    role = role_text(contact, knowledge, lang)
    if role:
        parts.append(escape(role))
    organisation = knowledge.organisations.get(contact.organisation or "")
    if organisation is not None:
        parts.append(escape(organisation.name))
    reach = []
    if contact.phone:
        reach.append(f"{ui('field.phone', lang)} {escape(contact.phone)}")
    if contact.email:
        reach.append(link(f"mailto:{contact.email}", contact.email))
    if contact.website:
        reach.append(link(contact.website, ui("field.website", lang)))
    return " · ".join(part for part in (", ".join(parts), " · ".join(reach)) if part)


def enterprise_lines(entry: Enterprise, knowledge: Knowledge, lang: Lang) -> list[str]:
    lines = [
        title(entry.name, entry.website),
        escape(truncate(entry.description.get(lang), DESCRIPTION_CHARS)),
    ]
    lines.append(field("field.place", escape(place_name(knowledge, entry.municipality, lang)), lang))
    area = (
        entry.area_note.get(lang)
        if entry.area_note
        else ", ".join(place_name(knowledge, a, lang) for a in entry.areas)
    )
    lines.append(field("field.area", escape(area), lang))
    people = [knowledge.contacts[p] for p in entry.people if p in knowledge.contacts]
    if people:
        lines.append(field("field.people", "; ".join(person_line(p, knowledge, lang) for p in people), lang))
    return lines


def contact_lines(entry: Contact, knowledge: Knowledge, lang: Lang) -> list[str]:
    lines = [f"*{escape(entry.name)}*", person_line(entry, knowledge, lang, with_name=False)]
    if not (entry.phone or entry.email or entry.website):  # how to reach them: the page that names them
        source = knowledge.newest_source(entry)
        if source is not None:
            lines.append(
                field(
                    "field.source",
                    link(source.url, source.title) if source.url else escape(source_name(source)),
                    lang,
                )
            )
    served = ", ".join(place_name(knowledge, r, lang) for r in entry.regions)
    lines.append(field("field.serves", escape(served), lang))
    return lines


def organisation_lines(entry: Organisation, knowledge: Knowledge, lang: Lang) -> list[str]:
    lines = [
        title(entry.name, entry.website),
        escape(truncate(entry.description.get(lang), DESCRIPTION_CHARS)),
    ]
    served = ", ".join(place_name(knowledge, r, lang) for r in entry.serves)
    lines.append(field("field.serves", escape(served), lang))
    people = [c for c in knowledge.contacts.values() if c.organisation == entry.id]
    if people:
        lines.append(
            field("field.people", "; ".join(person_line(p, knowledge, lang) for p in people[:3]), lang)
        )
    return lines


def event_lines(entry: Event, knowledge: Knowledge, lang: Lang, today: date) -> list[str]:
    organiser = knowledge.organisations.get(entry.organiser or "")
    return [
        title(entry.name, entry.link),
        escape(phrases.event_when_sentence(entry, lang, today)),
        field("field.place", escape(phrases.event_place(entry, knowledge, lang)), lang),
        field("field.organiser", escape(organiser.name) if organiser else "", lang),
        escape(truncate(entry.description.get(lang), DESCRIPTION_CHARS)),
    ]


def guide_lines(entry: Guide, knowledge: Knowledge, lang: Lang) -> list[str]:
    """A guide, briefly: its title (linked), the first sentence or two, who published it and when."""
    return [
        title(entry.title.get(lang), entry.link),
        escape(guide_summary(entry, lang)),
        field("field.source", escape(source_date(entry, knowledge, lang)), lang),
    ]
