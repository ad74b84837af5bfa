""" "Share in channel" under an ephemeral answer: post it for everyone, then remove the private copy.

Posting goes through the click's response_url, so it works wherever the slash command did, even in
channels the bot is not a member of."""

from __future__ import annotations

from typing import Any

from bot.rendering.blocks import decode_ref
from bot.slack.replies import answer_message, runtime_of, services_of


async def share(ack: Any, body: dict[str, Any], action: dict[str, Any], respond: Any, context: Any) -> None:
    await ack()
    ref = decode_ref(action["value"])
    user_id = body["user"]["id"]
    message = answer_message(
        runtime_of(context),
        services_of(context),
        ref.question,
        user_id,
        shown=ref.shown,
        shared_by=user_id,
        context=ref.context,
    )
    await respond(response_type="in_channel", replace_original=False, **message)
    await respond(delete_original=True)
