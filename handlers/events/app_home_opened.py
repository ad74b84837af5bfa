"""The App Home tab: drawn fresh each time a user opens it."""

from __future__ import annotations

from typing import Any

from bot.slack.replies import publish_home, runtime_of


async def app_home_opened(event: dict[str, Any], context: Any, client: Any) -> None:
    if event.get("tab", "home") != "home":
        return  # the Messages tab needs nothing from us
    await publish_home(client, runtime_of(context), event["user"])
