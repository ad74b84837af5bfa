"""Slack listeners, one small module per listener, one package per kind (as in Slack's Bolt starter
template). Each package's `register(app, runtime)` wires its listeners; a feature adds its own
module to the right package and one line to that package's `register`.

Listeners stay thin: parse the payload, call `bot`, render with `bot.rendering.blocks`, send.
They do not catch exceptions: register each through `bot.slack.middleware.failures.reported`, which logs the
traceback and tells the user something went wrong.
"""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.runtime import Runtime
from bot.slack.services import Services

from . import actions, commands, events, routes, views


def register(app: AsyncApp, runtime: Runtime, services: Services) -> None:
    events.register(app, runtime)
    commands.register(app, runtime, services)
    actions.register(app, runtime)
    views.register(app, runtime, services)
    routes.register(app, runtime)  # GET /events.ics in HTTP mode
