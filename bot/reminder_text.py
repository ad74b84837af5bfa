"""What reminders, announcements and subscription replies say, in Swedish, English and Latvian.

Pure builders (data in, Block Kit dicts out) so every message is tested without Slack. Dates are
written the way a reader thinks of a near event: "tomorrow, 10 November, 09:00–16:00", in
BOT_TIMEZONE. Shared words (place, organiser, "online") come from `bot.phrases`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from bot.model import Event, Knowledge, Lang
from bot.phrases import format_date, format_day_month, region_name, ui
from bot.slack_text import escape, link

REMIND_ME_ACTION = "remind_me"
ADD_TO_CALENDAR_ACTION = "add_to_calendar"
CALENDAR_LINK_ACTION_PREFIX = "calendar_link_"
REMIND_ME_LABEL = "reminders.remind_me"  # bot.phrases keys, as runtime.hooks.event_buttons wants them
ADD_TO_CALENDAR_LABEL = "reminders.add_to_calendar"
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
    "right_away": {"sv": "med en gång", "en": "right away", "lv": "tūlīt"},
    "remind.added": {
        "sv": "Jag påminner dig om *{name}* i ett direktmeddelande: {times}.",
        "en": "I'll remind you of *{name}* in a direct message: {times}.",
        "lv": "Es atgādināšu par *{name}* tiešajā ziņā: {times}.",
    },
    "remind.already": {
        "sv": "Du har redan bett mig påminna dig om *{name}*: {times}.",
        "en": "You already asked me to remind you of *{name}*: {times}.",
        "lv": "Jūs jau lūdzāt atgādināt par *{name}*: {times}.",
    },
    "remind.no_day": {
        "sv": "*{name}* har inget exakt datum ännu (bara månaden). Jag påminner dig när datumet är känt.",
        "en": "*{name}* has no exact date yet (only the month). I'll remind you once the date is known.",
        "lv": "Pasākumam *{name}* vēl nav precīza datuma (zināms tikai mēnesis). "
        "Atgādināšu, kad datums būs zināms.",
    },
    "remind.none_left": {
        "sv": "*{name}* börjar snart; alla påminnelsetider har passerat.",
        "en": "*{name}* starts soon; every reminder time has passed.",
        "lv": "*{name}* drīz sāksies; visi atgādinājumu laiki ir pagājuši.",
    },
    "remind.begun": {
        "sv": "*{name}* har redan börjat, så det finns inget att påminna om.",
        "en": "*{name}* has already begun, so there is nothing to remind you of.",
        "lv": "Pasākums *{name}* jau ir sācies, tāpēc nav par ko atgādināt.",
    },
    "remind.unknown": {
        "sv": "Det evenemanget känner jag inte längre till; kunskapsbasen kan ha ändrats.",
        "en": "I no longer know that event; the knowledge base may have changed.",
        "lv": "Šo pasākumu vairs nezinu; zināšanu bāze, iespējams, ir mainījusies.",
    },
    "remind.stop": {
        "sv": "Sluta: `/samverka unsubscribe event: {name}`",
        "en": "To stop: `/samverka unsubscribe event: {name}`",
        "lv": "Lai atteiktos: `/samverka unsubscribe event: {name}`",
    },
    "topic.event": {"sv": "evenemang", "en": "event", "lv": "pasākums"},
    "topic.theme": {"sv": "tema", "en": "theme", "lv": "tēma"},
    "topic.place": {"sv": "plats", "en": "place", "lv": "vieta"},
    "sub.added": {
        "sv": "Du bevakar nu *{what}*. Jag skickar ett direktmeddelande när ett nytt evenemang om det "
        "läggs till.",
        "en": "You now follow *{what}*. I'll send you a direct message when a new event on it is added.",
        "lv": "Jūs tagad sekojat: *{what}*. Nosūtīšu tiešo ziņu, kad tiks pievienots jauns pasākums par to.",
    },
    "sub.already": {
        "sv": "Du bevakar redan *{what}*.",
        "en": "You already follow *{what}*.",
        "lv": "Jūs jau sekojat: *{what}*.",
    },
    "sub.known": {"sv": "Kommande just nu:", "en": "Upcoming now:", "lv": "Gaidāmie pasākumi:"},
    "sub.removed": {
        "sv": "Du bevakar inte längre *{what}*.",
        "en": "You no longer follow *{what}*.",
        "lv": "Jūs vairs nesekojat: *{what}*.",
    },
    "sub.not_following": {
        "sv": "Du bevakar inte *{what}*.",
        "en": "You don't follow *{what}*.",
        "lv": "Jūs nesekojat: *{what}*.",
    },
    "sub.ambiguous": {
        "sv": "”{text}” kan betyda {options}. Skriv vilket, t.ex. `/samverka {command} {example}`.",
        "en": "'{text}' could mean {options}. Say which, e.g. `/samverka {command} {example}`.",
        "lv": "“{text}” var nozīmēt: {options}. Norādiet, kuru, piemēram, `/samverka {command} {example}`.",
    },
    "sub.not_found": {
        "sv": "Jag känner inte till något evenemang, tema eller plats som heter ”{text}”.",
        "en": "I know no event, theme or place called '{text}'.",
        "lv": "Nezinu pasākumu, tēmu vai vietu ar nosaukumu “{text}”.",
    },
    "sub.did_you_mean": {
        "sv": "Menade du {what}?",
        "en": "Did you mean {what}?",
        "lv": "Vai domājāt {what}?",
    },
    "sub.usage": {
        "sv": "Skriv vad du vill bevaka: ett evenemang, ett tema eller en plats, t.ex. "
        "`/samverka {command} äldreomsorg` eller `/samverka {command} plats: Örebro`.",
        "en": "Say what to follow: an event, a theme or a place, e.g. "
        "`/samverka {command} elderly care` or `/samverka {command} place: Örebro`.",
        "lv": "Norādiet, kam sekot: pasākumam, tēmai vai vietai, piemēram, "
        "`/samverka {command} vieta: Rīga`.",
    },
    "sub.title": {"sv": "Dina bevakningar", "en": "Your subscriptions", "lv": "Jūsu abonementi"},
    "sub.none": {
        "sv": "Du bevakar inget ännu. Prova `/samverka subscribe äldreomsorg`, eller tryck ”Påminn mig” "
        "under ett evenemang.",
        "en": "You follow nothing yet. Try `/samverka subscribe elderly care`, or press “Remind me” under "
        "an event.",
        "lv": "Jūs vēl nekam nesekojat. Izmēģiniet `/samverka subscribe vieta: Rīga` vai nospiediet "
        "“Atgādināt man” pie pasākuma.",
    },
    "sub.reminders": {"sv": "påminnelser", "en": "reminders", "lv": "atgādinājumi"},
    "sub.news": {"sv": "nya evenemang", "en": "new events", "lv": "jauni pasākumi"},
    "sub.unsubscribe_hint": {
        "sv": "Sluta bevaka: `/samverka unsubscribe <namn>`",
        "en": "To stop one: `/samverka unsubscribe <name>`",
        "lv": "Lai atteiktos: `/samverka unsubscribe <nosaukums>`",
    },
    "cal.links": {
        "sv": "Lägg till *{name}* i din kalender:",
        "en": "Add *{name}* to your calendar:",
        "lv": "Pievienojiet *{name}* savam kalendāram:",
    },
    "cal.no_day": {
        "sv": "*{name}* har inget exakt datum ännu (bara månaden), så det finns inget att lägga i en "
        "kalender.",
        "en": "*{name}* has no exact date yet (only the month), so there is nothing to put in a calendar.",
        "lv": "Pasākumam *{name}* vēl nav precīza datuma (zināms tikai mēnesis), tāpēc to nevar pievienot "
        "kalendāram.",
    },
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
        elements.append(_button(REMIND_ME_ACTION, ui(REMIND_ME_LABEL, lang), event.id))
    if event.start.precision != "month":  # nothing to put in a calendar without a day
        elements.append(_button(ADD_TO_CALENDAR_ACTION, ui(ADD_TO_CALENDAR_LABEL, lang), event.id))
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


# ----- replies to "Remind me", subscribe, unsubscribe, subscriptions, "Add to calendar" -----------------
RemindStatus = Literal["added", "already", "no_day", "none_left", "begun", "unknown"]


def _reply(text: str, *more: dict[str, Any]) -> dict[str, Any]:
    return {"text": text, "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}, *more]}


def send_times(times: Sequence[datetime], now: datetime, tz: ZoneInfo, lang: Lang) -> str:
    """ "3 December at 09:00 and 9 December at 09:00"; a time already past is "right away"."""
    words = []
    for when in times:
        if when <= now:
            words.append(phrase("right_away", lang))
        else:
            local = when.astimezone(tz)
            words.append(
                ui("date.at_time", lang, date=format_day_month(local.date(), lang), time=f"{local:%H:%M}")
            )
    joiner = {"sv": " och ", "en": " and ", "lv": " un "}[lang]
    return ", ".join(words[:-1]) + joiner + words[-1] if len(words) > 1 else "".join(words)


def build_remind_me_reply(
    status: RemindStatus,
    name: str,
    *,
    lang: Lang,
    times: Sequence[datetime] = (),
    now: datetime,
    tz: ZoneInfo,
) -> dict[str, Any]:
    """What the person who pressed "Remind me" (or subscribed to an event) is told."""
    safe = escape(name)
    if status in ("added", "already"):
        text = phrase(f"remind.{status}", lang, name=safe, times=escape(send_times(times, now, tz, lang)))
    elif status == "unknown":
        text = phrase("remind.unknown", lang)
    else:
        text = phrase(f"remind.{status}", lang, name=safe)
    more = []
    if status in ("added", "already", "no_day", "none_left"):
        hint = phrase("remind.stop", lang, name=escape(name.replace("`", "'")))
        more.append({"type": "context", "elements": [{"type": "mrkdwn", "text": hint}]})
    return _reply(text, *more)


def topic_kind_label(kind: str, lang: Lang) -> str:
    return phrase(f"topic.{kind}", lang)


def build_subscribed_reply(
    added: bool,
    what: str,
    known: Sequence[Event],
    knowledge: Knowledge,
    *,
    lang: Lang,
    now: datetime,
    tz: ZoneInfo,
) -> dict[str, Any]:
    """A theme or place followed: confirmation, and the matching events already known (not announced)."""
    text = phrase("sub.added" if added else "sub.already", lang, what=escape(what))
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]
    if known:
        lines = [f"• {escape(e.name)} – {escape(when_phrase(e, now, tz, lang))}" for e in known[:10]]
        if len(known) > 10:
            lines.append(ui("results.more", lang, n=len(known) - 10))
        listing = phrase("sub.known", lang) + "\n" + "\n".join(lines)
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": listing[:2900]}})
    return {"text": text, "blocks": blocks}


def build_unsubscribed_reply(removed: bool, what: str, lang: Lang) -> dict[str, Any]:
    return _reply(phrase("sub.removed" if removed else "sub.not_following", lang, what=escape(what)))


def build_usage_reply(command: str, lang: Lang) -> dict[str, Any]:
    return _reply(phrase("sub.usage", lang, command=command))


def build_not_found_reply(text: str, suggestion: str | None, lang: Lang) -> dict[str, Any]:
    message = phrase("sub.not_found", lang, text=escape(text))
    if suggestion:
        message += " " + phrase("sub.did_you_mean", lang, what=escape(suggestion))
    return _reply(message)


def build_ambiguous_reply(
    text: str, options: Sequence[tuple[str, str]], command: str, lang: Lang
) -> dict[str, Any]:
    """`options`: (kind, label) pairs; the example uses the first with its kind as prefix."""
    listed = ", ".join(f"{topic_kind_label(kind, lang)} *{escape(label)}*" for kind, label in options)
    kind, label = options[0]
    example = f"{kind}: {label}".replace("`", "'")
    return _reply(
        phrase(
            "sub.ambiguous", lang, text=escape(text), options=listed, command=command, example=escape(example)
        )
    )


def subscription_lines(items: Sequence[tuple[str, str]], lang: Lang) -> list[str]:
    """`items`: (kind, label) of each subscription, oldest first."""
    lines = []
    for kind, label in items:
        what = phrase("sub.reminders" if kind == "event" else "sub.news", lang)
        lines.append(f"• {topic_kind_label(kind, lang).capitalize()}: *{escape(label)}* ({what})")
    return lines


def build_subscriptions_reply(items: Sequence[tuple[str, str]], lang: Lang) -> dict[str, Any]:
    if not items:
        return _reply(phrase("sub.none", lang))
    text = f"*{phrase('sub.title', lang)}*\n" + "\n".join(subscription_lines(items, lang)[:40])
    hint = {"type": "context", "elements": [{"type": "mrkdwn", "text": phrase("sub.unsubscribe_hint", lang)}]}
    return _reply(text[:2900], hint)


def build_subscriptions_home_section(items: Sequence[tuple[str, str]], lang: Lang) -> list[dict[str, Any]]:
    """The App Home's "Your subscriptions" blocks."""
    header = {"type": "header", "text": {"type": "plain_text", "text": phrase("sub.title", lang)}}
    body = "\n".join(subscription_lines(items, lang)[:40]) if items else phrase("sub.none", lang)
    blocks = [header, {"type": "section", "text": {"type": "mrkdwn", "text": body[:2900]}}]
    if items:
        blocks.append(
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": phrase("sub.unsubscribe_hint", lang)}],
            }
        )
    return blocks


def build_calendar_reply(event: Event, links: Sequence[tuple[str, str]], lang: Lang) -> dict[str, Any]:
    """ "Add to calendar": links that open the event in Google Calendar or Outlook, ready to save."""
    if event.start.precision == "month":
        return _reply(phrase("cal.no_day", lang, name=escape(event.name)))
    text = phrase("cal.links", lang, name=escape(event.name))
    buttons = [
        {
            "type": "button",
            "text": {"type": "plain_text", "text": label},
            "url": url,
            "action_id": f"{CALENDAR_LINK_ACTION_PREFIX}{n}",
        }
        for n, (label, url) in enumerate(links)
    ]
    return {
        "text": text,
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": text}},
            {"type": "actions", "elements": buttons},
        ],
    }
