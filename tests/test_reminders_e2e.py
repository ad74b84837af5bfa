"""Reminders across real processes, counted at the Slack stand-in.

Replicas are real subprocesses (`python -m bot tick --now …`, one tick each) sharing a
database (SQLite file and PostgreSQL schema): three racing for the same reminders, processes killed
with SIGKILL between claim and post and after posting, a 429. The clock is `--now`: a lease runs out
because the next process is told it is later, not because anyone waits. A 429 and bad settings need
no second process: that tick runs in-process (tests.cli_runner). Last, the real
`python -m bot run` in Socket Mode: late reminder at start, "Remind me", subscribe, a broken edit.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.bot_process import BotProcess, clean_environ, standin_env
from tests.cli_runner import CliResult, run_cli
from tests.reminder_fixtures import event_yaml, write_knowledge
from tests.slack_standin import SlackStandin

pytestmark = pytest.mark.e2e

STOCKHOLM = ZoneInfo("Europe/Stockholm")
CHANNEL = "C0EVENTS"
T = datetime(2026, 12, 3, 9, 0, 20, tzinfo=STOCKHOLM)  # just after 09:00, 7 days before 10 December


def env_for(slack: SlackStandin, url: str, directory: Path) -> dict[str, str]:
    return clean_environ(
        {
            "SLACK_API_URL": slack.api_url,
            "SLACK_BOT_TOKEN": slack.bot_token,
            "DATABASE_URL": url,
            "KNOWLEDGE_DIR": str(directory),
            "REMINDER_CHANNEL": CHANNEL,
            "BOT_TIMEZONE": "Europe/Stockholm",
        }
    )


def start_tick(env: dict[str, str], workdir: Path, now: datetime) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "tick", "--now", now.isoformat()],
        cwd=workdir,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def report_of(process: subprocess.Popen[str], timeout: float = 60) -> dict[str, Any]:
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, f"exit {process.returncode}:\n{out}\n{err}"
    return json.loads(out.strip().splitlines()[-1])


def tick_in_process(env: dict[str, str], workdir: Path, now: datetime) -> CliResult:
    """`python -m bot tick --now NOW` in this process (tests.cli_runner), for a tick nothing races."""
    return run_cli("tick", "--now", now.isoformat(), cwd=workdir, env=env)


def report_in_process(env: dict[str, str], workdir: Path, now: datetime) -> dict[str, Any]:
    result = tick_in_process(env, workdir, now)
    assert result.returncode == 0, f"exit {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return json.loads(result.stdout.strip().splitlines()[-1])


def posted_keys(slack: SlackStandin) -> Counter[str]:
    """Every message the stand-in accepted, by its reminder key (from the message metadata)."""
    keys: Counter[str] = Counter()
    for messages in list(slack.messages.values()):
        for message in messages:
            keys[message["metadata"]["event_payload"]["key"]] += 1
    return keys


class Gate:
    """Holds the stand-in's chat.postMessage (before or after it records the post) until released,
    so a test can kill the poster at exactly that moment."""

    def __init__(self, slack: SlackStandin, *, after_post: bool) -> None:
        self.slack = slack
        self.after_post = after_post
        self.original = slack.handlers["chat.postMessage"]
        self.release = threading.Event()
        slack.handlers["chat.postMessage"] = self._handle

    def _handle(self, body: dict[str, Any], token: str | None) -> dict[str, Any]:
        result = self.original(body, token) if self.after_post else {"ok": False, "error": "never_arrived"}
        self.release.wait(timeout=20)
        return result

    def close(self) -> None:
        self.release.set()
        self.slack.handlers["chat.postMessage"] = self.original


def kill_while_posting(
    slack: SlackStandin, env: dict[str, str], workdir: Path, now: datetime, *, after_post: bool
) -> None:
    posts_before = len(slack.calls_to("chat.postMessage"))
    gate = Gate(slack, after_post=after_post)
    process = start_tick(env, workdir, now)
    try:
        slack.wait_for_calls("chat.postMessage", count=posts_before + 1, timeout=30)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        gate.close()
        if process.poll() is None:
            process.kill()
        process.communicate()
    assert process.returncode == -signal.SIGKILL


@pytest.fixture
def setup(tmp_path: Path, database_url: str, slack_standin: SlackStandin) -> Callable[..., dict[str, str]]:
    """Write a knowledge copy with `events`; returns the replicas' environment (the database is empty:
    the first replicas to start migrate it, concurrently)."""

    def make(*events: str) -> dict[str, str]:
        directory = write_knowledge(tmp_path / "knowledge", *events)
        return env_for(slack_standin, database_url, directory)

    return make


def test_three_replicas_racing_post_each_reminder_once(
    setup: Callable[..., dict[str, str]], slack_standin: SlackStandin, tmp_path: Path
) -> None:
    env = setup(*(event_yaml(f"race-{n}", "2026-12-10") for n in range(6)))
    # Slow posts (50 ms each) so that the three ticks overlap for their whole length.
    original = slack_standin.handlers["chat.postMessage"]
    slack_standin.handlers["chat.postMessage"] = lambda body, token: (
        time.sleep(0.05),
        original(body, token),
    )[1]
    processes = [start_tick(env, tmp_path, T) for _ in range(3)]  # all three also migrate the new database
    reports = [report_of(p) for p in processes]
    slack_standin.handlers["chat.postMessage"] = original

    keys = posted_keys(slack_standin)
    print(
        f"posts seen by the stand-in: {sum(keys.values())}; per replica: {[r['outcomes'] for r in reports]}"
    )
    assert sum(keys.values()) == 6
    assert set(keys.values()) == {1}
    assert sum(r["outcomes"].get("sent", 0) for r in reports) == 6
    assert len(slack_standin.messages[CHANNEL]) == 6


def test_sigkill_between_claim_and_post_and_after_post_still_one_post_each(
    setup: Callable[..., dict[str, str]], slack_standin: SlackStandin, tmp_path: Path
) -> None:
    env = setup(event_yaml("first", "2026-12-10"), event_yaml("second", "2026-12-10"))
    # Replica A claims "first" and dies before Slack records the post.
    kill_while_posting(slack_standin, env, tmp_path, T, after_post=False)
    assert posted_keys(slack_standin) == Counter()
    # Replica B, a minute later: "first" is still leased to A; B posts "second" and dies after posting.
    kill_while_posting(slack_standin, env, tmp_path, T + timedelta(minutes=1), after_post=True)
    assert posted_keys(slack_standin) == Counter({"reminder:second:2026-12-10:7d:C0EVENTS": 1})
    # Replica C, after the leases ran out: posts "first", finds "second" in the channel history.
    report = report_of(start_tick(env, tmp_path, T + timedelta(minutes=10)))
    assert report["outcomes"] == {"already_sent": 1, "sent": 1}
    assert posted_keys(slack_standin) == Counter(
        {"reminder:first:2026-12-10:7d:C0EVENTS": 1, "reminder:second:2026-12-10:7d:C0EVENTS": 1}
    )
    assert slack_standin.calls_to("conversations.history", channel=CHANNEL)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # both backends: test_delivery.py
def test_a_rate_limited_post_waits_retry_after_and_succeeds(
    setup: Callable[..., dict[str, str]], slack_standin: SlackStandin, tmp_path: Path
) -> None:
    env = setup(event_yaml("busy-day", "2026-12-10"))
    slack_standin.fail_next("chat.postMessage", status=429, retry_after=1)
    started = time.monotonic()
    report = report_in_process(env, tmp_path, T)
    assert report["outcomes"] == {"sent": 1}
    calls = slack_standin.calls_to("chat.postMessage")
    assert len(calls) == 2
    assert calls[1].at - calls[0].at >= 0.95  # waited Retry-After
    assert time.monotonic() - started < 30
    assert sum(posted_keys(slack_standin).values()) == 1


def test_once_entry_reports_bad_settings_in_one_line(slack_standin: SlackStandin, tmp_path: Path) -> None:
    env = env_for(slack_standin, "mysql://nobody@127.0.0.1/x", write_knowledge(tmp_path / "k"))
    result = tick_in_process(env, tmp_path, T)
    err = result.stderr
    assert result.returncode == 1
    assert (
        err.strip().splitlines()[-1]
        == "error: DATABASE_URL: unsupported database 'mysql' (use sqlite or postgresql)"
    )
    assert "Traceback" not in err


# ----- the real bot ---------------------------------------------------------------------------------------
def test_the_running_bot_sends_reminders_and_handles_remind_me_subscribe_and_broken_edits(
    slack_standin: SlackStandin, tmp_path: Path
) -> None:
    slack = slack_standin
    soon = (datetime.now(UTC) + timedelta(hours=2)).astimezone(STOCKHOLM).replace(microsecond=0)
    directory = write_knowledge(
        tmp_path / "knowledge",
        event_yaml(
            "soon", soon.isoformat(), (soon + timedelta(hours=3)).isoformat(), themes=("elderly-care",)
        ),
    )
    env = standin_env(
        slack,
        tmp_path,
        KNOWLEDGE_DIR=str(directory),
        REMINDER_CHANNEL=CHANNEL,
        MAINTAINERS="U0MAINT",
        STALE_AFTER_DAYS="0",  # the shipped facts are years old: no monthly list in the way of the notice
        BOT_TIMEZONE="Europe/Stockholm",
    )
    with BotProcess.start(["run"], env, workdir=tmp_path) as bot:
        slack.wait_connected(timeout=30)
        # Started after the 1-day reminder's time, before the event: sent at once, marked late.
        reminder = slack.wait_for_call("chat.postMessage", channel=CHANNEL, timeout=20)
        assert reminder.get("metadata")["event_payload"]["key"].startswith("reminder:soon:")
        assert "senare än planerat" in json.dumps(reminder.blocks, ensure_ascii=False), bot.log()

        # "Remind me" two hours before it: every reminder time has passed, and the reply says so.
        slack.deliver_action(
            slack.block_action("remind_me", "soon", user="U0ANNA", response_url=slack.response_url("anna"))
        )
        (reply,) = slack.wait_for_calls(
            "response_url", predicate=lambda c: c.path.endswith("/anna"), timeout=15
        )
        assert "*Testevenemang soon* börjar snart" in reply.text  # Swedish: BOT_TIMEZONE's default language
        assert reply.get("response_type") == "ephemeral"

        # /samverka subscribe: the events it matches now are listed (and so never announced).
        slack.deliver_command(
            "subscribe theme: elderly care", user="U0BERIT", response_url=slack.response_url("berit")
        )
        (subscribed,) = slack.wait_for_calls(
            "response_url", predicate=lambda c: c.path.endswith("/berit"), timeout=15
        )
        assert "Du bevakar nu *Äldreomsorg*" in subscribed.text
        assert "Testevenemang soon" in json.dumps(subscribed.blocks, ensure_ascii=False)

        # "Add to calendar": links for Google Calendar and Outlook.
        slack.deliver_action(
            slack.block_action("add_to_calendar", "soon", response_url=slack.response_url("cal"))
        )
        (links,) = slack.wait_for_calls(
            "response_url", predicate=lambda c: c.path.endswith("/cal"), timeout=15
        )
        urls = [e.get("url", "") for b in links.blocks if b["type"] == "actions" for e in b["elements"]]
        assert [u.split("?")[0] for u in urls] == [
            "https://calendar.google.com/calendar/render",
            "https://outlook.office.com/calendar/0/deeplink/compose",
        ]

        # App Home shows Berit's subscriptions (and "Remind me" under the upcoming event).
        slack.deliver_event(
            {"type": "app_home_opened", "user": "U0BERIT", "tab": "home", "channel": "D0BERIT"}
        )
        home = slack.wait_for_call("views.publish", user_id="U0BERIT", timeout=15)
        shown = json.dumps(home.get("view"), ensure_ascii=False)
        assert "Dina bevakningar" in shown and "Äldreomsorg" in shown
        assert '"action_id": "remind_me"' in shown

        # A broken edit: the maintainer gets the check output by DM; answers go on from the old snapshot.
        events = directory / "events.yaml"
        events.write_text(events.read_text(encoding="utf-8") + "\n- id: [broken\n", encoding="utf-8")
        notice = slack.wait_for_call("chat.postMessage", channel="D0MAINT", timeout=20)
        assert "events.yaml" in json.dumps(notice.blocks, ensure_ascii=False)
    assert bot.process.returncode == 0, bot.log()
