"""View listeners (modal submissions). Samverka opens no modals yet; the App Home view is drawn by
the `app_home_opened` event (handlers/events). Register `app.view(...)` listeners here."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.runtime import Runtime
from bot.slack.services import Services

from . import home_subscriptions


def register(app: AsyncApp, runtime: Runtime, services: Services) -> None:
    home_subscriptions.register(app, runtime, services)  # App Home's "Your subscriptions" section
