"""`python -m bot reminders`: the reminder plan as a dry run, so a maintainer sees what goes out."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.cli import CommandError, load_knowledge_or_fail
from bot.config import load_settings
from bot.knowledge.model import Knowledge
from bot.knowledge.upcoming import upcoming_events
from bot.reminders.plan import PlannedReminder, ReminderParams, event_start, in_window, plan_reminders

HELP = "show the reminder plan (dry run: nothing is sent)"
DESCRIPTION = (
    "Print the channel reminders that will go out in the next --days days, as planned from the "
    "knowledge base and REMINDER_CHANNEL / BOT_TIMEZONE: when (in BOT_TIMEZONE), which event, how "
    "many days before, and where. Nothing is sent and no database is opened, so personal reminders "
    '("Remind me") are not listed. Events that get no reminder, and why, are listed below the plan.'
)
MAX_DAYS = 3660


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--now",
        metavar="ISO-DATETIME",
        default=None,
        help="plan as if it were this time, e.g. 2026-12-03T08:00 (BOT_TIMEZONE) or 2026-12-03T08:00+01:00 "
        "(default: the current time)",
    )
    parser.add_argument(
        "--days", type=int, default=30, metavar="N", help="how many days ahead to show (default: 30)"
    )
    parser.add_argument("--json", action="store_true", help="print the plan as one JSON object")


def parse_now(text: str, tz: ZoneInfo) -> datetime:
    """An ISO date-time; without an offset it is read in BOT_TIMEZONE."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(
            f"--now: {text!r} is not an ISO date-time (e.g. 2026-12-03T08:00 or 2026-12-03T08:00+01:00)", 2
        ) from None
    return value if value.tzinfo is not None else value.replace(tzinfo=tz)


def _unplanned(knowledge: Knowledge, params: ReminderParams, now: datetime, planned: set[str]) -> list[str]:
    """Upcoming events without any reminder, each with the reason."""
    lines = []
    for event in upcoming_events(knowledge, now.astimezone(params.timezone).date()):
        if event.id in planned:
            continue
        start = event_start(event, params.timezone)
        if start is None:
            reason = "only the month is known, so there is no day to count from"
        elif not params.channel and not (event.reminders and event.reminders.channel):
            reason = "no channel: set REMINDER_CHANNEL or the event's reminders: channel"
        elif start <= now:
            reason = "it has begun"
        else:
            reason = "every reminder time has passed or falls after its start"
        lines.append(f"{event.id}: {reason}")
    return lines


def _row(r: PlannedReminder, knowledge: Knowledge, tz: ZoneInfo) -> dict[str, str]:
    event = knowledge.events[r.event_id]
    state = "due now, late" if r.late else ("due now" if r.state == "due" else "planned")
    return {
        "send_at": r.send_at.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z"),
        "before": f"{r.offset_days} d",
        "event": event.id,
        "starts": r.event_start.astimezone(tz).strftime("%Y-%m-%d %H:%M")
        if event.start.precision == "datetime"
        else r.event_start.astimezone(tz).strftime("%Y-%m-%d"),
        "target": r.target,
        "state": state,
    }


def _table(rows: list[dict[str, str]]) -> str:
    headers = {
        "send_at": "SEND AT",
        "before": "BEFORE",
        "event": "EVENT",
        "starts": "STARTS",
        "target": "TO",
        "state": "STATE",
    }
    widths = {k: max([len(h)] + [len(row[k]) for row in rows]) for k, h in headers.items()}
    lines = ["  ".join(h.ljust(widths[k]) for k, h in headers.items()).rstrip()]
    lines += ["  ".join(row[k].ljust(widths[k]) for k in headers).rstrip() for row in rows]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    params = ReminderParams.from_settings(settings)
    tz = params.timezone
    now = parse_now(args.now, tz) if args.now else datetime.now(UTC)
    if not 1 <= args.days <= MAX_DAYS:
        raise CommandError(f"--days must be between 1 and {MAX_DAYS}, not {args.days}", 2)
    knowledge = load_knowledge_or_fail(args.knowledge)
    plan = plan_reminders(knowledge, now, params)
    end = now + timedelta(days=args.days)
    shown = in_window(plan, now, end)
    rows = [_row(r, knowledge, tz) for r in shown]
    unplanned = _unplanned(
        knowledge, params, now, {r.event_id for r in plan if r.state in ("due", "upcoming")}
    )
    if args.json:
        print(json.dumps({"now": now.isoformat(), "days": args.days, "timezone": str(tz), "reminders": rows,
                          "without_reminders": unplanned}, ensure_ascii=False, indent=2))  # fmt: skip
        return 0
    local = now.astimezone(tz)
    print(
        f"Reminder plan from {local:%Y-%m-%d %H:%M %Z} for {args.days} days ({tz}); dry run, nothing is sent."
    )
    if not params.channel:
        print("REMINDER_CHANNEL is not set: only events naming their own channel are reminded.")
    print(_table(rows) if rows else "No reminders in this period.")
    if any(r.state == "due" for r in shown):
        print('"due now": sent at the next tick unless already sent (a dry run does not read the database).')
    plural = "s" if len(rows) != 1 else ""
    print(f'{len(rows)} reminder{plural}. Personal reminders ("Remind me") are not shown.')
    if unplanned:
        print("Upcoming events without reminders:")
        for line in unplanned:
            print(f"  {line}")
    return 0
