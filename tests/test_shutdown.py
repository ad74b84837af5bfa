"""SIGTERM to the real `python -m bot run`: stop taking work, finish the answer and the reminder in
flight, stop the scheduler, close the database, exit 0 within 10 s (HTTP mode and Socket Mode)."""

from __future__ import annotations

import json
import sqlite3
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.bot_process import BotProcess, free_port, standin_env
from tests.reminder_fixtures import event_yaml, write_knowledge
from tests.slack_standin import SlackStandin

pytestmark = pytest.mark.e2e

STOCKHOLM = ZoneInfo("Europe/Stockholm")
CHANNEL = "C0EVENTS"
LIMIT = 10.0
SLOW_POST = 1.5  # seconds the stand-in takes per chat.postMessage: work is in flight at SIGTERM


def _slow_posts(slack: SlackStandin) -> None:
    original = slack.handlers["chat.postMessage"]

    def slow(body: dict[str, Any], token: str | None) -> dict[str, Any]:
        time.sleep(SLOW_POST)  # blocks the stand-in's loop: posts queue up behind each other
        return original(body, token)

    slack.handlers["chat.postMessage"] = slow


def _post(port: int, slack: SlackStandin, payload: dict[str, Any]) -> int:
    body = json.dumps(payload)
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/slack/events", data=body.encode(), headers=slack.signed_headers(body)
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status


def _posted(slack: SlackStandin, channel: str) -> list[dict[str, Any]]:
    return list(slack.messages.get(channel, []))


def test_sigterm_in_http_mode_finishes_the_answer_and_reminder_in_flight(
    slack_standin: SlackStandin, tmp_path: Path
) -> None:
    slack = slack_standin
    # An event two hours away: its 1-day reminder is overdue, so the first tick (at start) sends it.
    soon = (datetime.now(UTC) + timedelta(hours=2)).astimezone(STOCKHOLM).replace(microsecond=0)
    knowledge = write_knowledge(
        tmp_path / "knowledge", event_yaml("soon", soon.isoformat(), (soon + timedelta(hours=1)).isoformat())
    )
    port = free_port()
    env = standin_env(
        slack, tmp_path, mode="http", PORT=str(port), KNOWLEDGE_DIR=str(knowledge), REMINDER_CHANNEL=CHANNEL
    )
    _slow_posts(slack)
    bot = BotProcess.start(["run", "--mode", "http", "--host", "127.0.0.1"], env, workdir=tmp_path)
    try:
        bot.wait_http_ready(port)
        slack.wait_for_call("chat.postMessage", channel=CHANNEL, timeout=15)  # the reminder: in flight
        mention = slack.mention(f"<@{slack.bot_user_id}> sociala företag i Karlskoga", channel="C0ASK")
        assert _post(port, slack, slack.event_callback(mention)) == 200  # acknowledged; answer pending

        started = time.monotonic()
        bot.process.terminate()  # SIGTERM
        time.sleep(0.3)
        # No new work: the listening socket is closed while the answers in flight are finished.
        with pytest.raises((urllib.error.URLError, ConnectionError)):
            _post(
                port,
                slack,
                slack.event_callback(slack.mention(f"<@{slack.bot_user_id}> x", channel="C0LATE")),
            )
        code = bot.process.wait(LIMIT + 5)
        elapsed = time.monotonic() - started
    finally:
        log = bot.log()
        bot.stop()
    assert code == 0, log
    assert elapsed < LIMIT, f"took {elapsed:.1f} s\n{log}"
    # Both finished: the stand-in completed both posts, and the bot saw the answer go out.
    assert len(_posted(slack, CHANNEL)) == 1 and len(_posted(slack, "C0ASK")) == 1, log
    assert _posted(slack, "C0LATE") == []
    assert "outcome=answered" in log and "stopped" in log and "Traceback" not in log
    with sqlite3.connect(tmp_path / "samverka.db") as db:
        statuses = [
            row[0] for row in db.execute("SELECT status FROM deliveries WHERE key LIKE 'reminder:soon:%'")
        ]
    assert statuses.count("sent") == 1 and "claimed" not in statuses  # recorded as sent, not left mid-way


def test_sigterm_in_socket_mode_exits_promptly(slack_standin: SlackStandin, tmp_path: Path) -> None:
    env = standin_env(slack_standin, tmp_path)
    bot = BotProcess.start(["run"], env, workdir=tmp_path)
    try:
        slack_standin.wait_connected(timeout=30)
        started = time.monotonic()
        bot.process.terminate()
        code = bot.process.wait(LIMIT + 5)
        elapsed = time.monotonic() - started
    finally:
        log = bot.log()
        bot.stop()
    assert code == 0 and elapsed < LIMIT, log
    assert "Socket Mode: disconnecting" in log and "stopped" in log and "Traceback" not in log
