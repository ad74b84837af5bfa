"""End to end in HTTP mode: the real `python -m bot run --mode http` process behind aiohttp's server,
receiving signed requests at /slack/events and answering through the Slack stand-in."""

from __future__ import annotations

import asyncio
import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import aiohttp
import pytest

from bot.knowledge.loading import load_knowledge
from bot.rendering.blocks import ACTION_SHARE
from tests.bot_process import ROOT, BotProcess, free_port, standin_env
from tests.slack_standin import SlackStandin, shown

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def slack(module_slack_standin: SlackStandin) -> SlackStandin:
    return module_slack_standin


@pytest.fixture(scope="module")
def port(slack: SlackStandin, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    workdir = tmp_path_factory.mktemp("http-bot")
    port = free_port()
    env = standin_env(slack, workdir, mode="http", PORT=str(port))
    with BotProcess.start(["run", "--mode", "http", "--host", "127.0.0.1"], env, workdir=workdir) as bot:
        bot.wait_http_ready(port)
        yield port
        assert "Traceback" not in bot.log(), bot.log()
    assert bot.process.returncode == 0, bot.log()


def post(port: int, body: str, headers: dict[str, str]) -> tuple[int, str]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/slack/events", data=body.encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def signed_json(slack: SlackStandin, payload: dict[str, Any], **kw: Any) -> tuple[str, dict[str, str]]:
    body = json.dumps(payload)
    return body, slack.signed_headers(body, **kw)


def test_health_check_names_the_knowledge_version(port: int) -> None:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
        assert response.status == 200
        health = json.loads(response.read())
    assert health == {"status": "ok", "knowledge_version": load_knowledge(ROOT / "knowledge").version}


def test_url_verification(slack: SlackStandin, port: int) -> None:
    body, headers = signed_json(slack, {"token": "t", "challenge": "c-123", "type": "url_verification"})
    status, text = post(port, body, headers)
    assert status == 200 and json.loads(text) == {"challenge": "c-123"}


def test_forged_or_stale_requests_are_refused(slack: SlackStandin, port: int) -> None:
    event = slack.event_callback(slack.mention(f"<@{slack.bot_user_id}> elderly care", channel="C0FORGED"))
    body, forged = signed_json(slack, event, secret="not-the-signing-secret")
    assert post(port, body, forged)[0] == 401
    body, stale = signed_json(slack, event, timestamp=int(time.time()) - 6 * 60)
    assert post(port, body, stale)[0] == 401
    unsigned = {"Content-Type": "application/json"}
    assert post(port, body, unsigned)[0] == 401
    slack.assert_no_call("chat.postMessage", within=0.3, channel="C0FORGED")


def test_a_signed_mention_is_answered(slack: SlackStandin, port: int) -> None:
    event = slack.mention(f"<@{slack.bot_user_id}> sociala företag i Karlskoga", channel="C0HTTP")
    body, headers = signed_json(slack, slack.event_callback(event))
    assert post(port, body, headers)[0] == 200
    call = slack.wait_for_call("chat.postMessage", channel="C0HTTP")
    assert call.get("thread_ts") == event["ts"] and "Karlskoga" in shown(call)


def test_a_form_encoded_slash_command_is_answered_privately(slack: SlackStandin, port: int) -> None:
    fields = slack.slash_command("sociala företag i Karlskoga", response_url=slack.response_url("http-slash"))
    body = slack.form_body(fields)
    started = time.monotonic()
    status, _ = post(port, body, slack.signed_headers(body, content_type="form"))
    assert status == 200 and time.monotonic() - started < 3
    call = slack.wait_for_calls("response_url", predicate=lambda c: c.path == "/response/http-slash")[0]
    assert "Karlskoga" in shown(call)
    assert any(
        e["action_id"] == ACTION_SHARE for b in call.blocks if b["type"] == "actions" for e in b["elements"]
    )


def test_a_button_click_arrives_as_a_signed_form_payload(slack: SlackStandin, port: int) -> None:
    value = json.dumps({"q": "sociala företag i Karlskoga", "n": 3})
    payload = slack.block_action(
        ACTION_SHARE, value, ephemeral=True, response_url=slack.response_url("http-share")
    )
    body = slack.form_body({"payload": json.dumps(payload)})
    assert post(port, body, slack.signed_headers(body, content_type="form"))[0] == 200
    posted, removed = slack.wait_for_calls(
        "response_url", count=2, predicate=lambda c: c.path == "/response/http-share"
    )
    assert posted.get("response_type") == "in_channel" and removed.get("delete_original") is True


def test_fifty_concurrent_requests_are_all_acknowledged_in_time(slack: SlackStandin, port: int) -> None:
    events = [  # 50 people at once (one person this fast would be asked to slow down)
        slack.event_callback(
            slack.mention(f"<@{slack.bot_user_id}> elderly care {n}", channel="C0LOAD", user=f"U0LOAD{n:02d}")
        )
        for n in range(50)
    ]

    async def send_all() -> list[tuple[int, float]]:
        connector = aiohttp.TCPConnector(limit=0, force_close=True)  # 50 separate connections at once
        async with aiohttp.ClientSession(connector=connector) as session:

            async def send(event: dict[str, Any]) -> tuple[int, float]:
                body, headers = signed_json(slack, event)
                started = time.monotonic()
                async with session.post(
                    f"http://127.0.0.1:{port}/slack/events", data=body, headers=headers
                ) as r:
                    await r.read()
                    return r.status, time.monotonic() - started

            return await asyncio.gather(*(send(event) for event in events))  # a reset would raise here

    results = asyncio.run(send_all())
    assert [status for status, _ in results] == [200] * 50
    slowest = max(latency for _, latency in results)
    assert slowest < 3, f"slowest acknowledgement took {slowest:.2f} s"
    answered = slack.wait_for_calls("chat.postMessage", count=50, timeout=20, channel="C0LOAD")
    assert {c.get("thread_ts") for c in answered} == {e["event"]["ts"] for e in events}


def test_a_retried_event_is_answered_once(slack: SlackStandin, port: int) -> None:
    event = slack.event_callback(slack.mention(f"<@{slack.bot_user_id}> elderly care", channel="C0RETRY"))
    body, headers = signed_json(slack, event)
    assert post(port, body, headers)[0] == 200
    retry_headers = {
        **slack.signed_headers(body),
        "X-Slack-Retry-Num": "1",
        "X-Slack-Retry-Reason": "http_timeout",
    }
    assert post(port, body, retry_headers)[0] == 200
    slack.wait_for_call("chat.postMessage", channel="C0RETRY")
    marker = slack.event_callback(slack.mention(f"<@{slack.bot_user_id}> elderly care", channel="C0RETRY2"))
    assert post(port, *signed_json(slack, marker))[0] == 200
    slack.wait_for_call("chat.postMessage", channel="C0RETRY2")  # handled after the retry was taken in
    assert len(slack.calls_to("chat.postMessage", channel="C0RETRY")) == 1
