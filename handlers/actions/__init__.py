"""Button listeners: "Show more" and "Share in channel" under answers."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.rendering.blocks import ACTION_SHARE, ACTION_SHOW_MORE
from bot.rendering.feedback import FEEDBACK_ACTIONS
from bot.runtime import Runtime
from bot.slack.middleware.failures import reported

from . import add_to_calendar, remind_me
from .feedback import feedback
from .share import share
from .show_more import show_more


def register(app: AsyncApp, runtime: Runtime) -> None:
    app.action(ACTION_SHOW_MORE)(reported(show_more))
    app.action(ACTION_SHARE)(reported(share))
    remind_me.register(app, runtime)
    add_to_calendar.register(app, runtime)
    for action_id in FEEDBACK_ACTIONS:  # 👍/👎 under every answer
        app.action(action_id)(reported(feedback))
