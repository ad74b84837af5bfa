""" "Show more" under an answer: the same question answered again with a longer list, in place."""

from __future__ import annotations

from typing import Any

from bot.rendering.blocks import decode_ref
from bot.slack.replies import answer_message, runtime_of, services_of


async def show_more(
    ack: Any, body: dict[str, Any], action: dict[str, Any], respond: Any, context: Any
) -> None:
    await ack()
    ref = decode_ref(action["value"])
    ephemeral = bool(body.get("container", {}).get("is_ephemeral"))
    message = answer_message(
        runtime_of(context),
        services_of(context),
        ref.question,
        body["user"]["id"],
        shown=ref.shown,
        share_button=ephemeral,  # still only the asker's: keep the Share button
        shared_by=ref.shared_by,
        context=ref.context,
    )
    await respond(replace_original=True, **message)
