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

from bot.rendering.blocks import build_text_message
from bot.rendering.phrases import ui
from bot.slack.middleware.request_log import listener_trace, request_kind
from bot.slack.rejections import CappedLog
from bot.slack.replies import reply_place
from bot.slack.signature import VERIFIED

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


# A fault that hits every request (the database, no file descriptors left) must not write a
# traceback per request: the first few each 10 s have one, the rest are counted.
_tracebacks = CappedLog(logger, what="listener failures", level=logging.ERROR)


async def report_failure(error: BaseException, body: dict[str, Any], context: Any, client: Any) -> None:
    """Log `error` with its traceback and tell the user, privately where Slack allows it.

    Only a verified request is answered (`VERIFIED` in its context: the HTTP gate checked its
    signature, or it came over Socket Mode): an unverified body names channels, users and
    `response_url`s that nobody vouched for."""
    body = body if isinstance(body, dict) else {}
    _tracebacks.note(type(error).__name__, "a Slack listener failed (%s)", describe(body), exc_info=error)
    if context is None or not context.get(VERIFIED):
        logger.warning("not telling anyone about the failure: the request was not verified")
        return
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
    except Exception as exc:
        logger.warning("could not tell the asker that answering failed (%s)", type(exc).__name__)


def user_of(body: dict[str, Any]) -> str | None:
    event = body.get("event")
    user = body.get("user_id") or body.get("user") or (event.get("user") if isinstance(event, dict) else None)
    user = user.get("id") if isinstance(user, dict) else user
    return user if isinstance(user, str) and user else None


def describe(body: dict[str, Any]) -> str:
    """Which request failed, without any message text (questions stay out of error logs)."""
    kind, _channel_type, slack_id = request_kind(body)
    return f"{kind} {slack_id}" if slack_id else kind
