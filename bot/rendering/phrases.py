"""Every sentence Samverka shows a person, in Swedish, English and Latvian.

The matcher returns language-neutral codes (`Reason`, `Note`); Slack, the terminal and JSON all
turn them into words here, so an answer reads the same everywhere and a translation is fixed in
one place. Add a UI string by adding a key, with all three languages, to `_UI` here (answers), to
`phrases_reasons` (reasons, notes, guide topics) or to `phrases_app` (the app, reminders, subscriptions).
"""

from __future__ import annotations

import gettext
from datetime import date, datetime
from functools import cache

import pycountry

from bot.knowledge.model import Event, Knowledge, Lang, Region, When
from bot.rendering.phrases_app import APP_UI
from bot.rendering.phrases_reasons import REASON_UI
from bot.understanding.answers import Note, Reason

_MONTHS: dict[Lang, tuple[str, ...]] = {
    "sv": (
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    # Latvian dates read "2020. gada 10. novembrī" (locative: "in/on"), the form every sentence here needs.
    "lv": (
        "janvārī",
        "februārī",
        "martā",
        "aprīlī",
        "maijā",
        "jūnijā",
        "jūlijā",
        "augustā",
        "septembrī",
        "oktobrī",
        "novembrī",
        "decembrī",
    ),
}

# key -> language -> str.format template. Placeholders are named; every language has every key.
_UI: dict[str, dict[Lang, str]] = {
    # --- Where and when an answer's facts were published (bot.rendering.freshness) ---
    "source.line": {"sv": "Källa: {sources}.", "en": "Source: {sources}.", "lv": "Avots: {sources}."},
    "source.published": {
        "sv": "{source}, publicerad {date}",
        "en": "{source}, published {date}",
        "lv": "{source}, publicēts {date}",
    },
    "source.updated": {
        "sv": "{source}, uppdaterad {date}",
        "en": "{source}, updated {date}",
        "lv": "{source}, atjaunināts {date}",
    },
    "source.content": {
        "sv": "{source}, uppgifter från {date}",
        "en": "{source}, facts from {date}",
        "lv": "{source}, ziņas no {date}",
    },
    "source.undated": {
        "sv": "{source} (odaterad)",
        "en": "{source} (undated)",
        "lv": "{source} (bez datuma)",
    },
    "source.stale": {
        "sv": "Uppgifterna kan vara inaktuella.",
        "en": "This may be out of date.",
        "lv": "Šī informācija var būt novecojusi.",
    },
    "source.verified": {
        "sv": "Bekräftat av en förvaltare {date}.",
        "en": "Confirmed by a maintainer on {date}.",
        "lv": "Uzturētājs apstiprināja {date}.",
    },
    "contact.past_role": {"sv": "tidigare roll", "en": "past role", "lv": "agrākais amats"},
    "period.between": {
        "sv": "mellan {start} och {end}",
        "en": "between {start} and {end}",
        "lv": "no {start} līdz {end}",
    },
    "period.month": {"sv": "i {month}", "en": "in {month}", "lv": "{month}"},
    "period.year": {"sv": "under {year}", "en": "in {year}", "lv": "{year}. gadā"},
    # Plain UI strings.
    "help": {
        "sv": "Jag är Samverka. Fråga mig om sociala företag, regionala kontakter och evenemang i Sverige "
        "och Lettland, på svenska, engelska eller lettiska. Till exempel:\n"
        "• sociala företag i Karlskoga\n• vem kan hjälpa mig i Luleå?\n• äldreomsorg\n"
        "• när är Social Innovation Summit?",
        "en": "I'm Samverka. Ask me about social enterprises, regional contacts and events in Sweden and "
        "Latvia, in Swedish, English or Latvian. For example:\n"
        "• social enterprises in Karlskoga\n• who can help me in Luleå?\n• elderly care\n"
        "• when is the Social Innovation Summit?",
        "lv": "Es esmu Samverka. Jautājiet man par sociālajiem uzņēmumiem, reģionālajiem kontaktiem un "
        "pasākumiem Zviedrijā un Latvijā – zviedriski, angliski vai latviski. Piemēram:\n"
        "• sociālie uzņēmumi Rīgā\n• kontakts Latvijā\n• Social Innovation Summit – kad?",
    },
    "results.none": {
        "sv": "Inga träffar.",
        "en": "No results.",
        "lv": "Nav rezultātu.",
    },
    "results.more": {"sv": "… och {n} till", "en": "… and {n} more", "lv": "… un vēl {n}"},
    "kind.enterprise": {"sv": "Socialt företag", "en": "Social enterprise", "lv": "Sociālais uzņēmums"},
    "kind.contact": {"sv": "Kontakt", "en": "Contact", "lv": "Kontakts"},
    "kind.organisation": {"sv": "Organisation", "en": "Organisation", "lv": "Organizācija"},
    "kind.event": {"sv": "Evenemang", "en": "Event", "lv": "Pasākums"},
    "field.why": {"sv": "Varför", "en": "Why", "lv": "Kāpēc"},
    "field.phone": {"sv": "Telefon", "en": "Phone", "lv": "Tālrunis"},
    "field.email": {"sv": "E-post", "en": "E-mail", "lv": "E-pasts"},
    "field.website": {"sv": "Webb", "en": "Website", "lv": "Tīmekļa vietne"},
    "field.link": {"sv": "Länk", "en": "Link", "lv": "Saite"},
    "field.place": {"sv": "Plats", "en": "Place", "lv": "Vieta"},
    "field.area": {"sv": "Verksamhetsområde", "en": "Works in", "lv": "Darbības vieta"},
    "field.when": {"sv": "När", "en": "When", "lv": "Kad"},
    "field.organiser": {"sv": "Arrangör", "en": "Organiser", "lv": "Organizators"},
    "field.organisation": {"sv": "Organisation", "en": "Organisation", "lv": "Organizācija"},
    "field.people": {"sv": "Kontaktpersoner", "en": "People", "lv": "Kontaktpersonas"},
    "field.serves": {"sv": "Ansvarar för", "en": "Responsible for", "lv": "Atbild par"},
    "field.source": {"sv": "Källa", "en": "Source", "lv": "Avots"},
    "field.verified": {"sv": "kontrollerad", "en": "checked", "lv": "pārbaudīts"},
    "event.digital": {"sv": "digitalt", "en": "online", "lv": "tiešsaistē"},
    "event.upcoming": {"sv": "äger rum {when}", "en": "takes place {when}", "lv": "notiks {when}"},
    "event.past": {"sv": "genomfördes {when}", "en": "was held {when}", "lv": "notika {when}"},
    "event.ongoing": {
        "sv": "pågår nu ({when})",
        "en": "happening now ({when})",
        "lv": "notiek tagad ({when})",
    },
    "date.at_time": {"sv": "{date} kl. {time}", "en": "{date} at {time}", "lv": "{date} plkst. {time}"},
    "list.and": {"sv": "och", "en": "and", "lv": "un"},
    "list.or": {"sv": "eller", "en": "or", "lv": "vai"},
}


_UI.update(REASON_UI)
_UI.update(APP_UI)


def ui(key: str, lang: Lang, **kw: object) -> str:
    """The UI string `key` in `lang`, filled with `kw`; an unknown key is a programming error."""
    templates = _UI[key]
    template = templates.get(lang) or templates["en"]
    return template.format(**kw)


def keys() -> frozenset[str]:
    """Every UI key, for tests that check all three languages are present."""
    return frozenset(_UI)


def region_name(region: Region, lang: Lang) -> str:
    """The name people reading `lang` know the place by (English name only for English; a country
    in the reader's language from ISO 3166's translations: "Lettland", "Latvija")."""
    if lang == "en" and region.names_en:
        return region.names_en
    if region.kind == "country" and lang != "en":
        return _country_name(region.name, lang)
    return region.name


@cache
def _country_name(english: str, lang: Lang) -> str:
    try:
        translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        return english
    return translation.gettext(english)


def _place(knowledge: Knowledge, region_id: str | None, lang: Lang) -> str:
    region = knowledge.regions.get(region_id or "")
    return region_name(region, lang) if region is not None else (region_id or "?")


def format_date(day: date, lang: Lang, precision: str = "day") -> str:
    """One date as a person writes it: "10 november 2020", "10 November 2020", "2020. gada 10. novembrī"."""
    month = _MONTHS[lang][day.month - 1]
    if lang == "lv":
        return f"{day.year}. gada {month}" if precision == "month" else f"{day.year}. gada {day.day}. {month}"
    return f"{month} {day.year}" if precision == "month" else f"{day.day} {month} {day.year}"


def format_day_month(day: date, lang: Lang) -> str:
    """A near date without its year: "10 november", "10 November", "10. novembrī"."""
    month = _MONTHS[lang][day.month - 1]
    return f"{day.day}. {month}" if lang == "lv" else f"{day.day} {month}"


def format_when(when: When, lang: Lang) -> str:
    """A `When` at its own precision; a time of day only when the source gives one."""
    text = format_date(when.day, lang, "month" if when.precision == "month" else "day")
    if when.precision == "datetime" and isinstance(when.value, datetime):
        return ui("date.at_time", lang, date=text, time=when.value.strftime("%H:%M"))
    return text


def format_range(start: When, end: When, lang: Lang) -> str:
    """A span written the short way when it can be: "10–11 November 2020", "2020. gada 10.–11. novembrī"."""
    first, last = start.day, end.day
    if first == last and start.precision == end.precision:
        return format_when(start, lang)
    day_only = start.precision == "day" and end.precision == "day"
    if day_only and (first.year, first.month) == (last.year, last.month):
        month = _MONTHS[lang][first.month - 1]
        if lang == "lv":
            return f"{first.year}. gada {first.day}.–{last.day}. {month}"
        return f"{first.day}–{last.day} {month} {first.year}"
    if start.precision == "month" and end.precision == "month" and first.year == last.year:
        if lang == "lv":
            return f"{first.year}. gada {_MONTHS[lang][first.month - 1]}–{_MONTHS[lang][last.month - 1]}"
        return f"{_MONTHS[lang][first.month - 1]}–{_MONTHS[lang][last.month - 1]} {first.year}"
    return f"{format_when(start, lang)} – {format_when(end, lang)}"


def event_when(event: Event, lang: Lang) -> str:
    """The event's dates, with the source's own words where the source was vague."""
    text = format_range(event.start, event.end, lang)
    if event.date_note is not None:
        note = getattr(event.date_note, lang)  # only in the reader's language: never "(in September)" in lv
        if note and note not in text:
            text = f"{text} ({note})"
    return text


def event_when_sentence(event: Event, lang: Lang, today: date) -> str:
    """The event's dates told from `today`: "Takes place 10–11 May 2030", "Was held …", "Happening now …"."""
    text = ui(f"event.{event.status(today)}", lang, when=event_when(event, lang))
    return text[:1].upper() + text[1:]


def event_place(event: Event, knowledge: Knowledge, lang: Lang) -> str:
    """Where an event is, as published: venue, place and "online" when the source gives them, so a
    hybrid event keeps its place ("" when the source says none)."""
    pieces: list[str] = []
    if event.venue:
        pieces.append(event.venue)
    region = knowledge.regions.get(event.place or "")
    if region is not None:
        pieces.append(region_name(region, lang))
    if event.digital:
        pieces.append(ui("event.digital", lang))
    return ", ".join(pieces)


def _entry_name(knowledge: Knowledge, entry_id: str) -> str:
    for table in (knowledge.enterprises, knowledge.organisations, knowledge.events, knowledge.contacts):
        entry = table.get(entry_id)
        if entry is not None:
            return entry.name
    return entry_id


def why(reason: Reason, knowledge: Knowledge, lang: Lang) -> str:
    """One reason as a short phrase in `lang`."""
    args = reason.args
    code = reason.code
    if code in (
        "in_place",
        "works_in",
        "regional_contact",
        "local_contact",
        "national_office",
        "nearest_node",
    ):
        return ui(f"why.{code}", lang, place=_place(knowledge, args.get("place"), lang))
    if code == "in_county":
        return ui(
            "why.in_county",
            lang,
            place=_place(knowledge, args.get("place"), lang),
            county=_place(knowledge, args.get("county"), lang),
        )
    if code == "theme":
        theme = knowledge.themes.get(args.get("theme", ""))
        return ui(
            "why.theme", lang, theme=(theme.label.get(lang).lower() if theme else args.get("theme", ""))
        )
    if code in ("name", "described"):
        return ui(f"why.{code}", lang, text=args.get("text", ""))
    if code in ("event_upcoming", "event_past"):
        event = knowledge.events.get(args.get("event", ""))
        when = event_when(event, lang) if event else ""
        return ui(f"why.{code}", lang, when=when)
    if code == "organiser":
        return ui("why.organiser", lang, event=_entry_name(knowledge, args.get("event", "")))
    if code == "works_at":
        return ui("why.works_at", lang, organisation=_entry_name(knowledge, args.get("organisation", "")))
    if code == "person_of":
        return ui("why.person_of", lang, entry=_entry_name(knowledge, args.get("entry", "")))
    if code in ("linked", "organised_by"):
        return ui(f"why.{code}", lang, organisation=_entry_name(knowledge, args.get("organisation", "")))
    if code == "contact_role":
        return ui("why.contact_role", lang, role=args.get("role", ""))
    if code in ("guide", "guide_points_to"):
        guide = knowledge.guides.get(args.get("guide", ""))
        topic = ui(f"guide.topic.{guide.topic}", lang) if guide is not None else ""
        return ui(f"why.{code}", lang, topic=topic)
    if code == "funder":
        return ui("why.funder", lang)
    if code == "relation":
        key = f"why.rel.{args.get('relation')}.{args.get('role')}"
        return ui(key, lang, other=_entry_name(knowledge, args.get("other", "")))
    raise KeyError(f"no phrase for reason {code!r}")


def why_all(reasons: tuple[Reason, ...], knowledge: Knowledge, lang: Lang) -> str:
    """All of a result's reasons in one line, as JSON's `why` and the terminal show them."""
    return "; ".join(why(reason, knowledge, lang) for reason in reasons)


def note(note: Note, knowledge: Knowledge, lang: Lang) -> str:
    """One note about the whole answer as a sentence in `lang`."""
    args = note.args
    if note.code == "widened":
        return ui(
            "note.widened",
            lang,
            place=_place(knowledge, args.get("place"), lang),
            county=_place(knowledge, args.get("county"), lang),
        )
    if note.code == "nearest_only":
        return ui("note.nearest_only", lang, place=_place(knowledge, args.get("place"), lang))
    if note.code in ("theme_unserved", "theme_elsewhere"):
        theme = knowledge.themes.get(args.get("theme", ""))
        label = theme.label.get(lang).lower() if theme else args.get("theme", "")
        if note.code == "theme_elsewhere":
            place = _place(knowledge, args.get("place"), lang)
            return ui("note.theme_elsewhere", lang, theme=label, place=place)
        if args.get("contact"):
            contact = _entry_name(knowledge, args.get("contact", ""))
            return ui("note.theme_unserved_contact", lang, theme=label, contact=contact)
        return ui("note.theme_unserved", lang, theme=label)
    if note.code == "question_truncated":
        return ui("note.question_truncated", lang, limit=args.get("limit", ""))
    if note.code == "no_upcoming_events" and args.get("latest") in knowledge.events:
        event = knowledge.events[args["latest"]]
        return ui("note.no_upcoming_latest", lang, event=event.name, when=event_when(event, lang))
    if note.code == "no_events_in_period":
        key = "note.no_events_in_period_upcoming" if args.get("more") else "note.no_events_in_period"
        return ui(key, lang, period=period_words(args.get("start", ""), args.get("end", ""), lang))
    if note.code == "follow_up":
        ids = [
            *filter(None, args.get("themes", "").split(",")),
            *filter(None, args.get("regions", "").split(",")),
        ]
        what = ", ".join(_theme_or_place(knowledge, i, lang) for i in ids)
        return ui("note.follow_up", lang, what=what)
    if note.code == "which_place":
        chosen = _place_in_county(knowledge, args.get("chosen"), lang)
        others = [_place_in_county(knowledge, r, lang) for r in args.get("others", "").split(",") if r]
        return ui(
            "note.which_place",
            lang,
            chosen=chosen,
            others=f" {ui('list.or', lang)} ".join(others),
            first=_place(knowledge, args.get("chosen"), lang),
        )
    if note.code == "person_unknown":
        return ui("note.person_unknown", lang, name=args.get("name", ""))
    return ui(f"note.{note.code}", lang)


def _place_in_county(knowledge: Knowledge, region_id: str | None, lang: Lang) -> str:
    """ "Håbo (Uppsala län)": a place with its county, to tell apart names that fold alike."""
    county = knowledge.county_of(region_id or "")
    name = _place(knowledge, region_id, lang)
    return f"{name} ({region_name(county, lang)})" if county is not None else name


def _theme_or_place(knowledge: Knowledge, entry_id: str, lang: Lang) -> str:
    theme = knowledge.themes.get(entry_id)
    return theme.label.get(lang).lower() if theme else _place(knowledge, entry_id, lang)


def period_words(start: str, end: str, lang: Lang) -> str:
    """A period as words: "i december 2026", "in 2027", "mellan 1 juni 2027 och 31 augusti 2027"."""
    try:
        first, last = date.fromisoformat(start), date.fromisoformat(end)
    except ValueError:
        return ""
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year:
        return ui("period.year", lang, year=first.year)
    if (first.year, first.month) == (last.year, last.month):
        return ui("period.month", lang, month=format_date(first, lang, "month"))
    return ui(
        "period.between", lang, start=format_date(first, lang, "month"), end=format_date(last, lang, "month")
    )
