"""A direct message to Samverka: the answer in the same conversation."""

from __future__ import annotations

from typing import Any

from bot.slack.replies import answer_to_event


async def direct_message(event: dict[str, Any], context: Any, client: Any) -> None:
    await client.chat_postMessage(**answer_to_event(context, event))


async def ignore_other_messages() -> None:
    """Acknowledged and dropped, so Slack does not retry an event we chose not to answer."""
