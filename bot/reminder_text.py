"""What reminders, announcements and subscription replies say, in Swedish, English and Latvian.

Pure builders (data in, Block Kit dicts out) so every message is tested without Slack. Dates are
written the way a reader thinks of a near event: "tomorrow, 10 November, 09:00–16:00", in
BOT_TIMEZONE. Shared words (place, organiser, "online") come from `bot.phrases`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.model import Event, Knowledge, Lang
from bot.phrases import format_date, format_day_month, region_name, ui
from bot.slack_text import escape, link

REMIND_ME_ACTION = "remind_me"
ADD_TO_CALENDAR_ACTION = "add_to_calendar"
RELATIVE_DAYS_LIMIT = 13  # beyond two weeks "in 20 days" helps less than the date itself

_TEXT: dict[str, dict[Lang, str]] = {
    "title": {"sv": "Påminnelse: {name}", "en": "Reminder: {name}", "lv": "Atgādinājums: {name}"},
    "today": {"sv": "i dag", "en": "today", "lv": "šodien"},
    "tomorrow": {"sv": "i morgon", "en": "tomorrow", "lv": "rīt"},
    "in_days": {"sv": "om {n} dagar", "en": "in {n} days", "lv": "pēc {n} dienām"},
    "late": {
        "sv": "Den här påminnelsen kommer senare än planerat.",
        "en": "This reminder comes later than planned.",
        "lv": "Šis atgādinājums pienāk vēlāk, nekā plānots.",
    },
    "personal": {
        "sv": "Du bad Samverka påminna dig om det här evenemanget.",
        "en": "You asked Samverka to remind you of this event.",
        "lv": "Jūs lūdzāt Samverka atgādināt par šo pasākumu.",
    },
    "remind_me": {"sv": "Påminn mig", "en": "Remind me", "lv": "Atgādināt man"},
    "add_to_calendar": {"sv": "Lägg till i kalendern", "en": "Add to calendar", "lv": "Pievienot kalendāram"},
    "announce": {
        "sv": "Nytt evenemang för din bevakning av {what}:",
        "en": "A new event for your subscription to {what}:",
        "lv": "Jauns pasākums jūsu abonementam “{what}”:",
    },
}


def phrase(key: str, lang: Lang, **kw: object) -> str:
    return _TEXT[key][lang].format(**kw)


def keys() -> frozenset[str]:
    return frozenset(_TEXT)


def channel_language(event: Event, knowledge: Knowledge) -> Lang:
    """A channel has no reader language: write in the language of the event's country, else its text's."""
    region = knowledge.regions.get(event.place or "")
    country = region.country if region is not None else None
    if country == "SE":
        return "sv"
    if country == "LV":
        return "lv"
    for lang in ("sv", "lv", "en"):
        if getattr(event.description, lang):
            return lang  # type: ignore[return-value]
    return "en"


def _local_day(when_value: date | datetime, tz: ZoneInfo) -> date:
    return when_value.astimezone(tz).date() if isinstance(when_value, datetime) else when_value


def _day_span(first: date, last: date, today: date, lang: Lang) -> str:
    def one(day: date) -> str:
        return format_day_month(day, lang) if day.year == today.year else format_date(day, lang)

    if first == last:
        return one(first)
    if (first.year, first.month) == (last.year, last.month) and first.year == today.year:
        if lang == "lv":
            return f"{first.day}.–{format_day_month(last, lang)}"
        return f"{first.day}–{format_day_month(last, lang)}"
    return f"{one(first)} – {one(last)}"


def when_phrase(event: Event, now: datetime, tz: ZoneInfo, lang: Lang) -> str:
    """ "tomorrow, 10 November, 09:00–16:00": relative day, dates, and times when the source has them."""
    today = now.astimezone(tz).date()
    first = _local_day(event.start.value, tz)
    last = max(_local_day(event.end.value, tz), first)
    parts: list[str] = []
    ahead = (first - today).days
    if ahead == 0:
        parts.append(phrase("today", lang))
    elif ahead == 1:
        parts.append(phrase("tomorrow", lang))
    elif 1 < ahead <= RELATIVE_DAYS_LIMIT:
        parts.append(phrase("in_days", lang, n=ahead))
    parts.append(_day_span(first, last, today, lang))
    start, end = event.start.value, event.end.value
    if event.start.precision == "datetime" and isinstance(start, datetime):
        times = start.astimezone(tz).strftime("%H:%M")
        if (
            event.end.precision == "datetime"
            and isinstance(end, datetime)
            and end > start
            and _local_day(end, tz) == first
        ):
            times += "–" + end.astimezone(tz).strftime("%H:%M")
        parts.append(times)
    return ", ".join(parts)


def place_phrase(event: Event, knowledge: Knowledge, lang: Lang) -> str:
    pieces: list[str] = []
    if event.venue:
        pieces.append(event.venue)
    region = knowledge.regions.get(event.place or "")
    if region is not None:
        pieces.append(region_name(region, lang))
    if event.digital:
        pieces.append(ui("event.digital", lang))
    return ", ".join(pieces)


def event_buttons(event: Event, lang: Lang, *, remind_me: bool = True) -> dict[str, Any]:
    """The "Remind me" / "Add to calendar" pair, for reminders, answers and App Home alike."""
    elements: list[dict[str, Any]] = []
    if remind_me:
        elements.append(_button(REMIND_ME_ACTION, phrase("remind_me", lang), event.id))
    if event.start.precision != "month":  # nothing to put in a calendar without a day
        elements.append(_button(ADD_TO_CALENDAR_ACTION, phrase("add_to_calendar", lang), event.id))
    return {"type": "actions", "block_id": f"event_actions:{event.id}"[:255], "elements": elements}


def _button(action_id: str, label: str, value: str) -> dict[str, Any]:
    return {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": label[:75], "emoji": True},
        "value": value[:2000],
    }


def event_summary(
    event: Event, knowledge: Knowledge, lang: Lang, now: datetime, tz: ZoneInfo, *, title: str | None = None
) -> list[str]:
    """The event's lines as mrkdwn: title (the name unless given), when, where, organiser, link."""
    lines = [f"*{escape(title or event.name)}*", escape(when_phrase(event, now, tz, lang))]
    where = place_phrase(event, knowledge, lang)
    if where:
        lines.append(f"{ui('field.place', lang)}: {escape(where)}")
    organiser = knowledge.organisations.get(event.organiser or "")
    if organiser is not None:
        lines.append(f"{ui('field.organiser', lang)}: {escape(organiser.name)}")
    if event.link:
        lines.append(f"{ui('field.link', lang)}: {link(event.link, event.link)}")
    return lines


