"""Calendar files: the feed, one event, month-only events left out, the add-to-calendar links, and the
two HTTP routes served by the real aiohttp app."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

import aiohttp
import pytest
from icalendar import Calendar

from bot.config import load_settings
from bot.reminders.calendar import (
    NotInCalendar,
    build_event_calendar,
    build_feed,
    calendar_events,
    calendar_links,
)
from bot.runtime import Runtime
from handlers.routes import calendar as calendar_routes
from tests.reminder_fixtures import event, knowledge

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
TODAY = date(2026, 11, 23)

ALL_DAY = event("summit", date(2026, 12, 10), date(2026, 12, 11), link="https://example.org/summit")
TIMED = event(
    "workshop",
    datetime(2026, 12, 12, 9, 0, tzinfo=STOCKHOLM),
    datetime(2026, 12, 12, 16, 0, tzinfo=STOCKHOLM),
    digital=True,
    place=None,
)
OPEN_END = event("talk", datetime(2026, 12, 14, 13, 0, tzinfo=STOCKHOLM), date(2026, 12, 14))
MONTH_ONLY = event("sometime", "2027-03")
PAST = event("old", date(2020, 11, 10))
K = knowledge(ALL_DAY, TIMED, OPEN_END, MONTH_ONLY, PAST)


def vevents(ics: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(ics)
    return {str(c["UID"]): c for c in calendar.walk("VEVENT")}


def test_feed_holds_upcoming_events_with_a_day_and_leaves_out_month_only_ones() -> None:
    listed = calendar_events(K, TODAY)
    assert [e.id for e in listed] == ["summit", "workshop", "talk"]
    entries = vevents(build_feed(listed, K, now=NOW))
    assert set(entries) == {"summit@samverka", "workshop@samverka", "talk@samverka"}


def test_all_day_events_end_the_day_after_their_last_day() -> None:
    entry = vevents(build_event_calendar(ALL_DAY, K, now=NOW))["summit@samverka"]
    assert entry.decoded("DTSTART") == date(2026, 12, 10)
    assert entry.decoded("DTEND") == date(2026, 12, 12)
    assert str(entry["LOCATION"]) == "Örebro"
    assert str(entry["URL"]) == "https://example.org/summit"
    assert "Test Organiser" in str(entry["DESCRIPTION"])


def test_timed_events_are_in_utc_and_an_unknown_end_is_left_out() -> None:
    workshop = vevents(build_event_calendar(TIMED, K, now=NOW))["workshop@samverka"]
    assert workshop.decoded("DTSTART") == datetime(2026, 12, 12, 8, 0, tzinfo=UTC)
    assert workshop.decoded("DTEND") == datetime(2026, 12, 12, 15, 0, tzinfo=UTC)
    assert str(workshop["LOCATION"]) == "online"
    talk = vevents(build_event_calendar(OPEN_END, K, now=NOW))["talk@samverka"]
    assert talk.decoded("DTSTART") == datetime(2026, 12, 14, 12, 0, tzinfo=UTC)
    assert "DTEND" not in talk


def test_a_month_only_event_cannot_be_put_in_a_calendar() -> None:
    with pytest.raises(NotInCalendar):
        build_event_calendar(MONTH_ONLY, K, now=NOW)
    assert calendar_links(MONTH_ONLY, K) == []


def test_descriptions_follow_the_requested_language_and_fall_back() -> None:
    entry = vevents(build_event_calendar(ALL_DAY, K, now=NOW, lang="sv"))["summit@samverka"]
    assert "Arrangör: Test Organiser" in str(entry["DESCRIPTION"])
    assert "Synthetic event summit" in str(entry["DESCRIPTION"])  # only English exists: never invented


def test_calendar_links_open_google_and_outlook_with_the_event() -> None:
    (google_label, google), (outlook_label, outlook) = calendar_links(ALL_DAY, K)
    assert (google_label, outlook_label) == ("Google Calendar", "Outlook")
    g = parse_qs(urlparse(google).query)
    assert g["text"] == ["Event summit"]
    assert g["dates"] == ["20261210/20261212"]
    o = parse_qs(urlparse(outlook).query)
    assert (o["startdt"], o["enddt"], o["allday"]) == (["2026-12-10"], ["2026-12-12"], ["true"])
    timed = parse_qs(urlparse(calendar_links(TIMED, K)[0][1]).query)
    assert timed["dates"] == ["20261212T080000Z/20261212T150000Z"]


def test_http_routes_serve_the_feed_and_single_events(tmp_path: Path) -> None:
    from aiohttp import web

    settings = load_settings(_env_file=None)
    runtime = Runtime(
        settings, K, knowledge_dir=tmp_path, now=lambda: NOW, matcher_factory=lambda k: object()
    )
    calendar_routes.register(None, runtime)
    app = web.Application()
    for method, path, handler in runtime.hooks.http_routes:
        app.router.add_route(method, path, handler)

    async def fetch_all() -> dict[str, tuple[int, str, str]]:
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        results = {}
        try:
            async with aiohttp.ClientSession() as session:
                for path in ("/events.ics", "/events/summit.ics", "/events/sometime.ics", "/events/nope.ics"):
                    async with session.get(f"http://127.0.0.1:{port}{path}?lang=sv") as response:
                        results[path] = (response.status, response.content_type, await response.text())
        finally:
            await runner.cleanup()
        return results

    results = asyncio.run(fetch_all())
    status, content_type, body = results["/events.ics"]
    assert (status, content_type) == (200, "text/calendar")
    assert set(vevents(body.encode())) == {"summit@samverka", "workshop@samverka", "talk@samverka"}
    status, _, body = results["/events/summit.ics"]
    assert status == 200
    assert set(vevents(body.encode())) == {"summit@samverka"}
    assert "Arrangör" in body  # ?lang=sv
    assert results["/events/sometime.ics"][0] == 404
    assert "only the month" in results["/events/sometime.ics"][2]
    assert results["/events/nope.ics"][0] == 404
