"""What reminders, announcements and subscription replies say, in Swedish, English and Latvian.

Pure builders (data in, Block Kit dicts out) so every message is tested without Slack. Dates are
written the way a reader thinks of a near event: "tomorrow, 10 November, 09:00–16:00", in
BOT_TIMEZONE. Every word comes from the one phrase table, `bot.rendering.phrases`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from bot.knowledge.model import Event, Knowledge, Lang
from bot.rendering.blocks import EventButton, event_actions
from bot.rendering.phrases import event_place, format_date, format_day_month, ui
from bot.understanding.slack_text import escape, link

REMIND_ME_ACTION = "remind_me"
ADD_TO_CALENDAR_ACTION = "add_to_calendar"
CALENDAR_LINK_ACTION_PREFIX = "calendar_link_"
# Registered in runtime.hooks.event_buttons by their handlers; reminders show the same pair.
REMIND_ME_BUTTON = EventButton(REMIND_ME_ACTION, "reminders.remind_me")
ADD_TO_CALENDAR_BUTTON = EventButton(ADD_TO_CALENDAR_ACTION, "reminders.add_to_calendar", needs_day=True)
RELATIVE_DAYS_LIMIT = 13  # beyond two weeks "in 20 days" helps less than the date itself


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
        parts.append(ui("reminders.today", lang))
    elif ahead == 1:
        parts.append(ui("reminders.tomorrow", lang))
    elif 1 < ahead <= RELATIVE_DAYS_LIMIT:
        parts.append(ui("reminders.in_days", lang, n=ahead))
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


def event_summary(
    event: Event, knowledge: Knowledge, lang: Lang, now: datetime, tz: ZoneInfo, *, title: str | None = None
) -> list[str]:
    """The event's lines as mrkdwn: title (the name unless given), when, where, organiser, link."""
    lines = [f"*{escape(title or event.name)}*", escape(when_phrase(event, now, tz, lang))]
    where = event_place(event, knowledge, lang)
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
    title = ui("reminders.title", lang, name=event.name)
    lines = event_summary(event, knowledge, lang, now, tz, title=title)
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)}}]
    notes = []
    if late:
        notes.append(ui("reminders.late", lang))
    if personal:
        notes.append(ui("reminders.personal", lang))
    if notes:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": escape(" ".join(notes))}]})
    buttons = (ADD_TO_CALENDAR_BUTTON,) if personal else (REMIND_ME_BUTTON, ADD_TO_CALENDAR_BUTTON)
    blocks += event_actions(event, buttons, lang, now.astimezone(tz).date())
    where = event_place(event, knowledge, lang)
    text = f"{title} – {when_phrase(event, now, tz, lang)}" + (f" – {where}" if where else "")
    return {"text": escape(text), "blocks": blocks}


def build_announcement(
    event: Event, knowledge: Knowledge, *, what: str, lang: Lang, now: datetime, tz: ZoneInfo
) -> dict[str, Any]:
    """A DM telling a subscriber about a new event that matches their theme or place."""
    intro = ui("subscriptions.announce", lang, what=what)
    lines = event_summary(event, knowledge, lang, now, tz)
    blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": escape(intro) + "\n" + "\n".join(lines)}},
        *event_actions(event, (REMIND_ME_BUTTON, ADD_TO_CALENDAR_BUTTON), lang, now.astimezone(tz).date()),
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
            words.append(ui("reminders.right_away", lang))
        else:
            local = when.astimezone(tz)
            words.append(
                ui("date.at_time", lang, date=format_day_month(local.date(), lang), time=f"{local:%H:%M}")
            )
    joiner = f" {ui('list.and', lang)} "
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
        text = ui(f"reminders.{status}", lang, name=safe, times=escape(send_times(times, now, tz, lang)))
    elif status == "unknown":
        text = ui("reminders.unknown", lang)
    else:
        text = ui(f"reminders.{status}", lang, name=safe)
    more = []
    if status in ("added", "already", "no_day", "none_left"):
        hint = ui("reminders.stop", lang, name=escape(name.replace("`", "'")))
        more.append({"type": "context", "elements": [{"type": "mrkdwn", "text": hint}]})
    return _reply(text, *more)


