"""HTTP routes besides Slack's: the calendar feeds (GET /events.ics) in HTTP mode."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.runtime import Runtime

from . import calendar


def register(app: AsyncApp, runtime: Runtime) -> None:
    calendar.register(app, runtime)
