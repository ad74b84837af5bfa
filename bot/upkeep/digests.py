"""The maintainers' direct messages: the weekly report digest and the monthly stale-entries list.

Pure: when each is due, its delivery key, and its Block Kit message. Each period has one key per
maintainer, so the deliveries ledger (`bot.reminders.delivery`) posts it once however many replicas run and
however often the upkeep job looks; one missed while the bot was down goes out when it is back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.knowledge.problem import Problem
from bot.understanding.slack_text import code_block, escape, truncate
from bot.upkeep.report import Report

SEND_AT = time(9, 0)  # local (BOT_TIMEZONE), like the reminders
ITEMS = 5  # per section of the weekly digest
STALE_LINES = 60
SECTION_CHARS = 2900  # under Slack's 3,000 a section, with room for the code fence

Message = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Period:
    key: str  # "2026-W48", "2026-11"
    since: datetime  # the period the digest covers, [since, until)
    until: datetime  # also when it became due


def weekly_period(now: datetime, tz: ZoneInfo) -> Period:
    """The latest weekly digest due at `now`: Mondays at 09:00 local, covering the week before."""
    local = now.astimezone(tz)
    monday = local.date() - timedelta(days=local.weekday())
    due = _at(monday, tz)
    if local < due:
        due = _at(monday - timedelta(days=7), tz)
    year, week, _ = due.date().isocalendar()
    return Period(f"{year}-W{week:02d}", _at(due.date() - timedelta(days=7), tz), due)


def monthly_period(now: datetime, tz: ZoneInfo) -> Period:
    """The latest monthly list due at `now`: the 1st at 09:00 local."""
    local = now.astimezone(tz)
    first = local.date().replace(day=1)
    due = _at(first, tz)
    if local < due:
        first = (first - timedelta(days=1)).replace(day=1)
        due = _at(first, tz)
    previous = (first - timedelta(days=1)).replace(day=1)
    return Period(f"{first:%Y-%m}", _at(previous, tz), due)


def _at(day: date, tz: ZoneInfo) -> datetime:
    # Wall-clock 09:00 that day; ZoneInfo resolves the offset (correct across daylight saving).
    return datetime.combine(day, SEND_AT, tzinfo=tz)


def digest_key(kind: str, period: Period, user_id: str) -> str:
    return f"digest:{kind}:{period.key}:user:{user_id}"


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, SECTION_CHARS)}}


def _lines(items: Sequence[str]) -> str:
    return "\n".join(f"• {item}" for item in items)


def build_report_digest(report: Report, period: Period) -> Message:
    """The weekly digest: the report's headline figures and the top of each list."""
    head = (
        f"*Samverka weekly report, {report.since:%Y-%m-%d} – {report.until:%Y-%m-%d}*\n"
        f"{report.questions} question{_s(report.questions)} not answered well "
        f"({report.no_results} with no results, {report.widened} with nothing in the place itself, "
        f"{report.low_confidence} with low confidence) from {report.askers} "
        f"{'person' if report.askers == 1 else 'people'}; ratings {report.ratings_up} 👍 "
        f"{report.ratings_down} 👎."
    )
    blocks = [_section(head)]
    if report.groups:
        items = [f"{g.count} × {escape(g.text)}" for g in report.groups[:ITEMS]]
        blocks.append(_section("*Most asked, not answered well*\n" + _lines(items)))
    if report.place_gaps:
        items = [f"{escape(g.name)} ({g.questions})" for g in report.place_gaps[:ITEMS]]
        blocks.append(_section("*Places asked about with no enterprise*\n" + _lines(items)))
    if report.theme_gaps:
        items = [f"{escape(g.label)} ({g.questions})" for g in report.theme_gaps[:ITEMS]]
        blocks.append(_section("*Themes asked about with no enterprise*\n" + _lines(items)))
    if report.worst:
        items = [
            f"{escape(a.question)}: {a.down} 👎 {a.up} 👍 ({escape(', '.join(a.results) or 'no results')})"
            for a in report.worst[:ITEMS]
        ]
        blocks.append(_section("*Worst-rated answers*\n" + _lines(items)))
    blocks.append(
        {
            "type": "context",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": "The full report: `python -m bot report --since 7d --format html` "
                    f"(REPORT_DIGEST=off stops these messages) · {period.key}",
                }
            ],
        }
    )
    text = f"Samverka weekly report: {report.questions} question{_s(report.questions)} not answered well"
    return {"text": text, "blocks": blocks}


def build_stale_digest(warnings: Sequence[Problem], *, max_age_days: int, period: Period) -> Message:
    """The monthly list of entries whose newest source (or confirmation) is older than `max_age_days`."""
    count = len(warnings)
    head = (
        f"*{count} knowledge base entr{'y rests' if count == 1 else 'ies rest'} on sources older than "
        f"{max_age_days} days.* Find a newer source (add it to `source:`), confirm the facts and set "
        "`verified:`, or remove the entry."
    )
    lines: list[str] = []
    budget = SECTION_CHARS - 200  # the code fence and the "… and N more" line
    for warning in warnings[:STALE_LINES]:
        line = truncate(str(warning), 300)
        if sum(len(x) + 1 for x in lines) + len(line) > budget:
            break
        lines.append(line)
    if count > len(lines):
        lines.append(f"… and {count - len(lines)} more (python -m bot check --stale {max_age_days}d)")
    return {
        "text": f"Samverka: {count} knowledge base {'entry rests' if count == 1 else 'entries rest'} "
        "on old sources",
        "blocks": [
            _section(head),
            _section(code_block("\n".join(lines))),
            {
                "type": "context",
                "elements": [
                    {
                        "type": "mrkdwn",
                        "text": f"STALE_AFTER_DAYS={max_age_days} (0 stops these messages) · {period.key}",
                    }
                ],
            },
        ],
    }


def _s(n: int) -> str:
    return "" if n == 1 else "s"
