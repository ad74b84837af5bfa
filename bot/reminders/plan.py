"""Reminder planning: which reminder goes where, and when, as a pure function of the knowledge.

Nothing is queued anywhere: every scheduler tick plans again from the current snapshot, so a moved
event's old reminders simply stop existing and a deleted event's are never sent. The deliveries
ledger (`bot.reminders.delivery`) is what remembers what went out; a reminder's key names the event, the day
it starts, the offset and the target, so moving an event to another day plans fresh reminders.

Rules (issue 6): 7 and 1 days before the start at 09:00 in BOT_TIMEZONE unless the event's
`reminders:` says otherwise; a reminder whose time is not before the event's start is not planned;
a month-precision event has no day to count from and gets none. An event given only as a day is
taken to begin at 00:00 that day (we do not know when, so a reminder on the day itself would risk
arriving after it began).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from bot.knowledge.model import Event, Knowledge, Lang

DEFAULT_OFFSETS: tuple[int, ...] = (7, 1)
DEFAULT_TIME = time(9, 0)
USER_PREFIX = "user:"

State = Literal["upcoming", "due", "superseded", "missed"]


@dataclass(frozen=True, slots=True)
class ReminderParams:
    """The settings planning depends on (a `Settings` has them all; tests build one directly)."""

    timezone: ZoneInfo
    channel: str | None = None  # REMINDER_CHANNEL; None: only events naming their own channel
    offsets_days: tuple[int, ...] = DEFAULT_OFFSETS
    time_of_day: time = DEFAULT_TIME
    late_after: timedelta = timedelta(minutes=15)  # a due reminder older than this is "late"

    @classmethod
    def from_settings(cls, settings: object) -> ReminderParams:
        tz = getattr(settings, "timezone", None) or ZoneInfo(getattr(settings, "bot_timezone", "UTC"))
        return cls(timezone=tz, channel=getattr(settings, "reminder_channel", None) or None)


@dataclass(frozen=True, slots=True)
class PersonalRequest:
    """Someone pressed "Remind me" on an event (or subscribed to it)."""

    user_id: str
    event_id: str
    lang: Lang = "en"
    # When they asked: reminder times before it are not theirs (a click 3 days before an event
    # must not bring the 7-day reminder at once), but ones missed later while the bot was down are.
    since: datetime | None = None


@dataclass(frozen=True, slots=True)
class PlannedReminder:
    key: str
    event_id: str
    offset_days: int
    target: str  # channel id or name, or "user:U…" for a personal DM
    send_at: datetime  # aware, in BOT_TIMEZONE
    event_start: datetime  # aware: when the event is taken to begin
    state: State  # relative to `now`: upcoming, due, superseded (a later one is due too), missed
    late: bool = False  # due, and more than `late_after` past its time
    lang: Lang | None = None  # personal reminders: the reader's language

    @property
    def user_id(self) -> str | None:
        return self.target.removeprefix(USER_PREFIX) if self.target.startswith(USER_PREFIX) else None


def reminder_key(event_id: str, start_day: date, offset_days: int, target: str) -> str:
    return f"reminder:{event_id}:{start_day.isoformat()}:{offset_days}d:{target}"


def normalise_target(channel: str) -> str:
    """ "#events" and "events" name the same channel; keys must not differ by the hash sign."""
    return channel.strip().lstrip("#")


def parse_time_of_day(value: str) -> time:
    """ "HH:MM" (24-hour), as `reminders: time:` is written in YAML."""
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", value.strip())
    if match is None:
        raise ValueError(f"not a time of day: {value!r} (use HH:MM, e.g. 08:30)")
    return time(int(match.group(1)), int(match.group(2)))


def event_start(event: Event, tz: ZoneInfo) -> datetime | None:
    """When the event begins as an instant; None when only the month is known."""
    when = event.start
    if when.precision == "month":
        return None
    if when.precision == "datetime" and isinstance(when.value, datetime):
        return when.value.astimezone(tz)
    return datetime.combine(when.day, time(0, 0), tzinfo=tz)


def local_send_time(start_day: date, offset_days: int, at: time, tz: ZoneInfo) -> datetime:
    """`offset_days` calendar days before `start_day` at wall-clock `at` — 09:00 stays 09:00 across DST.

    A wall time that does not exist (skipped by a spring-forward) is normalised through UTC.
    """
    naive_day = start_day - timedelta(days=offset_days)
    return datetime.combine(naive_day, at, tzinfo=tz).astimezone(ZoneInfo("UTC")).astimezone(tz)


def _schedule(event: Event, params: ReminderParams) -> tuple[tuple[int, ...], time, str | None]:
    override = event.reminders
    offsets = params.offsets_days
    at = params.time_of_day
    channel = params.channel
    if override is not None:
        if override.offsets_days is not None:
            offsets = override.offsets_days
        if override.time_of_day:
            at = parse_time_of_day(override.time_of_day)
        if override.channel:
            channel = override.channel
    return tuple(sorted({o for o in offsets if o >= 0}, reverse=True)), at, channel


def plan_reminders(
    knowledge: Knowledge,
    now: datetime,
    params: ReminderParams,
    personal: Iterable[PersonalRequest] = (),
) -> list[PlannedReminder]:
    """Every reminder of every dated event, with its state at `now`, ordered by time then key.

    Callers choose what they need: the tick takes `due` ones (and logs `missed` recent ones), the
    dry run shows what falls in its window.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    tz = params.timezone
    wanted: dict[str, dict[str, tuple[Lang | None, datetime | None]]] = {}
    for request in personal:
        wanted.setdefault(request.event_id, {})[USER_PREFIX + request.user_id] = (request.lang, request.since)

    planned: list[PlannedReminder] = []
    for event in knowledge.events.values():
        start = event_start(event, tz)
        if start is None:
            continue
        offsets, at, channel = _schedule(event, params)
        targets: list[tuple[str, Lang | None, datetime | None]] = []
        if channel:
            targets.append((normalise_target(channel), None, None))
        targets.extend((t, lang, since) for t, (lang, since) in sorted(wanted.get(event.id, {}).items()))
        start_day = start.date()
        for target, lang, since in targets:
            planned.extend(
                _for_target(
                    event,
                    start=start,
                    start_day=start_day,
                    offsets=offsets,
                    at=at,
                    target=target,
                    lang=lang,
                    now=now,
                    params=params,
                    not_before=since,
                )
            )
    planned.sort(key=lambda r: (r.send_at, r.key))
    return planned


