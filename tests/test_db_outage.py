"""The database briefly unreachable under the real `python -m bot run`: answers keep going out,
questions to log are held and written once, a reminder that falls due waits and goes out once
when the database is back.

The bot reaches PostgreSQL through a TCP proxy this test controls: cutting the proxy (listener
closed, every connection dropped) is the outage; opening it again on the same port is the recovery.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.bot_process import BotProcess, free_port, standin_env
from tests.db_proxy import Proxy
from tests.reminder_fixtures import event_yaml, write_knowledge
from tests.slack_harness import STOCKHOLM, post_mention, post_reload, reminder_posts, wait_until
from tests.slack_standin import SlackStandin

pytestmark = pytest.mark.e2e

CHANNEL = "C0EVENTS"


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_answers_continue_and_reminders_resume_after_an_outage(
    slack_standin: SlackStandin, tmp_path: Path, proxied_url: tuple[str, Proxy], database_url: str
) -> None:
    slack = slack_standin
    url, proxy = proxied_url
    soon = (datetime.now(UTC) + timedelta(hours=2)).astimezone(STOCKHOLM).replace(microsecond=0)
    end = (soon + timedelta(hours=1)).isoformat()
    knowledge = write_knowledge(tmp_path / "knowledge")  # the shipped files, nothing due
    port = free_port()
    env = standin_env(
        slack, tmp_path, mode="http", PORT=str(port), DATABASE_URL=url, KNOWLEDGE_DIR=str(knowledge),
        REMINDER_CHANNEL=CHANNEL, BOT_TIMEZONE="Europe/Stockholm", MAINTAINERS="U0MAINT",
    )  # fmt: skip
    bot = BotProcess.start(["run", "--mode", "http", "--host", "127.0.0.1"], env, workdir=tmp_path)
    try:
        bot.wait_http_ready(port)
        wait_until(lambda: "reminders: ticking every" in bot.log(), 15, "started", bot.log)

        proxy.cut()  # ---- the database is gone ----
        for n in range(3):
            post_mention(slack, port, f"sociala företag i Kiruna {n}", channel=f"C0ASK{n}")  # logged: widened
        for n in range(3):  # answers need no database
            slack.wait_for_call("chat.postMessage", channel=f"C0ASK{n}", timeout=10)
        # An event whose reminder is due now appears; the tick that follows the reload cannot plan.
        # Each step waits for what its own reload logged (the reload runs after Slack's ack, and the
        # file watcher may get there first), never for a line an earlier step could have written.
        mark = len(bot.log())
        write_knowledge(knowledge, event_yaml("outage", soon.isoformat(), end))
        post_reload(slack, port)
        wait_until(
            lambda: "knowledge reloaded" in bot.log()[mark:], 20, "the first edit was not served", bot.log
        )
        wait_until(lambda: "reminder tick failed" in bot.log()[mark:], 20, "the tick did not fail", bot.log)
        assert reminder_posts(slack)["outage"] == 0

        proxy.restore()  # ---- the database is back ----
        # The next tick (here: right after another edit and reload; otherwise within a minute).
        write_knowledge(
            knowledge, event_yaml("outage", soon.isoformat(), end), event_yaml("after", soon.isoformat(), end)
        )
        post_reload(slack, port)
        wait_until(
            lambda: reminder_posts(slack)["outage"] >= 1, 20, "the held reminder was not sent", bot.log
        )
        wait_until(lambda: reminder_posts(slack)["after"] >= 1, 20, "the new reminder was not sent", bot.log)
        # One more tick must not send anything again.
        mark = len(bot.log())
        write_knowledge(
            knowledge,
            event_yaml("outage", soon.isoformat(), end),
            event_yaml("after", soon.isoformat(), end),
            "# touched\n",
        )
        post_reload(slack, port)
        wait_until(
            lambda: "knowledge reloaded" in bot.log()[mark:], 20, "the last edit was not served", bot.log
        )
        # The tick after it runs and finds both reminders already sent; a tick with nothing to do logs
        # nothing, so give it a moment (stopping waits for a tick under way; the counts below decide).
        time.sleep(1.0)
    finally:
        code = bot.stop()
    log = bot.log_path.read_text(encoding="utf-8")
    assert code == 0, log
    assert reminder_posts(slack) == Counter({"outage": 1, "after": 1}), log
    assert "question log: database unavailable" in log
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            questions = [
                row[0] for row in connection.execute(text("SELECT question FROM question_log ORDER BY id"))
            ]
            statuses = dict(
                connection.execute(
                    text("SELECT key, status FROM deliveries WHERE key LIKE 'reminder:%'")
                ).all()
            )
    finally:
        engine.dispose()
    assert questions == [f"sociala företag i Kiruna {n}" for n in range(3)], log  # held, then written once
    assert sorted(k.split(":")[1] for k, s in statuses.items() if s == "sent") == ["after", "outage"]
