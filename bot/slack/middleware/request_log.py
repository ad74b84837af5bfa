"""One log line per handled Slack request: request id, kind, latency and outcome.

Each request gets a `Trace` around bolt's dispatch (a context variable, so the listener task bolt
starts inherits it and every line logged while answering carries the request id). A request that
reaches a listener is logged when the listener finishes (`listener_trace`, used by
`bot.slack.middleware.failures.reported`), so latency covers the whole answer, not just the acknowledgement;
one that never does (a retry already taken, a refused burst, an ignored event, a bad signature)
is logged when the dispatch returns.
"""

from __future__ import annotations

import asyncio
import contextvars
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.logging_setup import log_request, request_context
from bot.understanding.answers import Answer
from bot.upkeep.service import Upkeep

Dispatch = Callable[[AsyncBoltRequest], Awaitable[BoltResponse]]


@dataclass
class Trace:
    request_id: str
    kind: str
    started: float
    channel_type: str = ""
    slack_id: str | None = None  # Slack's event_id: ties a retry to its first delivery
    outcome: str = "ok"
    listener: str | None = None
    logged: bool = field(default=False, repr=False)

    def finish(self, outcome: str | None = None) -> None:
        """Write the request's line once (the first caller wins)."""
        if self.logged:
            return
        self.logged = True
        log_request(
            self.request_id,
            self.kind,
            (time.perf_counter() - self.started) * 1000,
            outcome or self.outcome,
            listener=self.listener,
            slack_id=self.slack_id,
        )


_trace: contextvars.ContextVar[Trace | None] = contextvars.ContextVar("samverka_trace", default=None)


def current_trace() -> Trace | None:
    return _trace.get()


def set_outcome(outcome: str) -> None:
    """Say how the request went (e.g. "answered", "no_results") for its log line."""
    trace = _trace.get()
    if trace is not None:
        trace.outcome = outcome


def request_kind(body: dict[str, Any]) -> tuple[str, str, str | None]:
    """(kind, channel type, Slack id) of a request body: "event:app_mention", "command:/samverka"…

    Reads defensively: the shape is checked later (bot.slack.middleware.payload_guard), and a request must get
    its log line whatever it holds."""
    if not isinstance(body, dict):
        return "unknown", "", None
    if body.get("command"):
        return f"command:{_word(body['command'])}", "command", None
    if body.get("type") == "event_callback":
        event = _dict(body.get("event"))
        channel_type = _word(event.get("channel_type"))
        if not channel_type and event.get("type") == "app_mention":
            channel_type = _channel_type(_word(event.get("channel"))) or "channel"
        return f"event:{_word(event.get('type')) or '?'}", channel_type, _word(body.get("event_id")) or None
    kind = _word(body.get("type")) or "unknown"
    if kind == "block_actions":
        actions = body.get("actions")
        first = _dict(actions[0]) if isinstance(actions, list) and actions else {}
        container = _dict(body.get("container"))
        channel = _word(_dict(body.get("channel")).get("id"))
        channel_type = "ephemeral" if container.get("is_ephemeral") else _channel_type(channel)
        return f"action:{_word(first.get('action_id')) or '?'}", channel_type, None
    if kind in ("view_submission", "view_closed"):
        return f"view:{_word(_dict(body.get('view')).get('callback_id')) or '?'}", "", None
    return kind, "", None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _word(value: Any) -> str:
    """A short identifier from the payload, or "" (never a list, nor a long text)."""
    return value[:80] if isinstance(value, str) else ""


def _channel_type(channel: str) -> str:
    return {"C": "channel", "G": "group", "D": "im"}.get(channel[:1], "")


def _outcome_of(response: BoltResponse | None) -> str:
    if response is None or response.status == 404:
        return "unhandled"  # no listener matched
    if response.status == 401:
        return "unauthorized"  # a bad or stale signature
    if response.status >= 500:
        return "error"
    return "acknowledged"


def trace_dispatch(dispatch: Dispatch) -> Dispatch:
    """`app.async_dispatch`, traced. bolt's global middleware cannot wrap a request (its `next()`
    only marks the request as passed on), so the trace wraps the dispatch itself: both the HTTP
    server and the Socket Mode handler call it, and listener tasks started inside inherit it."""

    async def traced_dispatch(req: AsyncBoltRequest) -> BoltResponse:
        body = req.body if isinstance(req.body, dict) else {}
        kind, channel_type, slack_id = request_kind(body)
        with request_context() as request_id:
            trace = Trace(request_id, kind, time.perf_counter(), channel_type, slack_id)
            token = _trace.set(trace)
            try:
                response = await dispatch(req)
            except BaseException:
                trace.finish("error")
                raise
            finally:
                _trace.reset(token)
            if trace.listener is None and response is not None and response.status == 200:
                # An event is acknowledged before its listener task first runs; let it start (it
                # claims the trace synchronously, before any real wait) before deciding.
                await asyncio.sleep(0)
            if trace.listener is None:  # no listener took it: its line is written now
                trace.finish(trace.outcome if trace.outcome != "ok" else _outcome_of(response))
            return response

    return traced_dispatch


class _NoTrace:
    """Stands in for a trace outside a Slack request (listeners called directly in tests)."""

    def finish(self, outcome: str | None = None) -> None:
        return None


def listener_trace(name: str) -> Trace | _NoTrace:
    """The trace of the request a listener is running for, now claimed by it: the listener's
    wrapper calls `finish()` when it ends (`finish("error")` if it raised)."""
    trace = _trace.get()
    if trace is None:
        return _NoTrace()
    trace.listener = name
    return trace


def register(app: AsyncApp) -> None:
    app.async_dispatch = trace_dispatch(app.async_dispatch)  # type: ignore[method-assign]


def note_answer(upkeep: Upkeep, answer: Answer, user_id: str | None) -> None:
    """A question was answered: log it for maintainers if it went badly, and say how in the log line."""
    trace = _trace.get()
    channel_type = trace.channel_type if trace is not None else ""
    if answer.intent == "help":
        set_outcome("help")
        return
    outcome = upkeep.answered(answer, user_id, channel_type)
    set_outcome(outcome or "answered")
