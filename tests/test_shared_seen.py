"""Retries and replays answered once across processes: `seen_keys` in the shared database."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import UTC, datetime, timedelta

import pytest

from bot.runtime import SeenEvents
from bot.slack.shared_state import ANSWER_WITHIN, SharedSeen, first_time
from bot.storage.store import open_store
from tests.bot_process import BotProcess, free_port, standin_env
from tests.slack_harness import post
from tests.slack_standin import SlackStandin


def test_two_processes_share_what_they_have_seen(database_url: str) -> None:
    store = open_store(database_url)
    clock = [datetime(2026, 12, 1, 12, tzinfo=UTC)]
    try:
        first = SharedSeen(store, "ev", ttl_seconds=60, fallback=SeenEvents(), now=lambda: clock[0])
        other = SharedSeen(store, "ev", ttl_seconds=60, fallback=SeenEvents(), now=lambda: clock[0])
        assert first.first_time("Ev1") is True
        assert other.first_time("Ev1") is False  # the other process: already taken
        assert first.first_time("Ev1") is False
        assert other.first_time("Ev2") is True
        clock[0] += timedelta(seconds=61)
        third = SharedSeen(store, "ev", ttl_seconds=60, fallback=SeenEvents(), now=lambda: clock[0])
        assert third.first_time("Ev1") is True  # expired: a new claim
    finally:
        store.close()


def test_without_the_database_a_process_falls_back_to_its_own_memory(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path / 'x.db'}")
    seen = SharedSeen(store, "rq", ttl_seconds=60, fallback=SeenEvents())
    store.engine.dispose()
    (tmp_path / "x.db").unlink()
    (tmp_path / "x.db").mkdir()  # no longer a database file: every statement fails
    assert seen.first_time("a") is True
    assert seen.first_time("a") is False  # still answered once by this process


@pytest.mark.e2e
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_retry_sent_to_the_other_replica_is_answered_once(
    slack_standin: SlackStandin, database_url: str, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    slack = slack_standin
    ports = [free_port(), free_port()]
    bots = []
    try:
        for n, port in enumerate(ports):
            workdir = tmp_path / f"replica{n}"
            workdir.mkdir()
            env = standin_env(slack, workdir, mode="http", PORT=str(port), DATABASE_URL=database_url)
            bots.append(
                BotProcess.start(["run", "--mode", "http", "--host", "127.0.0.1"], env, workdir=workdir)
            )
        for bot, port in zip(bots, ports, strict=True):
            bot.wait_http_ready(port)
        event = slack.event_callback(
            slack.mention(f"<@{slack.bot_user_id}> elderly care", channel="C0REPLICA")
        )
        body = json.dumps(event)
        assert post(ports[0], body.encode(), slack.signed_headers(body))[0] == 200
        time.sleep(1.1)  # Slack's retry comes later, signed anew
        retry = {
            **slack.signed_headers(body),
            "X-Slack-Retry-Num": "1",
            "X-Slack-Retry-Reason": "http_timeout",
        }
        assert post(ports[1], body.encode(), retry)[0] == 200

        command = slack.form_body(
            slack.slash_command("elderly care", response_url=slack.response_url("REPL2"))
        )
        signed = slack.signed_headers(command, content_type="form")
        assert post(ports[0], command.encode(), signed)[0] == 200
        assert post(ports[1], command.encode(), signed)[0] == 200  # the same signed request, replayed

        slack.wait_for_call("chat.postMessage", channel="C0REPLICA")
        slack.wait_for_calls("response_url", predicate=lambda c: c.path.endswith("REPL2"))
        time.sleep(1.0)
        assert len(slack.calls_to("chat.postMessage", channel="C0REPLICA")) == 1
        assert len([c for c in slack.calls_to("response_url") if c.path.endswith("REPL2")]) == 1
        assert "already taken" in bots[1].log()
        assert "replayed request acknowledged only" in bots[1].log()
    finally:
        for bot in bots:
            bot.stop()
    for bot in bots:
        log = bot.log_path.read_text(encoding="utf-8", errors="replace")
        assert "Traceback" not in log, log


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_silent_database_never_holds_up_an_acknowledgement(proxied_url) -> None:  # type: ignore[no-untyped-def]
    url, proxy = proxied_url
    store = open_store(url, timeout=10)
    seen = SharedSeen(store, "ev", ttl_seconds=60, fallback=SeenEvents())
    loop = asyncio.new_event_loop()  # one loop, as in the server (asyncio.run would wait for the thread)
    try:
        assert loop.run_until_complete(first_time(seen, "Ev1")) is True  # the database answers
        proxy.silence()  # connections stay open, nothing answers
        started = time.monotonic()
        assert loop.run_until_complete(first_time(seen, "Ev2")) is True  # own memory, within the deadline
        assert time.monotonic() - started < ANSWER_WITHIN + 0.5
        assert not seen.guard.available()
        started = time.monotonic()
        assert loop.run_until_complete(first_time(seen, "Ev2")) is False  # a retry: own memory still knows it
        assert loop.run_until_complete(first_time(seen, "Ev3")) is True
        assert time.monotonic() - started < 0.2  # the database is not asked again for a while
    finally:
        proxy.speak()
        loop.close()
        store.close()


def test_the_question_limit_is_counted_across_processes(database_url: str) -> None:
    from bot.slack.middleware.slow_down import over_shared_limit
    from bot.slack.rate_limit import Verdict
    from bot.slack.shared_state import SharedCounts

    store = open_store(database_url)
    clock = [datetime(2026, 12, 1, 12, 0, 5, tzinfo=UTC)]
    loop = asyncio.new_event_loop()
    try:
        first = SharedCounts(store, now=lambda: clock[0])
        other = SharedCounts(store, now=lambda: clock[0])  # another worker or replica
        counts = [loop.run_until_complete(c.count("U0ASKER")) for c in (first, other, first, other)]
        assert counts == [1, 2, 3, 4]  # one count, whichever process takes the question
        assert loop.run_until_complete(other.count("U0OTHER")) == 1  # per person
        assert [over_shared_limit(n, 3) for n in (3, 4, 5, None)] == [
            Verdict.ALLOW, Verdict.SLOW_DOWN, Verdict.DROP, Verdict.ALLOW,
        ]  # fmt: skip
        clock[0] += timedelta(minutes=1)
        assert loop.run_until_complete(first.count("U0ASKER")) == 1  # a new minute
    finally:
        loop.close()
        store.close()
