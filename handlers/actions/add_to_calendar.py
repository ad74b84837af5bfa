""" "Add to calendar" under an event: links that open it in Google Calendar or Outlook, ready to save.

(No .ics link here: the bot does not know the public address it is served at; `GET /events.ics` and
`GET /events/<id>.ics` are there for whoever does.)"""

from __future__ import annotations

import re
from typing import Any

from bot.reminders.calendar import calendar_links
from bot.rendering.blocks import build_text_message
from bot.rendering.phrases import ui
from bot.rendering.reminder_blocks import (
    ADD_TO_CALENDAR_ACTION,
    ADD_TO_CALENDAR_BUTTON,
    CALENDAR_LINK_ACTION_PREFIX,
    build_calendar_reply,
)
from bot.runtime import Runtime
from bot.slack.middleware.failures import reported
from bot.slack.replies import runtime_of
from handlers.actions.remind_me import reply_to_click


async def add_to_calendar(  # noqa: PLR0917 (bolt passes these by name)
    ack: Any, body: dict[str, Any], action: dict[str, Any], respond: Any, context: Any, client: Any
) -> None:
    await ack()
    runtime = runtime_of(context)
    user_id = body["user"]["id"]
    lang = runtime.languages.get(user_id)
    knowledge = runtime.snapshot.knowledge
    event = knowledge.events.get(str(action.get("value") or ""))
    if event is None:
        message = build_text_message(ui("reminders.unknown", lang))
    else:
        message = build_calendar_reply(event, calendar_links(event, knowledge, lang), lang)
    await reply_to_click(body, respond, client, message)


async def link_opened(ack: Any) -> None:
    """The calendar links are URL buttons; Slack still tells us of the click, which needs no answer."""
    await ack()


def register(app: Any, runtime: Runtime) -> None:
    app.action(ADD_TO_CALENDAR_ACTION)(reported(add_to_calendar))
    app.action(re.compile(f"^{re.escape(CALENDAR_LINK_ACTION_PREFIX)}"))(link_opened)
    runtime.hooks.event_buttons.append(ADD_TO_CALENDAR_BUTTON)
