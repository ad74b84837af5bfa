"""`@Samverka question` in a channel: the answer goes in a thread under the question."""

from __future__ import annotations

from typing import Any

from bot.slack.replies import answer_message, conversation_of, reply_place, runtime_of, services_of
from bot.understanding.slack_text import question_from_slack


async def app_mention(event: dict[str, Any], context: Any, client: Any) -> None:
    runtime = runtime_of(context)
    question = question_from_slack(event.get("text", ""), bot_user_id=context.get("bot_user_id"))
    message = answer_message(
        runtime, services_of(context), question, event["user"], conversation=conversation_of(event)
    )
    await client.chat_postMessage(**reply_place(event), unfurl_links=False, **message)