def build_reminder(
    event: Event,
    knowledge: Knowledge,
    *,
    lang: Lang,
    now: datetime,
    tz: ZoneInfo,
    late: bool = False,
    personal: bool = False,
) -> dict[str, Any]:
    """A reminder as `chat.postMessage` arguments (`text` and `blocks`; the sender adds metadata)."""
    title = phrase("title", lang, name=event.name)
    lines = event_summary(event, knowledge, lang, now, tz, title=title)
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)}}]
    notes = []
    if late:
        notes.append(phrase("late", lang))
    if personal:
        notes.append(phrase("personal", lang))
    if notes:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": escape(" ".join(notes))}]})
    blocks.append(event_buttons(event, lang, remind_me=not personal))
    where = place_phrase(event, knowledge, lang)
    text = f"{title} – {when_phrase(event, now, tz, lang)}" + (f" – {where}" if where else "")
    return {"text": escape(text), "blocks": blocks}


def build_announcement(
    event: Event, knowledge: Knowledge, *, what: str, lang: Lang, now: datetime, tz: ZoneInfo
) -> dict[str, Any]:
    """A DM telling a subscriber about a new event that matches their theme or place."""
    intro = phrase("announce", lang, what=what)
    lines = event_summary(event, knowledge, lang, now, tz)
    blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": escape(intro) + "\n" + "\n".join(lines)}},
        event_buttons(event, lang),
    ]
    text = f"{intro} {event.name} – {when_phrase(event, now, tz, lang)}"
    return {"text": escape(text), "blocks": blocks}
