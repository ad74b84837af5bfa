"""The Slack app: a bolt `AsyncApp` wired to a `Runtime`, the same in Socket Mode and HTTP mode.

`create_app(runtime)` builds the Web API client (every call goes to `SLACK_API_URL`), puts the
runtime into each request's context, drops Slack's retries of events already taken, and registers
the listeners in `handlers/`. A listener that raises is logged with its traceback and the user is
told something went wrong (`bot.slack.middleware.failures`); nothing is swallowed.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

import handlers
from bot.runtime import Runtime
from bot.slack.client import build_web_client
from bot.slack.middleware import payload_guard, request_log, slow_down
from bot.slack.middleware.failures import report_failure
from bot.slack.services import Services
from bot.slack.shared_state import first_time

logger = logging.getLogger("bot.slack")


class _DropTokenWarning(logging.Filter):
    """bolt reads SLACK_BOT_TOKEN from the environment on its own and warns that our client (which
    holds the same token plus SLACK_API_URL) wins; that is intended, so the warning is noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


logger.addFilter(_DropTokenWarning())


def create_app(
    runtime: Runtime, services: Services, *, client: AsyncWebClient | None = None, socket_mode: bool = False
) -> AsyncApp:
    """The bolt app for `runtime` and its `services`; `socket_mode` turns off HTTP signature checks
    (nothing to sign)."""
    settings = runtime.settings
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    app = AsyncApp(
        name="samverka",
        logger=logger,
        client=client or build_web_client(settings),
        signing_secret=secret,
        request_verification_enabled=not socket_mode,
    )
    request_log.register(app)  # one log line per request, timed from the start of dispatch
    payload_guard.register(app, runtime)  # malformed payloads: one line, no listener runs
    app.use(_attach(runtime, services))
    app.use(_skip_repeated_events(runtime))
    slow_down.register(app, runtime, services.question_counts)  # per-person limit (RATE_LIMIT_PER_MINUTE)
    app.error(_report_error)
    handlers.register(app, runtime, services)
    return app


Next = Callable[[], Awaitable[BoltResponse | None]]


def _attach(runtime: Runtime, services: Services) -> Callable[..., Awaitable[Any]]:
    """Every listener finds the runtime and the services in bolt's context (`bot.slack.replies`)."""

    async def attach(context: Any, next: Next) -> Any:
        context["runtime"] = runtime
        context["services"] = services
        return await next()

    return attach


def _skip_repeated_events(runtime: Runtime) -> Callable[..., Awaitable[Any]]:
    """Acknowledge, but do not handle again, an event id this process has already taken."""

    async def skip_repeated_events(body: dict[str, Any], request: AsyncBoltRequest, next: Next) -> Any:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        # Over HTTP a first delivery carries no retry header: it cannot be a repeat anywhere, so its
        # claim is shared in the background; a retry, or any Socket Mode event, waits for the answer.
        signed_first = "x-slack-signature" in request.headers and "x-slack-retry-num" not in request.headers
        if event_id and not await first_time(runtime.seen_events, str(event_id), wait=not signed_first):
            retry = (request.headers.get("x-slack-retry-num") or ["?"])[0]
            reason = (request.headers.get("x-slack-retry-reason") or ["?"])[0]
            logger.info("event %s already taken; retry %s (%s) acknowledged only", event_id, retry, reason)
            request_log.set_outcome("duplicate")  # Socket Mode retries carry no retry header
            return BoltResponse(status=200, body="")
        return await next()

    return skip_repeated_events


async def _report_error(error: Exception, body: dict[str, Any], context: Any, client: AsyncWebClient) -> None:
    """bolt's error handler, for failures outside listeners (middleware, matchers)."""
    await report_failure(error, body, context, client)
