"""Before any listener: mark Socket Mode requests as verified, and refuse malformed payloads politely.

In HTTP mode `bot.slack.http_server` has checked the signature and put `VERIFIED` in the context; Socket
Mode requests come over the connection opened with the app token, so they are verified by how they
arrive. A verified payload that lacks what the listeners rely on (`bot.slack.payloads`) gets one
log line, not a listener traceback; a slash command is answered with a short "could not read that"
in the acknowledgement itself (the only reply that needs nothing from the payload), anything else
is acknowledged silently.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.rendering.phrases import ui
from bot.runtime import Runtime
from bot.slack.middleware import request_log
from bot.slack.payloads import payload_problem
from bot.slack.rejections import CappedLog
from bot.slack.signature import VERIFIED

logger = logging.getLogger("samverka.rejected")

Next = Callable[[], Awaitable[BoltResponse | None]]


def register(app: AsyncApp, runtime: Runtime) -> None:
    malformed = CappedLog(logger, what="malformed payloads")

    async def guard_payload(request: AsyncBoltRequest, context: Any, next: Next) -> Any:
        if request.mode == "socket_mode":
            context[VERIFIED] = True
        body = request.body
        problem = payload_problem(body)
        if problem is None:
            return await next()
        malformed.note(problem, "malformed Slack payload: %s (%s)", problem, request.mode)
        request_log.set_outcome("malformed")
        if isinstance(body, dict) and isinstance(body.get("command"), str):
            user = body.get("user_id") if isinstance(body.get("user_id"), str) else None
            reply = {
                "response_type": "ephemeral",
                "text": ui("slack.unreadable", runtime.languages.get(user)),
            }
            return BoltResponse(
                status=200, body=json.dumps(reply), headers={"content-type": "application/json"}
            )
        return BoltResponse(status=200, body="")

    app.use(guard_payload)
