"""The maintainers' DMs: when the weekly report digest and the monthly stale-entries list are due
(also across daylight saving), what they say, and that each goes out once per maintainer and
period however many replicas look (through the deliveries ledger, against the Slack stand-in)."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import load_settings
from bot.knowledge.loading import load_knowledge
from bot.knowledge.problem import Problem
from bot.runtime import Runtime
from bot.slack.services import build_services
from bot.storage.store import open_store
from bot.upkeep.digests import (
    build_report_digest,
    build_stale_digest,
    digest_key,
    monthly_period,
    weekly_period,
)
from bot.upkeep.question_log import question_entry
from bot.upkeep.report import build_report
from bot.upkeep.service import Upkeep
from tests.bot_process import ROOT
from tests.slack_standin import SlackStandin, block_kit_problems, texts_of
from tests.tiny_knowledge import answer_of

STOCKHOLM = ZoneInfo("Europe/Stockholm")


# ----- when --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("now", "key", "since", "until"),
    [
        # Monday 09:00 local is the moment; just before it, last week's digest is the latest due.
        ("2026-11-23T09:00+01:00", "2026-W48", "2026-11-16T09:00+01:00", "2026-11-23T09:00+01:00"),
        ("2026-11-23T08:59+01:00", "2026-W47", "2026-11-09T09:00+01:00", "2026-11-16T09:00+01:00"),
        ("2026-11-29T23:00+01:00", "2026-W48", "2026-11-16T09:00+01:00", "2026-11-23T09:00+01:00"),
        # The Monday after the clocks go back (25 October 2026): 09:00 is 08:00 UTC, not 07:00.
        ("2026-10-26T08:00Z", "2026-W44", "2026-10-19T09:00+02:00", "2026-10-26T09:00+01:00"),
        ("2026-10-26T07:30Z", "2026-W43", "2026-10-12T09:00+02:00", "2026-10-19T09:00+02:00"),
        # ISO week 53 and the year boundary.
        ("2027-01-04T10:00+01:00", "2027-W01", "2026-12-28T09:00+01:00", "2027-01-04T09:00+01:00"),
    ],
)
def test_weekly_period(now: str, key: str, since: str, until: str) -> None:
    period = weekly_period(datetime.fromisoformat(now), STOCKHOLM)
    assert (period.key, period.since, period.until) == (
        key,
        datetime.fromisoformat(since),
        datetime.fromisoformat(until),
    )
    assert period.until.astimezone(STOCKHOLM).hour == 9


def test_monthly_period() -> None:
    first = monthly_period(datetime(2026, 12, 1, 8, 0, tzinfo=UTC), STOCKHOLM)  # 09:00 in Stockholm
    assert first.key == "2026-12" and first.until == datetime(2026, 12, 1, 9, tzinfo=STOCKHOLM)
    assert first.since == datetime(2026, 11, 1, 9, tzinfo=STOCKHOLM)
    before = monthly_period(datetime(2026, 12, 1, 7, 59, tzinfo=UTC), STOCKHOLM)
    assert before.key == "2026-11"
    january = monthly_period(datetime(2027, 1, 15, tzinfo=UTC), STOCKHOLM)
    assert (january.key, january.since.month, january.since.year) == ("2027-01", 12, 2026)
    assert digest_key("stale", january, "U1") == "digest:stale:2027-01:user:U1"


# ----- what -----------------------------------------------------------------------------------------------
def test_report_digest_message_is_short_valid_and_escaped() -> None:
    knowledge = load_knowledge(ROOT / "knowledge")
    period = weekly_period(datetime(2026, 11, 23, 10, tzinfo=UTC), STOCKHOLM)
    asked = period.since + timedelta(days=1)
    rows = [
        question_entry(
            answer_of(f"<!channel> sociala företag i Kiruna {n % 2}"), "no_results", at=asked,
            channel_type="im", user_hash=f"h{n}",
        )
        for n in range(12)
    ]  # fmt: skip
    report = build_report(rows, [], knowledge, since=period.since, until=period.until)
    message = build_report_digest(report, period)
    assert block_kit_problems(message["blocks"]) == []
    texts = "\n".join(texts_of(message["blocks"]))
    assert "12 questions not answered well" in message["text"]
    assert "&lt;!channel&gt;" in texts and "<!channel>" not in texts
    assert "python -m bot report --since 7d --format html" in texts


def test_stale_digest_lists_file_and_line_and_is_cut_to_fit() -> None:
    period = monthly_period(datetime(2026, 12, 2, tzinfo=UTC), STOCKHOLM)
    warnings = [
        Problem("knowledge/enterprises.yaml", n, f"warning: e{n} was last verified 2024-01-01")
        for n in range(200)
    ]
    message = build_stale_digest(warnings, max_age_days=365, period=period)
    assert block_kit_problems(message["blocks"]) == []
    texts = "\n".join(texts_of(message["blocks"]))
    assert "200 knowledge base entries rest on sources older than 365 days" in texts
    assert "knowledge/enterprises.yaml:0: warning: e0" in texts
    assert re.search(r"… and 1\d\d more \(python -m bot check --stale 365d\)", texts)


# ----- sent once, through the ledger ----------------------------------------------------------------------
def _replica(slack: SlackStandin, url: str, now: datetime, **settings: object) -> Upkeep:
    runtime = Runtime(
        load_settings(
            **({"slack_bot_token": slack.bot_token, "slack_api_url": slack.api_url,
                "maintainers": "U0MAIN1 U0MAIN2"} | settings),
        ),
        load_knowledge(ROOT / "knowledge"),
        knowledge_dir=ROOT / "knowledge",
        now=lambda: now,
    )  # fmt: skip
    store = open_store(url)
    client = AsyncWebClient(token=slack.bot_token, base_url=slack.api_url)
    return build_services(runtime, store=store, client=client).upkeep


def _dms(slack: SlackStandin) -> list[str]:
    return [c.text for c in slack.calls_to("chat.postMessage") if str(c.get("channel", "")).startswith("D")]


def test_each_digest_goes_to_each_maintainer_once_across_replicas(
    slack_standin: SlackStandin, database_url: str
) -> None:
    # A Thursday: the digest of the week 22–29 May and June's stale list are due.
    now = datetime(2028, 6, 1, 10, tzinfo=UTC)
    replicas = [
        _replica(slack_standin, database_url, now, report_digest="weekly", stale_after_days=365)
        for _ in range(2)
    ]
    replicas[0].recorder.submit(
        question_entry(
            answer_of("horses in Tomby"),
            "no_results",
            at=now - timedelta(days=5),  # in the week the digest covers
            channel_type="im",
            user_hash="h",
        )
    )
    assert replicas[0].recorder.flush(5)

    async def race() -> list[dict[str, int]]:
        return list(
            await asyncio.gather(*(r.run_once() for r in replicas), *(r.run_once() for r in replicas))
        )

    outcomes = asyncio.run(race())
    dms = _dms(slack_standin)
    assert len(dms) == 4, dms
    assert sum("weekly report: 1 question" in t for t in dms) == 2, dms  # one per maintainer
    assert sum("on old sources" in t for t in dms) == 2
    assert sum(o["report"] + o["stale"] for o in outcomes) == 4
    # The next look, an hour later, sends nothing new.
    later = [_replica(slack_standin, database_url, now + timedelta(hours=1), report_digest="weekly")]
    asyncio.run(later[0].run_once())
    assert len(_dms(slack_standin)) == 4
    for replica in [*replicas, *later]:
        replica.recorder.close(1)
        replica.log.store.close()


def test_off_by_default_and_nothing_without_maintainers(
    slack_standin: SlackStandin, database_url: str
) -> None:
    now = datetime(2028, 6, 1, 10, tzinfo=UTC)
    default = _replica(slack_standin, database_url, now, stale_after_days=0)
    assert default.runtime.settings.report_digest == "off"
    done = asyncio.run(default.run_once())
    assert done["report"] == 0 and done["stale"] == 0 and _dms(slack_standin) == []
    nobody = _replica(slack_standin, database_url, now, report_digest="weekly", maintainers="")
    asyncio.run(nobody.run_once())
    assert _dms(slack_standin) == []
    for replica in (default, nobody):
        replica.recorder.close(1)
        replica.log.store.close()


def test_the_job_purges_old_rows(slack_standin: SlackStandin, database_url: str) -> None:
    now = datetime(2028, 6, 1, 10, tzinfo=UTC)
    upkeep = _replica(slack_standin, database_url, now, question_log_days=30, stale_after_days=0)
    for age in (40, 10):
        upkeep.recorder.submit(
            question_entry(answer_of(f"{age} days ago"), "no_results", at=now - timedelta(days=age),
                           channel_type="im", user_hash="h")
        )  # fmt: skip
    assert upkeep.recorder.flush(5)
    assert asyncio.run(upkeep.run_once())["purged"] == 1
    assert [q.question for q in upkeep.log.questions(now - timedelta(days=365))] == ["10 days ago"]
    upkeep.recorder.close(1)
    upkeep.log.store.close()
