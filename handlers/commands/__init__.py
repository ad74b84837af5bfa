"""Slash command listeners: `/samverka`."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.runtime import Runtime
from bot.slack.middleware.failures import reported
from bot.slack.services import Services

from . import subscriptions
from .samverka import samverka


def register(app: AsyncApp, runtime: Runtime, services: Services) -> None:
    app.command("/samverka")(reported(samverka))
    subscriptions.register(app, runtime, services)
