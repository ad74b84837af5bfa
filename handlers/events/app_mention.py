"""`@Samverka question` in a channel: the answer goes in a thread under the question."""

from __future__ import annotations

from typing import Any

from bot.slack.replies import answer_to_event


async def app_mention(event: dict[str, Any], context: Any, client: Any) -> None:
    await client.chat_postMessage(**answer_to_event(context, event))
