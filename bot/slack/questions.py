"""Which Slack events are a person's question to the bot: the listeners answer them and the per-person
limit counts them, so both read the same rule here."""

from __future__ import annotations

from typing import Any


async def is_question_mention(event: dict[str, Any]) -> bool:
    """A person's new mention in a channel; not a bot, not an edit, not in a DM (answered there)."""
    return (
        not event.get("bot_id")
        and not event.get("subtype")
        and "edited" not in event
        and bool(event.get("user"))
        and not str(event.get("channel", "")).startswith("D")
    )


async def is_direct_question(event: dict[str, Any]) -> bool:
    """A person's new message in the bot's DM: not a bot, not an edit or deletion (subtypes)."""
    return (
        event.get("channel_type") == "im"
        and not event.get("subtype")
        and not event.get("bot_id")
        and bool(event.get("user"))
    )
