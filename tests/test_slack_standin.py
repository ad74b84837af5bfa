"""The Slack stand-in itself behaves like Slack where the bot depends on it."""

from __future__ import annotations

import asyncio
import json

import aiohttp
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from tests.slack_standin import SlackStandin


def test_records_web_api_calls_with_their_token(slack_standin: SlackStandin) -> None:
    client = WebClient(token=slack_standin.bot_token, base_url=slack_standin.api_url)
    assert client.auth_test()["user_id"] == slack_standin.bot_user_id
    posted = client.chat_postMessage(channel="C1", text="hi", blocks=[{"type": "divider"}])
    call = slack_standin.wait_for_call("chat.postMessage", channel="C1")
    assert call.token == slack_standin.bot_token
    assert call.text == "hi" and call.blocks == [{"type": "divider"}]
    history = client.conversations_history(channel="C1")["messages"]
    assert [m["ts"] for m in history] == [posted["ts"]]


def test_rejects_unknown_tokens(slack_standin: SlackStandin) -> None:
    client = WebClient(token="xoxb-wrong", base_url=slack_standin.api_url)
    with pytest.raises(SlackApiError, match="invalid_auth"):
        client.auth_test()
    with pytest.raises(SlackApiError, match="invalid_auth"):
        client.apps_connections_open(app_token="xapp-wrong")


def test_scripted_rate_limit_then_success(slack_standin: SlackStandin) -> None:
    slack_standin.fail_next("chat.postMessage", status=429, retry_after=0)
    client = WebClient(token=slack_standin.bot_token, base_url=slack_standin.api_url)
    with pytest.raises(SlackApiError) as failure:
        client.chat_postMessage(channel="C1", text="first")
    assert failure.value.response.status_code == 429
    assert failure.value.response.headers["Retry-After"] == "0"
    slack_standin.fail_next("chat.postMessage", status=429, retry_after=0)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=1))
    assert client.chat_postMessage(channel="C1", text="second")["ok"]
    assert [c.text for c in slack_standin.calls_to("chat.postMessage")] == ["first", "second", "second"]


def test_scripted_api_error(slack_standin: SlackStandin) -> None:
    slack_standin.fail_next("views.publish", status=200, error="not_enabled", times=2)
    client = WebClient(token=slack_standin.bot_token, base_url=slack_standin.api_url)
    for _ in range(2):
        with pytest.raises(SlackApiError, match="not_enabled"):
            client.views_publish(user_id="U1", view={"type": "home", "blocks": []})
    assert client.views_publish(user_id="U1", view={"type": "home", "blocks": []})["ok"]


def test_socket_mode_hello_delivery_and_ack(slack_standin: SlackStandin) -> None:
    url = WebClient(base_url=slack_standin.api_url).apps_connections_open(app_token=slack_standin.app_token)[
        "url"
    ]
    received: list[dict] = []

    async def client() -> None:
        async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
            received.append(json.loads((await ws.receive()).data))
            await asyncio.to_thread(slack_standin.wait_connected)
            envelope_id = await asyncio.to_thread(slack_standin.deliver_command, "help")
            envelope = json.loads((await ws.receive()).data)
            received.append(envelope)
            await ws.send_str(json.dumps({"envelope_id": envelope_id, "payload": {"text": "ok"}}))
            await asyncio.to_thread(slack_standin.wait_for_ack, envelope_id)

    asyncio.run(client())
    hello, envelope = received
    assert hello["type"] == "hello"
    assert envelope["type"] == "slash_commands" and envelope["payload"]["text"] == "help"
    assert envelope["accepts_response_payload"] is True
    assert slack_standin.acks[envelope["envelope_id"]]["payload"] == {"text": "ok"}
    assert slack_standin.connections_opened == 1


def test_response_urls_are_recorded(slack_standin: SlackStandin) -> None:
    url = slack_standin.response_url("abc")

    async def post() -> int:
        async with aiohttp.ClientSession() as session, session.post(url, json={"text": "x"}) as response:
            return response.status

    assert asyncio.run(post()) == 200
    call = slack_standin.wait_for_call("response_url")
    assert call.body == {"text": "x"} and call.path == "/response/abc"


def test_wait_for_gives_up_with_a_clear_message(slack_standin: SlackStandin) -> None:
    with pytest.raises(AssertionError, match="expected 1 call"):
        slack_standin.wait_for_calls("chat.postMessage", timeout=0.2)
    slack_standin.assert_no_call("chat.postMessage", within=0.05)
