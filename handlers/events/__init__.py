"""Event listeners: mentions in channels, direct messages, the App Home tab."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.runtime import Runtime
from bot.slack.middleware.failures import reported
from bot.slack.questions import is_direct_question, is_question_mention

from .app_home_opened import app_home_opened
from .app_mention import app_mention
from .direct_message import direct_message, ignore_other_messages


def register(app: AsyncApp, runtime: Runtime) -> None:
    app.event("app_mention", matchers=[is_question_mention])(reported(app_mention))
    app.event("app_mention")(ignore_other_messages)
    app.event("message", matchers=[is_direct_question])(reported(direct_message))
    # Every other message event (edits, deletions, bots, our own posts) is acknowledged and dropped.
    app.event("message")(ignore_other_messages)
    app.event("app_home_opened")(reported(app_home_opened))