def _for_target(
    event: Event,
    *,
    start: datetime,
    start_day: date,
    offsets: Sequence[int],
    at: time,
    target: str,
    lang: Lang | None,
    now: datetime,
    params: ReminderParams,
    not_before: datetime | None = None,
) -> list[PlannedReminder]:
    result: list[PlannedReminder] = []
    times = [(o, local_send_time(start_day, o, at, params.timezone)) for o in offsets]
    times = [(o, t) for o, t in times if t < start and (not_before is None or t >= not_before)]
    # Several due at once (the bot was down for a while): only the nearest to the event is sent.
    due = [o for o, t in times if t <= now < start]
    nearest_due = min(due) if due else None
    for offset, send_at in times:
        late = False
        if start <= now:
            state: State = "missed"
        elif send_at > now:
            state = "upcoming"
        elif offset == nearest_due:
            state = "due"
            late = now - send_at > params.late_after
        else:
            state = "superseded"
        result.append(
            PlannedReminder(
                key=reminder_key(event.id, start_day, offset, target),
                event_id=event.id,
                offset_days=offset,
                target=target,
                send_at=send_at,
                event_start=start,
                state=state,
                late=late,
                lang=lang,
            )
        )
    return result


def in_window(plan: Iterable[PlannedReminder], start: datetime, end: datetime) -> list[PlannedReminder]:
    """Reminders whose time falls in [start, end), plus any due now: what a dry run shows."""
    return [r for r in plan if r.state == "due" or (start <= r.send_at < end and r.state == "upcoming")]
