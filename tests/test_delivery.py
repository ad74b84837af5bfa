"""Exactly-once delivery through the ledger, against the Slack stand-in, on SQLite and PostgreSQL.

The clock is injected: a lease "running out" is the test moving `now`, never real waiting.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.reminders.delivery import METADATA_EVENT_TYPE, Deliverer, DeliveryPolicy, Ledger, Outgoing
from bot.storage.store import Store, open_store
from tests.slack_standin import SlackStandin

T0 = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
CHANNEL = "C0EVENTS"


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class Sleeps:
    """Records the waits instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = open_store(database_url)
    yield store
    store.close()


def item(
    key: str = "reminder:expo:2026-12-10:7d:C0EVENTS", target: str = CHANNEL, late: bool = False
) -> Outgoing:
    return Outgoing(
        key=key,
        kind="reminder",
        target=target,
        send_at=T0,
        message={"text": f"Reminder {key}"},
        event_id="expo",
        late=late,
    )


def deliverer(
    store: Store, slack: SlackStandin, clock: Clock, *, owner: str = "replica-a", sleeps: Sleeps | None = None
) -> Deliverer:
    client = AsyncWebClient(token=slack.bot_token, base_url=slack.api_url, retry_handlers=[])
    policy = DeliveryPolicy(lease=timedelta(minutes=5), max_attempts=3, retry_after=timedelta(minutes=1))
    return Deliverer(Ledger(store, owner=owner, policy=policy), client, clock, sleep=sleeps or Sleeps())


def posts(slack: SlackStandin, channel: str = CHANNEL) -> list[dict]:
    return list(slack.messages.get(channel, []))


def test_a_message_is_posted_once_with_its_key_as_metadata(store: Store, slack_standin: SlackStandin) -> None:
    clock = Clock(T0)
    sender = deliverer(store, slack_standin, clock)

    async def run() -> list[str]:
        return [await sender.deliver(item()), await sender.deliver(item())]

    assert asyncio.run(run()) == ["sent", "busy"]
    (message,) = posts(slack_standin)
    assert message["metadata"] == {
        "event_type": METADATA_EVENT_TYPE,
        "event_payload": {"key": "reminder:expo:2026-12-10:7d:C0EVENTS"},
    }
    row = sender.ledger.row(item().key)
    assert row is not None
    assert (row.status, row.attempts, row.channel, row.message_ts) == ("sent", 1, CHANNEL, message["ts"])
    assert sender.ledger.finished([item().key, "other"]) == {item().key}


def test_replicas_racing_in_one_loop_post_once(store: Store, slack_standin: SlackStandin) -> None:
    clock = Clock(T0)
    senders = [deliverer(store, slack_standin, clock, owner=f"replica-{n}") for n in range(4)]

    async def run() -> list[str]:
        return await asyncio.gather(*(s.deliver(item()) for s in senders))

    outcomes = asyncio.run(run())
    assert sorted(outcomes) == ["busy", "busy", "busy", "sent"]
    assert len(posts(slack_standin)) == 1


def test_claimer_died_before_posting_another_sends_after_the_lease(
    store: Store, slack_standin: SlackStandin
) -> None:
    clock = Clock(T0)
    dead = deliverer(store, slack_standin, clock, owner="dead")
    assert dead.ledger.claim(item(), T0) is not None  # claimed, then the process died
    survivor = deliverer(store, slack_standin, clock, owner="survivor")

    clock.now = T0 + timedelta(minutes=4)  # lease still held
    assert asyncio.run(survivor.deliver(item())) == "busy"
    clock.now = T0 + timedelta(minutes=6)
    assert asyncio.run(survivor.deliver(item())) == "sent"
    assert len(posts(slack_standin)) == 1
    assert slack_standin.calls_to("conversations.history", channel=CHANNEL), "must look before re-posting"
    row = survivor.ledger.row(item().key)
    assert row is not None
    assert (row.status, row.attempts, row.claimed_by) == ("sent", 2, "survivor")


def test_claimer_died_after_posting_is_not_posted_again(store: Store, slack_standin: SlackStandin) -> None:
    clock = Clock(T0)
    dead = deliverer(store, slack_standin, clock, owner="dead")

    async def post_then_die() -> None:
        assert dead.ledger.claim(item(), T0) is not None
        channel = await dead._conversation(CHANNEL)
        await dead._post(channel, item())  # posted; died before recording it

    asyncio.run(post_then_die())
    survivor = deliverer(store, slack_standin, clock, owner="survivor")
    clock.now = T0 + timedelta(minutes=6)
    assert asyncio.run(survivor.deliver(item())) == "already_sent"
    assert len(posts(slack_standin)) == 1
    row = survivor.ledger.row(item().key)
    assert row is not None
    assert row.status == "sent"
    assert row.message_ts == posts(slack_standin)[0]["ts"]
    assert "history" in (row.detail or "")


