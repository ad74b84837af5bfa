"""The real `python -m bot run --mode http` under the requests of an outsider, against the stand-in.

Pinned regression for the hole in slack-bolt 1.30.0 / slack_sdk 3.48.0: a timestamp header that
`int()` cannot read ("x", "", "1.5", 5,000 digits) made bolt's verification raise, and its error
handler then posted into the channel, DMed the user and called the `response_url` the unverified
body named. Every forged request here names a channel, a user and a stand-in `response_url`; none
may be used, whatever bolt does after an upgrade.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from bot.rendering.phrases import ui
from tests.bot_process import BotProcess, free_port, standin_env
from tests.slack_harness import post
from tests.slack_standin import SlackStandin

pytestmark = pytest.mark.e2e

READ_TIMEOUT = 2  # HTTP_READ_TIMEOUT for this bot, so slow clients are cut off quickly
MAX_CONNECTIONS = 40
UNREADABLE = ui("slack.unreadable", "sv")  # the deployment's language (BOT_TIMEZONE Europe/Stockholm)


class Bot:
    def __init__(self, process: BotProcess, port: int) -> None:
        self.process = process
        self.port = port


@pytest.fixture(scope="module")
def slack(module_slack_standin: SlackStandin) -> SlackStandin:
    return module_slack_standin


@pytest.fixture(scope="module")
def bot(slack: SlackStandin, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bot]:
    workdir = tmp_path_factory.mktemp("http-security")
    port = free_port()
    env = standin_env(
        slack,
        workdir,
        mode="http",
        PORT=str(port),
        HTTP_READ_TIMEOUT=str(READ_TIMEOUT),
        HTTP_MAX_CONNECTIONS=str(MAX_CONNECTIONS),
    )
    with BotProcess.start(["run", "--mode", "http", "--host", "127.0.0.1"], env, workdir=workdir) as process:
        process.wait_http_ready(port)
        yield Bot(process, port)
        assert "Traceback" not in process.log(), process.log()
    assert process.process.returncode == 0, process.log()


def lure(slack: SlackStandin, tag: str) -> dict[str, Any]:
    """A body naming everything an attacker would like the bot to use."""
    event = slack.event_callback(
        slack.mention(f"<@{slack.bot_user_id}> LEAKQUESTION {tag}", channel=f"C0{tag}")
    )
    event["response_url"] = slack.response_url(tag)
    event["user_id"] = "U0VICTIM"
    return event


def assert_nothing_sent(slack: SlackStandin, tag: str) -> None:
    time.sleep(0.5)  # a listener or the failure handler would have acted by now
    assert slack.calls_to("chat.postMessage", channel=f"C0{tag}") == []
    assert slack.calls_to("chat.postMessage", channel="U0VICTIM") == []
    assert [c for c in slack.calls_to("response_url") if c.path.endswith(tag)] == []


ARABIC_DIGITS = "١٧٠٠٠٠٠٠٠٠".encode().decode("latin-1")  # int() reads these; sent as UTF-8 bytes
BAD_TIMESTAMPS = ["x", "", "1.5", "9" * 5000, " 1700000000", "1_700_000_000", "-1", ARABIC_DIGITS]


@pytest.mark.parametrize("timestamp", BAD_TIMESTAMPS, ids=lambda t: repr(t[:12]))
def test_a_malformed_timestamp_is_refused_and_nothing_is_sent(
    slack: SlackStandin, bot: Bot, timestamp: str
) -> None:
    tag = f"TS{abs(hash(timestamp)) % 10**6}"
    body = json.dumps(lure(slack, tag)).encode()
    headers = {
        "Content-Type": "application/json",
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": "v0=" + "0" * 64,
    }
    status, text = post(bot.port, body, headers)
    assert status == 401, text
    assert_nothing_sent(slack, tag)


def test_missing_or_malformed_signature_headers_are_refused(slack: SlackStandin, bot: Bot) -> None:
    tag = "NOSIG"
    body = json.dumps(lure(slack, tag)).encode()
    good = slack.signed_headers(body.decode())
    cases = [
        {"Content-Type": "application/json"},
        {"Content-Type": "application/json", "X-Slack-Signature": good["X-Slack-Signature"]},
        {"Content-Type": "application/json", "X-Slack-Request-Timestamp": good["X-Slack-Request-Timestamp"]},
        {**good, "X-Slack-Signature": "v0=nothex"},
        {**good, "X-Slack-Signature": good["X-Slack-Signature"].upper()},
        {**good, "X-Slack-Signature": "v1=" + good["X-Slack-Signature"][3:]},
    ]
    assert [post(bot.port, body, headers)[0] for headers in cases] == [401] * len(cases)
    assert_nothing_sent(slack, tag)


UNSIGNED_BODIES = {
    "invalid json": b'{"type": "event_callback", "event": ',
    "deep nesting": b"[" * 100_000 + b"]" * 100_000,
    "deep payload": b"payload=" + b"%5B" * 100_000,
    "invalid utf-8": b'{"type": "event_callback", "x": "\xff\xfe\xfd"}',
    "top-level array": b'[{"type": "event_callback"}]',
    "empty": b"",
}


@pytest.mark.parametrize("name", list(UNSIGNED_BODIES))
def test_unsigned_malformed_bodies_get_401_without_being_parsed(
    slack: SlackStandin, bot: Bot, name: str
) -> None:
    body = UNSIGNED_BODIES[name]
    forged = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": str(int(time.time()))}
    forged["X-Slack-Signature"] = "v0=" + "1" * 64
    assert post(bot.port, body, forged)[0] == 401
    assert post(bot.port, body, {"Content-Type": "application/x-www-form-urlencoded"})[0] == 401


@pytest.mark.parametrize(
    "name", ["invalid json", "deep nesting", "deep payload", "invalid utf-8", "top-level array"]
)
def test_signed_unreadable_bodies_get_400_not_a_traceback(slack: SlackStandin, bot: Bot, name: str) -> None:
    body = UNSIGNED_BODIES[name]
    stamp = str(int(time.time()))
    digest = hmac.new(
        slack.signing_secret.encode(), f"v0:{stamp}:".encode() + body, hashlib.sha256
    ).hexdigest()
    kind = "application/x-www-form-urlencoded" if name == "deep payload" else "application/json"
    headers = {"Content-Type": kind, "X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}
    assert post(bot.port, body, headers)[0] == 400


def test_a_flood_of_large_rejected_requests_writes_a_few_short_lines(slack: SlackStandin, bot: Bot) -> None:
    before = len(bot.process.log().encode())
    body = json.dumps({**lure(slack, "FLOOD"), "padding": "LEAKQUESTION " * 40_000}).encode()  # ~0.5 MB
    headers = slack.signed_headers(body.decode(), secret="not-the-signing-secret")
    statuses = {post(bot.port, body, headers)[0] for _ in range(60)}
    assert statuses == {401}
    log = bot.process.log()
    written = log.encode()[before:].decode()
    assert len(written) < 2500, written  # at most 10 lines a 10 s window, one short line each
    time.sleep(10.2)  # the window ends: the next refusal is logged, after the count of those that were not
    assert post(bot.port, body, headers)[0] == 401
    written = bot.process.log().encode()[before:].decode()
    assert "more requests refused in the last 10 s" in written, written
    assert "wrong signature (" in written and "bytes, from 127.0.0.1) -> 401" in written
    assert len(written) < 4000, written
    assert "LEAKQUESTION" not in log and "U0VICTIM" not in log and "U0OFFICIAL" not in log
    assert_nothing_sent(slack, "FLOOD")


def test_head_works_wherever_get_does(bot: Bot) -> None:
    for path in ("/healthz", "/events.ics"):
        request = urllib.request.Request(f"http://127.0.0.1:{bot.port}{path}", method="HEAD")
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.status == 200 and response.read() == b""


def signed_form(slack: SlackStandin, fields: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
    body = slack.form_body(fields)
    return body.encode(), slack.signed_headers(body, content_type="form")


def test_signed_malformed_payloads_get_one_line_and_a_polite_reply_where_possible(
    slack: SlackStandin, bot: Bot
) -> None:
    no_response_url = slack.slash_command("elderly care")
    del no_response_url["response_url"]
    status, text = post(bot.port, *signed_form(slack, no_response_url))
    assert status == 200 and json.loads(text)["text"] == UNREADABLE

    # `text` as a list can only come as JSON (as in Socket Mode): the polite reply is the ack itself
    text_list = {**slack.slash_command("x", response_url=slack.response_url("MALFORMED")), "text": ["a", "b"]}
    body = json.dumps(text_list)
    status, text = post(bot.port, body.encode(), slack.signed_headers(body))
    assert status == 200 and json.loads(text)["text"] == UNREADABLE

    event = slack.event_callback(slack.direct_message("elderly care", channel="D0MALFORMED"))
    event["event"]["text"] = ["elderly", "care"]
    body = json.dumps(event)
    assert post(bot.port, body.encode(), slack.signed_headers(body))[0] == 200

    action = slack.block_action("share_answer", "{}", channel="C0MALFORMED")
    del action["user"]
    assert post(bot.port, *signed_form(slack, {"payload": json.dumps(action)}))[0] == 200

    time.sleep(0.5)
    assert slack.calls_to("chat.postMessage", channel="D0MALFORMED") == []
    assert [c for c in slack.calls_to("response_url") if c.path.endswith("MALFORMED")] == []
    log = bot.process.log()
    assert "malformed Slack payload: slash command without response_url" in log
    assert "malformed Slack payload: event field text is not a string" in log
    assert "malformed Slack payload: slash command field text is not a string" in log
    assert "malformed Slack payload: block_actions without a user" in log
    assert "Traceback" not in log


def test_a_replayed_slash_command_is_answered_once(slack: SlackStandin, bot: Bot) -> None:
    fields = slack.slash_command("elderly care", response_url=slack.response_url("REPLAY"))
    body, headers = signed_form(slack, fields)
    assert [post(bot.port, body, headers)[0] for _ in range(3)] == [200, 200, 200]
    slack.wait_for_calls("response_url", predicate=lambda c: c.path.endswith("REPLAY"))
    time.sleep(0.5)
    assert len([c for c in slack.calls_to("response_url") if c.path.endswith("REPLAY")]) == 1


def test_slow_clients_are_cut_off_and_healthz_keeps_answering(bot: Bot) -> None:
    slow = []
    for _ in range(MAX_CONNECTIONS + 20):  # more than the cap, each sending its head byte by byte
        sock = socket.create_connection(("127.0.0.1", bot.port), timeout=5)
        sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\n")
        slow.append(sock)
    started = time.monotonic()
    with urllib.request.urlopen(f"http://127.0.0.1:{bot.port}/healthz", timeout=5) as response:
        assert response.status == 200
    assert time.monotonic() - started < 2
    closed = 0
    deadline = time.monotonic() + READ_TIMEOUT + 3
    for sock in slow:
        sock.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            while True:
                sock.sendall(b"X")  # keep trickling; the server must close anyway
                if sock.recv(1024) == b"":
                    closed += 1
                    break
        except (TimeoutError, OSError):
            closed += 1 if time.monotonic() < deadline else 0
        finally:
            sock.close()
    assert closed == len(slow)
    assert "Traceback" not in bot.process.log()
