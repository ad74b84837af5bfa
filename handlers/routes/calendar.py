"""HTTP mode's calendar files: GET /events.ics (every event not yet over) and GET /events/<id>.ics.

`?lang=sv|en|lv` picks the language of descriptions and places (default English). Events known only
to the month are not in calendars (see `bot.reminders.calendar`)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.knowledge.model import LANGS, Lang
from bot.reminders.calendar import NotInCalendar, build_event_calendar, build_feed, calendar_events
from bot.runtime import Runtime

CONTENT_TYPE = "text/calendar"


def _lang(request: web.Request) -> Lang:
    value = request.query.get("lang", "en")
    return value if value in LANGS else "en"  # type: ignore[return-value]


def register(app: Any, runtime: Runtime) -> None:
    async def feed(request: web.Request) -> web.Response:
        knowledge = runtime.snapshot.knowledge
        body = build_feed(
            calendar_events(knowledge, runtime.today()), knowledge, now=runtime.now(), lang=_lang(request)
        )
        return web.Response(
            body=body, content_type=CONTENT_TYPE, charset="utf-8", headers={"Cache-Control": "max-age=300"}
        )

    async def one(request: web.Request) -> web.Response:
        knowledge = runtime.snapshot.knowledge
        event = knowledge.events.get(request.match_info["event_id"])
        if event is None:
            return web.Response(status=404, text="no such event\n")
        try:
            body = build_event_calendar(event, knowledge, now=runtime.now(), lang=_lang(request))
        except NotInCalendar:
            return web.Response(
                status=404, text="only the month of this event is known: nothing to put in a calendar\n"
            )
        return web.Response(
            body=body,
            content_type=CONTENT_TYPE,
            charset="utf-8",
            headers={"Content-Disposition": f'attachment; filename="{event.id}.ics"'},
        )

    runtime.hooks.add_route("GET", "/events.ics", feed)
    runtime.hooks.add_route("GET", "/events/{event_id}.ics", one)
