""" "Remind me" under an event (in answers, App Home, a reminder): follow the event, so its reminders
come as direct messages at the event's own offsets. The reply says when."""

from __future__ import annotations

from typing import Any

from bot.rendering.reminder_blocks import REMIND_ME_ACTION, REMIND_ME_BUTTON, build_remind_me_reply
from bot.runtime import Runtime
from bot.slack.middleware.failures import reported
from bot.slack.replies import publish_home, runtime_of, services_of


async def reply_to_click(body: dict[str, Any], respond: Any, client: Any, message: dict[str, Any]) -> None:
    """Only the clicker sees the reply: ephemeral under a message; a DM for a click in App Home
    (a view has no response_url to answer through)."""
    if body.get("response_url"):
        await respond(response_type="ephemeral", replace_original=False, **message)
    else:
        await client.chat_postMessage(channel=body["user"]["id"], **message)


async def remind_me(  # noqa: PLR0917 (bolt passes these by name)
    ack: Any, body: dict[str, Any], action: dict[str, Any], respond: Any, context: Any, client: Any
) -> None:
    await ack()
    runtime = runtime_of(context)
    user_id = body["user"]["id"]
    lang = runtime.languages.get(user_id)
    result = await services_of(context).reminders.remind_me(user_id, str(action.get("value") or ""), lang)
    name = result.event.name if result.event else ""
    message = build_remind_me_reply(
        result.status, name, lang=lang, times=result.times, now=runtime.now(), tz=runtime.settings.timezone
    )
    await reply_to_click(body, respond, client, message)
    if (body.get("view") or {}).get("type") == "home":
        await publish_home(client, runtime, user_id)  # the subscriptions section changed


def register(app: Any, runtime: Runtime) -> None:
    app.action(REMIND_ME_ACTION)(reported(remind_me))
    runtime.hooks.event_buttons.append(REMIND_ME_BUTTON)
