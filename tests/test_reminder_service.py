"""The reminder service end to end in one process: ticks, late and missed reminders, moved and
deleted events, personal reminders, announcements, and knowledge edits (good and broken).

Real YAML in a tmp copy of the knowledge base (with synthetic future events), a real database on
both backends, the Slack stand-in; the clock is injected, so nothing waits for real time.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import load_settings
from bot.knowledge.loading import load_knowledge
from bot.reminders.service import ReminderService
from bot.reminders.subscriptions import Topic
from bot.runtime import Runtime
from bot.slack.services import Services, build_services
from bot.storage.store import Delivery, open_store
from tests.reminder_fixtures import event_yaml, write_knowledge
from tests.slack_harness import Clock
from tests.slack_standin import SlackStandin

STOCKHOLM = ZoneInfo("Europe/Stockholm")
CHANNEL = "C0EVENTS"
MAINTAINER = "U0MAINT"
EXPO = event_yaml("expo", "2026-12-10", "2026-12-11", themes=("elderly-care",))


def local(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    """Stockholm wall time, half a minute past: the first tick after a 09:00 reminder."""
    return datetime(y, m, d, hh, mm, 30, tzinfo=STOCKHOLM)


@dataclass
class Harness:
    runtime: Runtime
    services: Services
    slack: SlackStandin
    clock: Clock
    directory: Path

    @property
    def service(self) -> ReminderService:
        return self.services.reminders

    def tick(self, at: datetime | None = None):  # type: ignore[no-untyped-def]
        if at is not None:
            self.clock.now = at
        return asyncio.run(self.service.tick())

    def posts(self, channel: str = CHANNEL) -> list[dict]:
        return list(self.slack.messages.get(channel, []))

    def edit_events(self, *events: str) -> None:
        write_knowledge(self.directory, *events)
        _bump_mtime(self.directory / "events.yaml")

    def watch(self):  # type: ignore[no-untyped-def]
        """Two looks, as two watcher ticks take them: the change, then that it settled."""
        first = asyncio.run(self.services.knowledge.watch())
        assert first is None
        return asyncio.run(self.services.knowledge.watch())

    def row(self, key: str) -> Delivery | None:
        return self.service.ledger.row(key)


_EDITS = itertools.count(1)
_LONG_AGO = time.time_ns() - 3600 * 1_000_000_000


def _bump_mtime(path: Path) -> None:
    """Edits within one clock tick of the file system still count as a change; dated an hour
    back, so the watcher treats the files as settled (no writer still at work on them)."""
    stamp = _LONG_AGO + next(_EDITS) * 1_000_000_000
    os.utime(path, ns=(stamp, stamp))


@pytest.fixture
def harness(tmp_path: Path, database_url: str, slack_standin: SlackStandin) -> Iterator[Harness]:
    directory = write_knowledge(tmp_path / "knowledge", EXPO)
    settings = load_settings(
        _env_file=None,
        reminder_channel=CHANNEL,
        maintainers=MAINTAINER,
        slack_bot_token=slack_standin.bot_token,
        slack_api_url=slack_standin.api_url,
        database_url=database_url,
    )
    clock = Clock(local(2026, 12, 3))
    runtime = Runtime(
        settings,
        load_knowledge(directory),
        knowledge_dir=directory,
        now=clock,
        matcher_factory=lambda k: object(),
    )
    store = open_store(database_url)
    client = AsyncWebClient(token=slack_standin.bot_token, base_url=slack_standin.api_url)
    services = build_services(runtime, store=store, client=client)
    yield Harness(runtime, services, slack_standin, clock, directory)
    store.close()


def test_a_due_reminder_is_posted_once_in_the_events_language(harness: Harness) -> None:
    report = harness.tick()
    assert report.outcomes == {"sent": 1}
    (post,) = harness.posts()
    assert "Påminnelse: Testevenemang expo" in post["text"]
    assert "om 7 dagar, 10–11 december" in post["text"]  # an Örebro event: written in Swedish
    assert post["metadata"]["event_payload"]["key"] == "reminder:expo:2026-12-10:7d:C0EVENTS"
    assert harness.tick(local(2026, 12, 3, 9, 5)).outcomes == {}
    assert len(harness.posts()) == 1


def test_a_reminder_missed_while_down_is_sent_late_on_start(harness: Harness) -> None:
    report = harness.tick(local(2026, 12, 3, 14, 0))  # the bot was down from before 09:00 until 14:00
    assert report.outcomes == {"sent": 1}
    (post,) = harness.posts()
    assert "senare än planerat" in str(post["blocks"])
    row = harness.row("reminder:expo:2026-12-10:7d:C0EVENTS")
    assert row is not None
    assert (row.status, row.late) == ("sent", True)


def test_after_a_long_outage_only_the_nearest_reminder_goes_out(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.reminders.service"):
        report = harness.tick(local(2026, 12, 9, 15, 0))
        assert report.outcomes == {"sent": 1}
        assert report.skipped == ["reminder:expo:2026-12-10:7d:C0EVENTS"]
        assert harness.tick(local(2026, 12, 9, 15, 1)).skipped == []  # logged once, not every minute
    (post,) = harness.posts()
    assert "i morgon" in post["text"]
    assert sum("not sent" in r.getMessage() for r in caplog.records) == 1


def test_reminders_of_an_event_that_has_begun_are_skipped_and_logged(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.reminders.service"):
        report = harness.tick(local(2026, 12, 10, 10, 0))
    assert report.outcomes == {}
    assert sorted(report.skipped) == [
        "reminder:expo:2026-12-10:1d:C0EVENTS",
        "reminder:expo:2026-12-10:7d:C0EVENTS",
    ]
    assert harness.posts() == []
    assert any("expo" in r.getMessage() and "began" in r.getMessage() for r in caplog.records)


def test_a_moved_event_drops_its_old_reminders_and_gets_new_ones(harness: Harness) -> None:
    assert harness.tick().outcomes == {"sent": 1}  # 7 days before 10 December
    harness.edit_events(event_yaml("expo", "2026-12-17", "2026-12-18", themes=("elderly-care",)))
    result = harness.watch()
    assert result is not None
    assert result.ok and result.changed
    assert harness.tick(local(2026, 12, 9)).outcomes == {}  # the old 1-day reminder is gone
    assert harness.tick(local(2026, 12, 10)).outcomes == {"sent": 1}  # 7 days before 17 December
    texts = [p["text"] for p in harness.posts()]
    assert "10–11 december" in texts[0]
    assert "17–18 december" in texts[1]


def test_a_deleted_event_gets_nothing(harness: Harness) -> None:
    harness.edit_events()
    assert asyncio.run(harness.services.knowledge.reload()).changed
    assert "expo" not in harness.runtime.snapshot.knowledge.events
    assert harness.tick().outcomes == {}
    assert harness.tick(local(2026, 12, 9)).outcomes == {}
    assert harness.posts() == []


def test_remind_me_sends_a_dm_in_the_readers_language(harness: Harness) -> None:
    harness.clock.now = local(2026, 12, 1)
    result = asyncio.run(harness.service.remind_me("U0ANNA", "expo", "en"))
    assert (result.status, result.times) == (
        "added",
        (datetime(2026, 12, 3, 9, 0, tzinfo=STOCKHOLM), datetime(2026, 12, 9, 9, 0, tzinfo=STOCKHOLM)),
    )
    assert harness.tick(local(2026, 12, 3)).outcomes == {"sent": 2}  # the channel's and Anna's
    (dm,) = harness.posts("D0ANNA")
    assert "Reminder: Testevenemang expo" in dm["text"]
    assert "in 7 days, 10–11 December" in dm["text"]
    assert "remind_me" not in str(dm["blocks"])  # she already asked
    assert len(harness.posts()) == 1
    assert not asyncio.run(harness.service.subscribe("U0ANNA", Topic("event", "expo"), "en")).added
    assert asyncio.run(harness.service.unsubscribe("U0ANNA", Topic("event", "expo")))
    assert harness.tick(local(2026, 12, 9)).outcomes == {"sent": 1}  # only the channel's 1-day reminder


def test_remind_me_after_a_reminder_time_does_not_bring_that_reminder_at_once(harness: Harness) -> None:
    harness.clock.now = local(2026, 12, 5, 12, 0)  # after the 7-day reminder's time
    result = asyncio.run(harness.service.remind_me("U0ANNA", "expo", "sv"))
    assert result.times == (datetime(2026, 12, 9, 9, 0, tzinfo=STOCKHOLM),)
    harness.tick(local(2026, 12, 5, 12, 1))
    assert harness.posts("D0ANNA") == []
    harness.tick(local(2026, 12, 9))
    (dm,) = harness.posts("D0ANNA")
    assert "i morgon" in dm["text"]
    assert (asyncio.run(harness.service.remind_me("U0ANNA", "expo", "sv"))).status == "already"


def test_remind_me_on_an_event_too_close_or_begun_or_unknown(harness: Harness) -> None:
    harness.clock.now = local(2026, 12, 9, 20, 0)  # every reminder time has passed
    assert asyncio.run(harness.service.remind_me("U0ANNA", "expo", "en")).status == "none_left"
    harness.clock.now = local(2026, 12, 10, 10, 0)
    assert asyncio.run(harness.service.remind_me("U0ANNA", "expo", "en")).status == "begun"
    assert asyncio.run(harness.service.remind_me("U0ANNA", "nope", "en")).status == "unknown"


def test_new_matching_events_are_announced_once(harness: Harness) -> None:
    service = harness.service
    known = asyncio.run(service.subscribe("U0ANNA", Topic("theme", "elderly-care"), "en")).known
    assert [e.id for e in known] == ["expo"]  # listed in the reply, so never announced
    asyncio.run(service.subscribe("U0ANNA", Topic("place", "se-orebro-lan"), "en"))
    harness.edit_events(EXPO, event_yaml("fair", "2027-02-01", themes=("elderly-care",)))
    assert harness.watch() is not None
    harness.tick()
    (announcement,) = harness.posts("D0ANNA")  # theme and place both match: one DM
    assert "Testevenemang fair" in announcement["text"]
    assert "elderly care" in announcement["text"].lower()
    harness.tick(local(2026, 12, 3, 9, 1))
    assert len(harness.posts("D0ANNA")) == 1


def test_a_broken_edit_keeps_the_old_snapshot_and_tells_maintainers_once(harness: Harness) -> None:
    before = harness.runtime.snapshot
    events = harness.directory / "events.yaml"
    good = events.read_text(encoding="utf-8")
    events.write_text(good.replace("start: 2026-12-10", "start: 2026-13-45"), encoding="utf-8")
    _bump_mtime(events)
    result = harness.watch()
    assert result is not None
    assert not result.ok
    assert result.notified == (MAINTAINER,)
    assert harness.runtime.snapshot is before
    (dm,) = harness.posts("D0MAINT")
    assert "events.yaml:" in str(dm["blocks"])
    assert before.version in dm["text"]
    # The same bad version seen again (touched, or after a restart): no second DM.
    _bump_mtime(events)
    again = harness.watch()
    assert again is not None
    assert again.notified == ()
    assert len(harness.posts("D0MAINT")) == 1
    # The bot keeps working from the last good snapshot.
    assert harness.tick().outcomes == {"sent": 1}
    # Fixed: served at once.
    events.write_text(good.replace("2026-12-10", "2026-12-11"), encoding="utf-8")
    _bump_mtime(events)
    fixed = harness.watch()
    assert fixed is not None
    assert fixed.ok and fixed.changed
    assert harness.runtime.snapshot.knowledge.events["expo"].start.day.isoformat() == "2026-12-11"


def test_a_half_written_state_fixed_before_it_settles_is_never_reported(harness: Harness) -> None:
    events = harness.directory / "events.yaml"
    good = events.read_text(encoding="utf-8")
    events.write_text(good + "\n- id: [half-written\n", encoding="utf-8")
    _bump_mtime(events)
    assert asyncio.run(harness.services.knowledge.watch()) is None  # seen changing
    harness.edit_events(event_yaml("expo", "2026-12-12", themes=("elderly-care",)))  # the rest arrives
    assert asyncio.run(harness.services.knowledge.watch()) is None  # still changing
    result = asyncio.run(harness.services.knowledge.watch())
    assert result is not None
    assert result.ok and result.changed
    assert harness.posts("D0MAINT") == []


def test_nothing_changed_on_disk_means_no_reload(harness: Harness) -> None:
    assert harness.watch() is None


def test_the_scheduler_ticks_at_start_and_stops_cleanly(harness: Harness) -> None:
    async def run() -> None:
        await harness.services.start()
        for _ in range(600):  # up to 15 s on a busy machine; usually the first poll or two
            if harness.posts():
                break
            await asyncio.sleep(0.025)
        await harness.services.stop(5.0)

    asyncio.run(run())
    assert len(harness.posts()) == 1
    assert not harness.services.scheduler.running


def test_a_channel_name_instead_of_an_id_is_warned_about_at_start(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    harness.service.params = replace(harness.service.params, channel="#events")

    async def run() -> None:
        await harness.services.start()
        await harness.services.stop(5.0)

    with caplog.at_level(logging.WARNING, logger="bot.reminders.service"):
        asyncio.run(run())
    assert any("is not a channel id" in r.getMessage() for r in caplog.records)


def test_a_file_written_slowly_is_not_reported_and_one_left_invalid_is(harness: Harness) -> None:
    events = harness.directory / "events.yaml"
    good = events.read_text(encoding="utf-8")
    events.write_text(good[: len(good) // 2], encoding="utf-8")  # half of it, written just now
    result = harness.watch()
    assert result is not None and not result.ok  # invalid, but the writer may still be at work…
    assert result.notified == () and harness.posts("D0MAINT") == []  # …so nobody is alarmed yet
    assert asyncio.run(harness.services.knowledge.watch()) is None  # nothing new while it is recent
    events.write_text(good, encoding="utf-8")  # the rest arrives (after a pause)
    _bump_mtime(events)
    fixed = harness.watch()
    assert fixed is not None and fixed.ok and harness.posts("D0MAINT") == []

    events.write_text(good[: len(good) // 2], encoding="utf-8")  # half again, and then nothing more
    assert harness.watch() is not None and harness.posts("D0MAINT") == []
    stamp = time.time_ns() - 60 * 1_000_000_000  # as if a minute had passed since the last write…
    os.utime(events, ns=(stamp, stamp))
    assert asyncio.run(harness.services.knowledge.watch()) is None  # (the touch itself settles first)
    reported = asyncio.run(harness.services.knowledge.watch())
    assert reported is not None and not reported.ok and reported.notified == (MAINTAINER,)
    assert len(harness.posts("D0MAINT")) == 1
