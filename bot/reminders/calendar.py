"""Events as iCalendar, for Outlook, Google Calendar and any calendar that subscribes to a URL.

Served in HTTP mode as `GET /events.ics` (every event not yet over) and `GET /events/<id>.ics` (one).
Decision on vague dates: an event known only to the month ("March 2018") is left out. An all-day
entry spanning the whole month would sit in officials' calendars as a month-long event that nobody
holds on those days; the feed only carries what a calendar can show truthfully. Such an event's
own URL answers 404 with that reason.

Times are written in UTC (every client converts; no VTIMEZONE needed). A day-precision event is an
all-day entry (DTEND is the day after its last day, as RFC 5545 wants); a start time without an end
time gets no DTEND rather than an invented duration.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from bot.knowledge.model import Event, Knowledge, Lang
from bot.knowledge.upcoming import upcoming_events
from bot.rendering.freshness import describe_source
from bot.rendering.phrases import event_place, ui

PRODID = "-//Samverka//Samverka events//EN"
UID_DOMAIN = "samverka"


class NotInCalendar(Exception):
    """The event has no day a calendar could show (known only to the month)."""


def calendar_events(knowledge: Knowledge, today: date) -> list[Event]:
    """What the feed carries: events not yet over, with a known day."""
    return [e for e in upcoming_events(knowledge, today) if e.start.precision != "month"]


def _vevent(event: Event, knowledge: Knowledge, stamp: datetime, lang: Lang) -> CalendarEvent:
    if event.start.precision == "month":
        raise NotInCalendar(f"{event.id}: only the month is known")
    entry = CalendarEvent()
    entry.add("uid", f"{event.id}@{UID_DOMAIN}")
    entry.add("dtstamp", stamp.astimezone(UTC))
    entry.add("summary", event.name)
    begin, end = _span(event)
    entry.add("dtstart", begin)
    if end is not None:
        entry.add("dtend", end)
    where = event_place(event, knowledge, lang)
    if where:
        entry.add("location", where)
    if event.link:
        entry.add("url", event.link)
    lines = [event.description.get(lang)]
    organiser = knowledge.organisations.get(event.organiser or "")
    if organiser is not None:
        lines.append(f"{ui('field.organiser', lang)}: {organiser.name}")
    if event.link:
        lines.append(event.link)
    label = ui("field.source", lang)
    lines.extend(f"{label}: {describe_source(source, lang)}" for source in knowledge.sources_of(event))
    entry.add("description", "\n\n".join(line for line in lines if line))
    return entry


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def build_feed(events: Iterable[Event], knowledge: Knowledge, *, now: datetime, lang: Lang = "en") -> bytes:
    """One calendar with every given event that has a day (month-only events are skipped)."""
    calendar = _calendar("Samverka")
    for event in events:
        if event.start.precision != "month":
            calendar.add_component(_vevent(event, knowledge, now, lang))
    return calendar.to_ical()


def build_event_calendar(event: Event, knowledge: Knowledge, *, now: datetime, lang: Lang = "en") -> bytes:
    """A calendar holding one event; `NotInCalendar` when only its month is known."""
    calendar = _calendar(event.name)
    calendar.add_component(_vevent(event, knowledge, now, lang))
    return calendar.to_ical()


def _span(event: Event) -> tuple[date | datetime, date | datetime | None]:
    """(start, end) as a calendar wants them: all-day end is exclusive; a datetime end may be unknown."""
    start, end = event.start, event.end
    if start.precision == "datetime" and isinstance(start.value, datetime):
        stop = end.value if end.precision == "datetime" and isinstance(end.value, datetime) else None
        return start.value.astimezone(UTC), stop.astimezone(UTC) if stop and stop > start.value else None
    last = max(end.day, start.day) if end.precision != "month" else start.day
    return start.day, last + timedelta(days=1)


def calendar_links(event: Event, knowledge: Knowledge, lang: Lang = "en") -> list[tuple[str, str]]:
    """("Google Calendar", url), ("Outlook", url): open the event ready to save; empty without a day."""
    if event.start.precision == "month":
        return []
    begin, end = _span(event)
    where = event_place(event, knowledge, lang)
    details = "\n\n".join(x for x in (event.description.get(lang), event.link) if x)[:1500]
    if isinstance(begin, datetime):
        stop = end if isinstance(end, datetime) else begin
        google_dates = f"{begin:%Y%m%dT%H%M%SZ}/{stop:%Y%m%dT%H%M%SZ}"
        outlook = {"startdt": f"{begin:%Y-%m-%dT%H:%M:%SZ}", "enddt": f"{stop:%Y-%m-%dT%H:%M:%SZ}"}
    else:
        google_dates = f"{begin:%Y%m%d}/{end:%Y%m%d}"
        outlook = {"startdt": begin.isoformat(), "enddt": end.isoformat() if end else begin.isoformat()}
        outlook["allday"] = "true"
    google = "https://calendar.google.com/calendar/render?" + urlencode(
        {
            "action": "TEMPLATE",
            "text": event.name,
            "dates": google_dates,
            "details": details,
            "location": where,
        }
    )
    office = "https://outlook.office.com/calendar/0/deeplink/compose?" + urlencode(
        {
            "path": "/calendar/action/compose",
            "rru": "addevent",
            "subject": event.name,
            **outlook,
            "body": details,
            "location": where,
        }
    )
    return [("Google Calendar", google), ("Outlook", office)]
