"""Personal rows go when they are no longer used: on unsubscribe, and once their event ended more
than PERSONAL_DATA_RETENTION_DAYS ago — never while a row could still stop a second send.

Real YAML (synthetic future events in a tmp copy of the knowledge base), a real database on both
backends, the Slack stand-in; the clock is injected.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import func, select

from bot.config import load_settings
from bot.knowledge.loading import load_knowledge
from bot.logging_setup import Redactor
from bot.reminders.delivery import Outgoing
from bot.reminders.subscriptions import Topic
from bot.runtime import Runtime
from bot.slack.services import Services, build_services
from bot.storage.store import Delivery, Subscription, open_store
from bot.upkeep.retention import GONE_EVENT_MARGIN, expires_at
from tests.reminder_fixtures import event, event_yaml, knowledge, write_knowledge
from tests.slack_harness import Clock
from tests.slack_standin import SlackStandin

STOCKHOLM = ZoneInfo("Europe/Stockholm")
CHANNEL = "C0EVENTS"
ANNA, BO = "U0ANNA", "U0BO"
THEME = Topic("theme", "elderly-care")
COUNTY = Topic("place", "se-orebro-lan")
FIFTY = [
    event_yaml(f"fair-{n:02d}", f"2027-01-{1 + n % 28:02d}", themes=("elderly-care",)) for n in range(50)
]


@dataclass
class Bot:
    services: Services
    clock: Clock
    slack: SlackStandin

    def run(self, coroutine):  # type: ignore[no-untyped-def]
        return asyncio.run(coroutine)

    def rows(self, user_id: str | None = None) -> int:
        """Delivery rows addressed to `user_id` (all rows when None)."""
        query = select(func.count()).select_from(Delivery)
        if user_id is not None:
            query = query.where(Delivery.target == f"user:{user_id}")
        with self.services.store.begin() as connection:
            return connection.execute(query).scalar_one()

    def subscriptions(self) -> list[tuple[str, str, str]]:
        with self.services.store.begin() as connection:
            rows = connection.execute(select(Subscription.user_id, Subscription.kind, Subscription.value))
            return sorted((r.user_id, r.kind, r.value) for r in rows)

    def dms(self, user_id: str) -> list[dict]:
        return list(self.slack.messages.get("D" + user_id[1:], []))


def _bot(
    tmp_path: Path, database_url: str, slack: SlackStandin, *events: str, now: datetime
) -> Iterator[Bot]:
    directory = write_knowledge(tmp_path / "knowledge", *events)
    settings = load_settings(
        _env_file=None,
        reminder_channel=CHANNEL,
        slack_bot_token=slack.bot_token,
        slack_api_url=slack.api_url,
        database_url=database_url,
        personal_data_retention_days=30,
    )
    clock = Clock(now)
    runtime = Runtime(
        settings,
        load_knowledge(directory),
        knowledge_dir=directory,
        now=clock,
        matcher_factory=lambda k: object(),
    )
    store = open_store(database_url)
    services = build_services(
        runtime, store=store, client=AsyncWebClient(token=slack.bot_token, base_url=slack.api_url)
    )
    yield Bot(services, clock, slack)
    services.upkeep.recorder.close(1)
    store.close()


@pytest.fixture
def fifty(tmp_path: Path, database_url: str, slack_standin: SlackStandin) -> Iterator[Bot]:
    yield from _bot(
        tmp_path, database_url, slack_standin, *FIFTY, now=datetime(2026, 12, 1, 12, tzinfo=STOCKHOLM)
    )


@pytest.fixture
def expo(tmp_path: Path, database_url: str, slack_standin: SlackStandin) -> Iterator[Bot]:
    yield from _bot(
        tmp_path,
        database_url,
        slack_standin,
        event_yaml("expo", "2026-12-10", "2026-12-11", themes=("elderly-care",)),
        event_yaml("later", "2027-03-10", themes=("elderly-care",)),
        now=datetime(2026, 12, 1, 9, 0, 30, tzinfo=STOCKHOLM),
    )


# ----- on unsubscribe ----------------------------------------------------------------------------------
def test_fifty_rows_for_one_subscribe_are_gone_after_unsubscribe(fifty: Bot) -> None:
    reminders = fifty.services.reminders
    assert len(fifty.run(reminders.subscribe(ANNA, THEME, "en")).known) == 50
    fifty.run(reminders.subscribe(BO, THEME, "en"))
    assert (fifty.rows(ANNA), fifty.rows(BO)) == (50, 50)  # the events listed in the reply, as known
    assert fifty.run(reminders.unsubscribe(ANNA, THEME))
    assert fifty.rows(ANNA) == 0
    assert fifty.rows(BO) == 50  # someone else's rows stay
    assert fifty.subscriptions() == [(BO, "theme", "elderly-care")]
    # Nothing was announced, then or at the next tick (the events are not new to Bo).
    assert fifty.run(reminders.tick()).outcomes == {}
    assert fifty.dms(ANNA) == [] and fifty.dms(BO) == []


def test_rows_another_subscription_still_needs_stay(fifty: Bot) -> None:
    reminders = fifty.services.reminders
    fifty.run(reminders.subscribe(ANNA, THEME, "en"))
    fifty.run(reminders.subscribe(ANNA, COUNTY, "en"))  # the same fifty events, in Örebro County
    assert fifty.rows(ANNA) == 50
    assert fifty.run(reminders.unsubscribe(ANNA, THEME))
    assert fifty.rows(ANNA) == 50  # the county still matches them: they must not be announced
    assert fifty.run(reminders.tick()).outcomes == {}
    assert fifty.run(reminders.unsubscribe(ANNA, COUNTY))
    assert fifty.rows(ANNA) == 0
    assert not fifty.run(reminders.unsubscribe(ANNA, COUNTY))  # not following: nothing to do


def test_an_event_unsubscribe_purges_its_reminder_rows_and_nothing_is_sent_twice(expo: Bot) -> None:
    reminders = expo.services.reminders
    assert expo.run(reminders.remind_me(ANNA, "expo", "en")).status == "added"
    expo.run(reminders.subscribe(ANNA, THEME, "en"))  # expo and later listed as known
    expo.clock.now = datetime(2026, 12, 3, 9, 0, 30, tzinfo=STOCKHOLM)
    assert expo.run(reminders.tick()).outcomes == {"sent": 2}  # the channel's and Anna's 7-day reminder
    assert len(expo.dms(ANNA)) == 1
    assert expo.rows(ANNA) == 3  # her reminder, two announcements recorded as known
    assert expo.run(reminders.unsubscribe(ANNA, Topic("event", "expo")))
    assert expo.rows(ANNA) == 2  # the theme still needs its two rows
    expo.clock.now = datetime(2026, 12, 3, 10, 0, tzinfo=STOCKHOLM)
    # Subscribing again brings only reminder times after it, so the purged row cannot bring a repeat.
    assert expo.run(reminders.remind_me(ANNA, "expo", "en")).status == "added"
    assert expo.run(reminders.tick()).outcomes == {}
    expo.clock.now = datetime(2026, 12, 9, 9, 0, 30, tzinfo=STOCKHOLM)
    assert expo.run(reminders.tick()).outcomes == {"sent": 2}  # the 1-day ones
    assert len(expo.dms(ANNA)) == 2


def test_a_tick_that_read_the_subscription_before_the_unsubscribe_cannot_send(expo: Bot) -> None:
    """The ledger claims a personal message only while its subscription exists, in one transaction."""
    ledger = expo.services.deliverer.ledger
    now = expo.clock()
    item = Outgoing(
        key=f"reminder:expo:2026-12-10:7d:user:{ANNA}",
        kind="reminder",
        target=f"user:{ANNA}",
        send_at=now,
        message={"text": "x"},
        event_id="expo",
        subscription=(ANNA, "event", "expo"),
    )
    assert ledger.claim(item, now) is None  # no such subscription (any more)
    assert not ledger.record_skip(item, now, "test")
    assert expo.run(expo.services.deliverer.deliver(item)) == "busy"
    assert expo.rows(ANNA) == 0 and expo.dms(ANNA) == []
    expo.run(expo.services.reminders.subscribe(ANNA, Topic("event", "expo"), "en"))
    assert ledger.claim(item, now) is not None


# ----- after their use -----------------------------------------------------------------------------------
def test_upkeep_purges_rows_of_events_over_for_the_retention_period(expo: Bot) -> None:
    reminders = expo.services.reminders
    expo.run(reminders.remind_me(ANNA, "expo", "en"))
    expo.run(reminders.remind_me(ANNA, "later", "en"))
    expo.run(reminders.subscribe(BO, THEME, "en"))
    expo.clock.now = datetime(2026, 12, 9, 9, 0, 30, tzinfo=STOCKHOLM)
    assert expo.run(reminders.tick()).outcomes == {"sent": 2}
    # 7-day reminders recorded as superseded (channel's, Anna's), 1-day ones sent, Bo's two known events
    assert (expo.rows(ANNA), expo.rows(BO), expo.rows()) == (2, 2, 6)
    # Expo ended on 11 December: its rows stay for 30 days after that (and a little for time zones).
    expo.clock.now = datetime(2027, 1, 11, 12, tzinfo=STOCKHOLM)
    assert expo.run(expo.services.upkeep.run_once())["personal"] == 0
    expo.clock.now = datetime(2027, 1, 13, 12, tzinfo=STOCKHOLM)
    purged = expo.run(expo.services.upkeep.run_once())["personal"]  # two days on: the job purges again
    assert purged == 6  # five expo rows and Anna's expo subscription
    assert (expo.rows(ANNA), expo.rows(BO), expo.rows()) == (0, 1, 1)  # Bo's "later" announcement row
    assert expo.subscriptions() == [(ANNA, "event", "later"), (BO, "theme", "elderly-care")]
    assert expo.run(reminders.tick()).outcomes == {}  # nothing comes back


def test_when_a_ledger_row_may_go() -> None:
    k = knowledge(event("expo", date(2026, 12, 10), date(2026, 12, 11)))
    month = timedelta(days=30)
    sent = datetime(2026, 12, 3, 8, tzinfo=UTC)
    ends = datetime(2026, 12, 13, tzinfo=UTC) + month  # two UTC days after the last day, then 30 days
    reminder = "reminder:expo:2026-12-10:7d:user:U1"
    assert expires_at("reminder", reminder, "expo", sent, knowledge=k, retention=month) == ends
    assert (
        expires_at("announcement", "announce:expo:user:U1", "expo", sent, knowledge=k, retention=month)
        == ends
    )
    # A moved event: the old key's day still counts if it is the later one.
    moved = "reminder:expo:2027-02-01:7d:C1"
    later = datetime(2027, 2, 3, tzinfo=UTC) + month
    assert expires_at("reminder", moved, "expo", sent, knowledge=k, retention=month) == later
    # Reminders of a begun event are recorded as skipped for a week: never purged before that.
    assert expires_at("reminder", reminder, "expo", sent, knowledge=k, retention=timedelta(days=1)) == (
        datetime(2026, 12, 13, tzinfo=UTC) + timedelta(days=7)
    )
    # An event gone from the knowledge: the reminder key still has its day; an announcement waits long.
    gone = knowledge()
    assert expires_at("reminder", reminder, "expo", sent, knowledge=gone, retention=month) == (
        datetime(2026, 12, 12, tzinfo=UTC) + month
    )
    assert expires_at(
        "announcement", "announce:expo:user:U1", "expo", sent, knowledge=gone, retention=month
    ) == (datetime(2026, 12, 5, tzinfo=UTC) + month + GONE_EVENT_MARGIN)
    # Maintainers' digests and notices, and keys this code never wrote, are kept.
    assert (
        expires_at("notice", "digest:report:2026-W48:user:U1", None, sent, knowledge=k, retention=month)
        is None
    )
    assert expires_at("reminder", "reminder:odd", "expo", sent, knowledge=k, retention=month) is None


# ----- logs --------------------------------------------------------------------------------------
def test_log_lines_never_name_a_slack_user() -> None:
    redact = Redactor()
    line = redact("reminder reminder:expo:2026-12-10:7d:user:U0ANNA sent to D0ANNA; U012AB3CDE clicked")
    assert "U0ANNA" not in line and "U012AB3CDE" not in line
    assert line == "reminder reminder:expo:2026-12-10:7d:user:[user] sent to D0ANNA; [user] clicked"
    assert (
        redact("channel C012AB3CDE, team T012AB3CD, UNDEFINED")
        == "channel C012AB3CDE, team T012AB3CD, UNDEFINED"
    )
