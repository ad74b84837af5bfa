"""The Slack harness shared by the test files: the real bolt app driven in-process against the Slack
stand-in (`Harness`, `run`), and signed requests to a real `python -m bot run --mode http` process.

    harness = run(slack_standin, scenario)             # scenario(harness) sends events, waits for calls

    post_mention(slack, port, "vem kan hjälpa mig?", channel="C0EVENTS")   # to a bot process over HTTP

Test files import from here, never from one another.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import create_app
from bot.config import load_settings
from bot.knowledge.model import Knowledge
from bot.runtime import Runtime
from bot.slack.services import Services, build_services
from bot.storage.store import Store, open_store
from tests.slack_standin import Call, SlackStandin
from tests.tiny_knowledge import FIXED_NOW, ScriptedMatcher, tiny_knowledge

STOCKHOLM = ZoneInfo("Europe/Stockholm")


# ----- the bolt app in this process --------------------------------------------------------------------
def sqlite_services(runtime: Runtime, standin: SlackStandin, store: Store | None = None) -> Services:
    """The services `run` builds, on a throwaway SQLite file (or `store`); the scheduler is not started."""
    store = store or open_store(f"sqlite:///{tempfile.mkdtemp(prefix='samverka-test-')}/samverka.db")
    client = AsyncWebClient(token=standin.bot_token, base_url=standin.api_url)
    return build_services(runtime, store=store, client=client)


class Harness:
    """One app on one runtime, dispatching Socket Mode-style requests (no signature involved)."""

    def __init__(self, standin: SlackStandin, runtime: Runtime, services: Services | None = None) -> None:
        self.standin = standin
        self.runtime = runtime
        self.services = services or sqlite_services(runtime, standin)
        client = AsyncWebClient(token=standin.bot_token, base_url=standin.api_url)
        self.app = create_app(runtime, self.services, client=client, socket_mode=True)

    async def send(self, body: dict[str, Any]) -> int:
        response = await self.app.async_dispatch(AsyncBoltRequest(body=body, mode="socket_mode"))
        return response.status

    async def wait(self, method: str, count: int = 1, **where: Any) -> list[Call]:
        return await asyncio.to_thread(self.standin.wait_for_calls, method, count=count, timeout=5, **where)

    async def settle(self) -> None:
        """Wait until every listener the requests so far started has finished (bolt runs them as
        tasks after acknowledging), so any call they were going to make has been recorded."""
        current = asyncio.current_task()
        async with asyncio.timeout(5):
            while pending := [t for t in asyncio.all_tasks() if t is not current and not t.done()]:
                await asyncio.wait(pending)

    async def nothing(self, method: str | None = None, **where: Any) -> None:
        await self.settle()
        self.standin.assert_no_call(method, within=0, **where)


def make_runtime(
    enterprises: int = 2, matcher: Callable[[Knowledge], Any] = ScriptedMatcher, loader=None, **settings: Any
) -> Runtime:
    """A runtime on the tiny knowledge at FIXED_NOW, answering with `matcher`; `settings` override."""
    return Runtime(
        load_settings(**settings),
        tiny_knowledge(enterprises=enterprises),
        knowledge_dir=Path("unused"),
        now=lambda: FIXED_NOW,
        matcher_factory=matcher,
        loader=loader or (lambda directory: tiny_knowledge(version="v2")),
    )


def run(
    standin: SlackStandin,
    scenario: Callable[[Harness], Awaitable[None]],
    runtime: Runtime | None = None,
    services: Services | None = None,
) -> Harness:
    harness = Harness(standin, runtime or make_runtime(), services)

    async def scenario_then_settle() -> None:
        await scenario(harness)
        await harness.settle()  # listeners still running finish, not cancelled by asyncio.run

    asyncio.run(scenario_then_settle())
    return harness


# ----- a bot process in HTTP mode -------------------------------------------------------------------
def post_mention(slack: SlackStandin, port: int, question: str, channel: str) -> None:
    """A signed `app_mention` event POSTed to the bot's /slack/events, acknowledged with 200."""
    body = json.dumps(
        slack.event_callback(slack.mention(f"<@{slack.bot_user_id}> {question}", channel=channel))
    )
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/slack/events", data=body.encode(), headers=slack.signed_headers(body)
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200


def post_reload(slack: SlackStandin, port: int) -> None:
    """`/samverka reload` from a maintainer: the new files are served and a tick follows at once."""
    body = slack.form_body(slack.slash_command("reload", user="U0MAINT"))
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/slack/events",
        data=body.encode(),
        headers=slack.signed_headers(body, content_type="form"),
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200


def reminder_posts(slack: SlackStandin) -> Counter[str]:
    """How many times each event's reminder was posted (from the message metadata's ledger key)."""
    keys: Counter[str] = Counter()
    for messages in list(slack.messages.values()):
        for message in messages:
            metadata = message.get("metadata") or {}
            key = (metadata.get("event_payload") or {}).get("key", "")
            if key.startswith("reminder:"):
                keys[key.split(":")[1]] += 1
    return keys


def wait_until(predicate: Any, timeout: float, what: str, log: Any) -> None:
    """Poll `predicate` until true; otherwise fail saying `what` did not happen, with the bot's `log()`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} within {timeout} s\n{log()}")


def post(port: int, body: bytes, headers: dict[str, str], path: str = "/slack/events") -> tuple[int, str]:
    """POST raw bytes to the bot on 127.0.0.1; (status, body), also for 4xx/5xx."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", data=body, headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class Clock:
    """A settable clock for services that take `now` (always answered in UTC)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now.astimezone(UTC)
