"""What happens when a listener fails: the traceback goes to the log, the person who asked is told.

Every listener is registered through `reported(...)`. bolt's own error path cannot be used for
listeners that have already acknowledged: after such a failure it resets the acknowledgement, so the
request waits 3 s and answers Slack with an error (a race in slack_bolt 1.30's asyncio runner). The
wrapper handles the failure itself and returns normally, so the ack stands.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.phrases import ui
from bot.rendering_blocks import build_text_message
from handlers.replies import reply_place
from handlers.request_log import listener_trace

logger = logging.getLogger("bot.slack")

# The bolt arguments a listener may ask for (by parameter name) when registered through `reported`.
_ARGUMENTS = (
    "ack",
    "body",
    "payload",
    "event",
    "command",
    "action",
    "view",
    "context",
    "client",
    "respond",
    "say",
)

Listener = Callable[..., Awaitable[None]]


def reported(listener: Listener) -> Listener:
    """`listener`, with any exception logged (with traceback) and reported to the user."""
    wanted = inspect.getfullargspec(listener).args
    unknown = sorted(set(wanted) - set(_ARGUMENTS))
    if unknown:
        raise TypeError(f"{listener.__name__} asks for unsupported bolt arguments: {', '.join(unknown)}")

    # bolt injects only parameters it sees in `getfullargspec(...).args`, so these cannot be
    # keyword-only; it passes them by name.
    async def run_reported(  # noqa: PLR0917
        ack: Any,
        body: Any,
        payload: Any,
        event: Any,
        command: Any,
        action: Any,
        view: Any,
        context: Any,
        client: Any,
        respond: Any,
        say: Any,
    ) -> None:
        given = {
            "ack": ack, "body": body, "payload": payload, "event": event, "command": command,
            "action": action, "view": view, "context": context, "client": client, "respond": respond,
            "say": say,
        }  # fmt: skip
        trace = listener_trace(listener.__name__)  # the request's log line, written when this ends
        try:
            await listener(**{name: given[name] for name in wanted})
        except Exception as error:
            trace.finish("error")
            if ack is not None and getattr(ack, "response", None) is None:
                await ack()  # so Slack does not add its own "did not respond" error
            await report_failure(error, body, context, client)
        finally:
            trace.finish()

    run_reported.__name__ = listener.__name__
    run_reported.__qualname__ = listener.__qualname__
    run_reported.__doc__ = listener.__doc__
    return run_reported


async def report_failure(error: BaseException, body: dict[str, Any], context: Any, client: Any) -> None:
    """Log `error` with its traceback and tell the user, privately where Slack allows it."""
    logger.error("a Slack listener failed (%s)", describe(body), exc_info=error)
    user_id = user_of(body)
    runtime = context.get("runtime") if context is not None else None
    lang = runtime.languages.get(user_id) if runtime is not None else "en"
    message = build_text_message(ui("slack.error", lang))
    try:
        if body.get("response_url"):  # slash commands and buttons: only the person who asked sees it
            await context.respond(response_type="ephemeral", replace_original=False, **message)
        elif body.get("type") == "event_callback" and user_id and body.get("event", {}).get("channel"):
            await client.chat_postMessage(**reply_place(body["event"]), **message)
        elif body.get("type") == "block_actions" and user_id:  # a click in App Home: no response_url
            await client.chat_postMessage(channel=user_id, **message)
    except Exception:
        logger.exception("could not tell %s that answering failed", user_id)


def user_of(body: dict[str, Any]) -> str | None:
    user = body.get("user_id") or body.get("user") or body.get("event", {}).get("user")
    return user.get("id") if isinstance(user, dict) else user


def describe(body: dict[str, Any]) -> str:
    """Which request failed, without any message text (questions stay out of error logs)."""
    if body.get("command"):
        return f"command {body['command']}"
    if body.get("type") == "event_callback":
        return f"event {body.get('event', {}).get('type')} {body.get('event_id')}"
    actions = body.get("actions") or [{}]
    return f"{body.get('type')} {actions[0].get('action_id', '')}".strip()
