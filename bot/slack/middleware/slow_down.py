"""The per-user question limit, as bolt middleware: one person's flood never delays anyone else.

A question (a mention, a DM, `/samverka …`) from someone over `RATE_LIMIT_PER_MINUTE` is
acknowledged at once and not answered; the first refusal of a burst gets a polite "slow down" in
the language the question was written in, later ones in the same burst get nothing (replying to
every message of a flood would be a flood of our own). Buttons and App Home are not limited.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.knowledge.model import Lang
from bot.rendering.blocks import build_text_message
from bot.rendering.phrases import ui
from bot.runtime import Runtime
from bot.slack.middleware.request_log import set_outcome
from bot.slack.questions import is_direct_question, is_question_mention
from bot.slack.rate_limit import RateLimiter, Verdict
from bot.slack.replies import reply_place
from bot.slack.shared_state import SharedCounts
from bot.understanding.language import LEXICON, detect_language
from bot.understanding.slack_text import question_from_slack
from bot.understanding.text import tokenize

logger = logging.getLogger("bot.slack")

Next = Callable[[], Awaitable[BoltResponse | None]]
_LANGUAGE_SAMPLE = 500  # characters enough to tell sv/en/lv apart; a 40,000-character flood is not read


async def asker(body: dict[str, Any]) -> str | None:
    """The user asking a question in this request, or None when it is not a question."""
    if body.get("command"):
        return body.get("user_id") or None
    if body.get("type") != "event_callback":
        return None
    event = body.get("event") or {}
    if event.get("type") == "app_mention" and await is_question_mention(event):
        return event.get("user")
    if event.get("type") == "message" and await is_direct_question(event):
        return event.get("user")
    return None


def question_language(text: str, bot_user_id: str | None, fallback: Lang) -> Lang:
    """The question's language where its own words say it ("elderly 2" says nothing: the language
    the person last asked in)."""
    question = question_from_slack(text[:_LANGUAGE_SAMPLE], bot_user_id=bot_user_id)
    tokens = tokenize(question)
    if not any(t.text in words for t in tokens for words in LEXICON.values()):
        return fallback
    return detect_language(tokens)


SHARED_FROM = 2.0  # questions within the minute in this process before the shared count is asked


def limit_questions(
    runtime: Runtime, limiter: RateLimiter, shared: SharedCounts | None = None
) -> Callable[..., Awaitable[Any]]:
    """The limit as middleware: this process's token bucket first, then (PostgreSQL) the count every
    worker and replica shares for this minute; either refuses."""

    async def limit_question(body: dict[str, Any], request: AsyncBoltRequest, client: Any, next: Next) -> Any:
        if request.headers.get("x-slack-retry-num"):
            return await next()  # Slack re-sending an event is not the person asking again
        user = await asker(body)
        verdict = limiter.check(user)
        # Counted across processes only once a person asks again within the minute: a single question
        # cannot pass the limit, and most people ask one, so most requests never wait on the database
        # (the count may run short by one question a minute per process).
        if verdict is Verdict.ALLOW and shared is not None and user and limiter.recent(user) >= SHARED_FROM:
            verdict = over_shared_limit(await shared.count(user), limiter.per_minute)
        if verdict is Verdict.ALLOW:
            return await next()
        set_outcome("rate_limited")
        if verdict is Verdict.DROP:
            return BoltResponse(status=200, body="")
        assert user is not None
        text = body.get("text") if body.get("command") else (body.get("event") or {}).get("text")
        lang = question_language(str(text or ""), runtime.bot_user_id, runtime.languages.get(user))
        seconds = max(1, math.ceil(limiter.retry_after(user)))
        message = build_text_message(ui("slack.slow_down", lang, seconds=seconds))
        logger.info("user over the question limit (%d a minute); told to slow down", limiter.per_minute)
        if body.get("command"):  # the acknowledgement itself carries the reply, seen only by the asker
            return BoltResponse(status=200, body={"response_type": "ephemeral", **message})
        _background(client.chat_postMessage(**reply_place(body["event"]), unfurl_links=False, **message))
        return BoltResponse(status=200, body="")

    return limit_question


_tasks: set[asyncio.Task[Any]] = set()


def _background(coroutine: Awaitable[Any]) -> None:
    """Send after acknowledging; keep a reference so the task is not collected mid-flight."""

    async def send() -> None:
        try:
            await coroutine
        except Exception:
            logger.exception("could not send the slow-down message")

    task = asyncio.ensure_future(send())
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)


def over_shared_limit(count: int | None, per_minute: int) -> Verdict:
    """This minute's shared count → a verdict: the first question over the limit is told to slow
    down (once, by whichever process takes it), later ones are dropped; no count, no refusal."""
    if count is None or count <= per_minute:
        return Verdict.ALLOW
    return Verdict.SLOW_DOWN if count == per_minute + 1 else Verdict.DROP


def register(app: AsyncApp, runtime: Runtime, shared: SharedCounts | None = None) -> None:
    limiter = RateLimiter(runtime.settings.rate_limit_per_minute)
    if limiter.enabled:
        app.use(limit_questions(runtime, limiter, shared))