def topic_kind_label(kind: str, lang: Lang) -> str:
    return ui(f"subscriptions.topic.{kind}", lang)


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
    text = ui("subscriptions.added" if added else "subscriptions.already", lang, what=escape(what))
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]
    if known:
        lines = [f"• {escape(e.name)} – {escape(when_phrase(e, now, tz, lang))}" for e in known[:10]]
        if len(known) > 10:
            lines.append(ui("results.more", lang, n=len(known) - 10))
        listing = ui("subscriptions.known", lang) + "\n" + "\n".join(lines)
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": listing[:2900]}})
    return {"text": text, "blocks": blocks}


def build_unsubscribed_reply(removed: bool, what: str, lang: Lang) -> dict[str, Any]:
    return _reply(
        ui("subscriptions.removed" if removed else "subscriptions.not_following", lang, what=escape(what))
    )


def build_usage_reply(command: str, lang: Lang) -> dict[str, Any]:
    return _reply(ui("subscriptions.usage", lang, command=command))


def build_not_found_reply(text: str, suggestion: str | None, lang: Lang) -> dict[str, Any]:
    message = ui("subscriptions.not_found", lang, text=escape(text))
    if suggestion:
        message += " " + ui("subscriptions.did_you_mean", lang, what=escape(suggestion))
    return _reply(message)


def build_ambiguous_reply(
    text: str, options: Sequence[tuple[str, str]], command: str, lang: Lang
) -> dict[str, Any]:
    """`options`: (kind, label) pairs; the example uses the first with its kind as prefix."""
    listed = ", ".join(f"{topic_kind_label(kind, lang)} *{escape(label)}*" for kind, label in options)
    kind, label = options[0]
    example = f"{kind}: {label}".replace("`", "'")
    return _reply(
        ui(
            "subscriptions.ambiguous",
            lang,
            text=escape(text),
            options=listed,
            command=command,
            example=escape(example),
        )
    )


def subscription_lines(items: Sequence[tuple[str, str]], lang: Lang) -> list[str]:
    """`items`: (kind, label) of each subscription, oldest first."""
    lines = []
    for kind, label in items:
        what = ui("subscriptions.reminders" if kind == "event" else "subscriptions.news", lang)
        lines.append(f"• {topic_kind_label(kind, lang).capitalize()}: *{escape(label)}* ({what})")
    return lines


def build_subscriptions_reply(items: Sequence[tuple[str, str]], lang: Lang) -> dict[str, Any]:
    if not items:
        return _reply(ui("subscriptions.none", lang))
    text = f"*{ui('subscriptions.title', lang)}*\n" + "\n".join(subscription_lines(items, lang)[:40])
    hint = {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": ui("subscriptions.unsubscribe_hint", lang)}],
    }
    return _reply(text[:2900], hint)


def build_subscriptions_home_section(items: Sequence[tuple[str, str]], lang: Lang) -> list[dict[str, Any]]:
    """The App Home's "Your subscriptions" blocks."""
    header = {"type": "header", "text": {"type": "plain_text", "text": ui("subscriptions.title", lang)}}
    body = "\n".join(subscription_lines(items, lang)[:40]) if items else ui("subscriptions.none", lang)
    blocks = [header, {"type": "section", "text": {"type": "mrkdwn", "text": body[:2900]}}]
    if items:
        blocks.append(
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": ui("subscriptions.unsubscribe_hint", lang)}],
            }
        )
    return blocks


def build_calendar_reply(event: Event, links: Sequence[tuple[str, str]], lang: Lang) -> dict[str, Any]:
    """ "Add to calendar": links that open the event in Google Calendar or Outlook, ready to save."""
    if event.start.precision == "month":
        return _reply(ui("calendar.no_day", lang, name=escape(event.name)))
    text = ui("calendar.links", lang, name=escape(event.name))
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