def test_a_failed_history_look_is_tried_again_before_posting(
    store: Store, slack_standin: SlackStandin
) -> None:
    clock = Clock(T0)
    dead = deliverer(store, slack_standin, clock, owner="dead")

    async def post_then_die() -> None:
        assert dead.ledger.claim(item(), T0) is not None
        await dead._post(await dead._conversation(CHANNEL), item())

    asyncio.run(post_then_die())
    slack_standin.fail_next("conversations.history", status=200, error="missing_scope")
    survivor = deliverer(store, slack_standin, clock, owner="survivor")
    clock.now = T0 + timedelta(minutes=6)
    assert asyncio.run(survivor.deliver(item())) == "retry"
    clock.now = T0 + timedelta(minutes=8)
    assert asyncio.run(survivor.deliver(item())) == "already_sent"
    assert len(slack_standin.calls_to("conversations.history")) == 2
    assert len(posts(slack_standin)) == 1


def test_rate_limit_waits_retry_after_then_succeeds(store: Store, slack_standin: SlackStandin) -> None:
    slack_standin.fail_next("chat.postMessage", status=429, retry_after=7)
    sleeps = Sleeps()
    sender = deliverer(store, slack_standin, Clock(T0), sleeps=sleeps)
    assert asyncio.run(sender.deliver(item())) == "sent"
    assert sleeps.waits == [7.0]
    assert len(slack_standin.calls_to("chat.postMessage")) == 2
    assert len(posts(slack_standin)) == 1
    row = sender.ledger.row(item().key)
    assert row is not None
    assert (row.status, row.attempts) == ("sent", 1)


def test_rate_limit_beyond_the_budget_is_retried_on_a_later_tick(
    store: Store, slack_standin: SlackStandin
) -> None:
    slack_standin.fail_next("chat.postMessage", status=429, retry_after=600)
    clock = Clock(T0)
    sleeps = Sleeps()
    sender = deliverer(store, slack_standin, clock, sleeps=sleeps)
    assert asyncio.run(sender.deliver(item())) == "retry"
    assert sleeps.waits == []
    clock.now = T0 + timedelta(minutes=2)
    assert asyncio.run(sender.deliver(item())) == "sent"
    assert slack_standin.calls_to("conversations.history") == [], "a 429 posted nothing: no need to look"
    assert len(posts(slack_standin)) == 1


def test_slack_errors_are_logged_with_the_key_retried_and_bounded(
    store: Store, slack_standin: SlackStandin, caplog: pytest.LogCaptureFixture
) -> None:
    slack_standin.fail_next("chat.postMessage", status=200, error="not_in_channel", times=10)
    clock = Clock(T0)
    sender = deliverer(store, slack_standin, clock)
    outcomes = []
    with caplog.at_level(logging.WARNING, logger="bot.reminders.delivery"):
        for minutes in (0, 0.5, 1.5, 3, 4, 30):  # backoff 1 then 2 minutes; at most 3 attempts
            clock.now = T0 + timedelta(minutes=minutes)
            outcomes.append(asyncio.run(sender.deliver(item())))
    assert outcomes == ["retry", "busy", "retry", "busy", "failed", "busy"]
    assert len(slack_standin.calls_to("chat.postMessage")) == 3
    assert posts(slack_standin) == []
    logged = [r.getMessage() for r in caplog.records]
    assert any("not_in_channel" in m and item().key in m for m in logged)
    assert any(r.levelno == logging.ERROR and item().key in r.getMessage() for r in caplog.records)
    row = sender.ledger.row(item().key)
    assert row is not None
    assert (row.status, row.attempts) == ("failed", 3)
    assert "not_in_channel" in (row.detail or "")


def test_server_error_means_unknown_outcome_so_history_is_checked(
    store: Store, slack_standin: SlackStandin
) -> None:
    slack_standin.fail_next("chat.postMessage", status=503)
    clock = Clock(T0)
    sender = deliverer(store, slack_standin, clock)
    assert asyncio.run(sender.deliver(item())) == "retry"
    clock.now = T0 + timedelta(minutes=1, seconds=1)
    assert asyncio.run(sender.deliver(item())) == "sent"
    assert len(slack_standin.calls_to("conversations.history")) == 1
    assert len(posts(slack_standin)) == 1


def test_direct_messages_open_the_dm_so_its_history_can_be_read(
    store: Store, slack_standin: SlackStandin
) -> None:
    clock = Clock(T0)
    dm = item(key="reminder:expo:2026-12-10:7d:user:U0ANNA", target="user:U0ANNA")
    dead = deliverer(store, slack_standin, clock, owner="dead")

    async def post_then_die() -> None:
        assert dead.ledger.claim(dm, T0) is not None
        await dead._post(await dead._conversation(dm.target), dm)

    asyncio.run(post_then_die())
    clock.now = T0 + timedelta(minutes=10)
    assert asyncio.run(deliverer(store, slack_standin, clock).deliver(dm)) == "already_sent"
    assert [c.get("users") for c in slack_standin.calls_to("conversations.open")] == ["U0ANNA", "U0ANNA"]
    assert len(posts(slack_standin, "D0ANNA")) == 1


def test_a_skip_is_recorded_once(store: Store) -> None:
    ledger = Ledger(store, owner="x")
    assert ledger.record_skip(item(), T0, "event has begun") is True
    assert ledger.record_skip(item(), T0, "event has begun") is False
    assert ledger.finished([item().key]) == {item().key}
