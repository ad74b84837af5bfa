"""Reminder planning is pure: knowledge + now + settings in, reminders out. No clock, no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.knowledge.model import ReminderOverride
from bot.reminders.plan import (
    PersonalRequest,
    ReminderParams,
    in_window,
    local_send_time,
    parse_time_of_day,
    plan_reminders,
    reminder_key,
)
from tests.reminder_fixtures import event, knowledge

STOCKHOLM = ZoneInfo("Europe/Stockholm")
PARAMS = ReminderParams(timezone=STOCKHOLM, channel="C0EVENTS")
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def at(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=STOCKHOLM)


def test_defaults_are_seven_and_one_day_before_at_nine() -> None:
    plan = plan_reminders(knowledge(event("expo", date(2026, 12, 10))), NOW, PARAMS)
    assert [(r.offset_days, r.send_at, r.target, r.state) for r in plan] == [
        (7, at(2026, 12, 3), "C0EVENTS", "upcoming"),
        (1, at(2026, 12, 9), "C0EVENTS", "upcoming"),
    ]
    assert plan[0].key == "reminder:expo:2026-12-10:7d:C0EVENTS"
    assert plan[0].event_start == at(2026, 12, 10, 0)


@pytest.mark.parametrize(
    ("start", "utc_hours"),
    [
        # Summer time begins 29 March 2026: the 7-day reminder is in CET (UTC+1), the 1-day in CEST.
        (date(2026, 3, 31), (8, 7)),
        # Summer time ends 25 October 2026: the other way round.
        (date(2026, 10, 27), (7, 8)),
    ],
)
def test_nine_oclock_stays_nine_oclock_across_a_dst_change(start: date, utc_hours: tuple[int, int]) -> None:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    plan = plan_reminders(knowledge(event("dst", start)), now, PARAMS)
    assert [r.send_at.astimezone(STOCKHOLM).time() for r in plan] == [time(9, 0), time(9, 0)]
    assert [r.send_at.astimezone(UTC).hour for r in plan] == list(utc_hours)
    elapsed = plan[1].send_at.astimezone(UTC) - plan[0].send_at.astimezone(UTC)
    assert elapsed == timedelta(days=6, hours=utc_hours[1] - utc_hours[0])  # 6 days ± the hour DST moved


def test_a_wall_time_skipped_by_dst_is_moved_to_a_real_instant() -> None:
    # 02:30 on 29 March 2026 does not exist in Stockholm; it is sent at 03:30 CEST (01:30 UTC).
    sent = local_send_time(date(2026, 3, 30), 1, time(2, 30), STOCKHOLM)
    assert sent.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert sent.utcoffset() == timedelta(hours=2)


def test_event_override_sets_offsets_time_and_channel() -> None:
    override = ReminderOverride(offsets_days=(14, 1, 1), time_of_day="08:30", channel="#municipal-events")
    plan = plan_reminders(knowledge(event("o", date(2026, 12, 20), reminders=override)), NOW, PARAMS)
    assert [(r.offset_days, r.send_at, r.target) for r in plan] == [
        (14, at(2026, 12, 6, 8, 30), "municipal-events"),
        (1, at(2026, 12, 19, 8, 30), "municipal-events"),
    ]


def test_override_of_offsets_only_keeps_default_time_and_channel() -> None:
    plan = plan_reminders(
        knowledge(event("o", date(2026, 12, 20), reminders=ReminderOverride(offsets_days=(3,)))), NOW, PARAMS
    )
    assert [(r.offset_days, r.send_at, r.target) for r in plan] == [(3, at(2026, 12, 17), "C0EVENTS")]


def test_month_precision_events_get_no_reminders() -> None:
    assert plan_reminders(knowledge(event("vague", "2026-12")), NOW, PARAMS) == []


def test_reminders_not_before_the_start_are_not_planned() -> None:
    # Starts 08:00: a reminder "on the day at 09:00" would come after it began.
    early = event(
        "early",
        datetime(2026, 12, 10, 8, 0, tzinfo=STOCKHOLM),
        reminders=ReminderOverride(offsets_days=(1, 0)),
    )
    # Only the day is known: taken to begin at 00:00, so nothing on the day itself.
    day_only = event("dayonly", date(2026, 12, 10), reminders=ReminderOverride(offsets_days=(0,)))
    plan = plan_reminders(knowledge(early, day_only), NOW, PARAMS)
    assert [(r.event_id, r.offset_days) for r in plan] == [("early", 1)]


def test_datetime_events_count_days_in_the_bot_timezone() -> None:
    # 00:30 in Stockholm on 10 December is still 9 December in UTC.
    start = datetime(2026, 12, 9, 23, 30, tzinfo=UTC)
    plan = plan_reminders(knowledge(event("late-night", start)), NOW, PARAMS)
    assert [r.send_at for r in plan] == [at(2026, 12, 3), at(2026, 12, 9)]
    assert plan[0].key.startswith("reminder:late-night:2026-12-10:")


def test_past_events_have_only_missed_reminders() -> None:
    plan = plan_reminders(knowledge(event("old", date(2020, 11, 10))), NOW, PARAMS)
    assert {r.state for r in plan} == {"missed"}
    assert in_window(plan, NOW, NOW + timedelta(days=365)) == []


def test_states_due_late_and_superseded() -> None:
    k = knowledge(event("soon", date(2026, 12, 10)))
    on_time = plan_reminders(k, at(2026, 12, 3, 9, 1), PARAMS)
    assert [(r.offset_days, r.state, r.late) for r in on_time] == [(7, "due", False), (1, "upcoming", False)]
    an_hour_late = plan_reminders(k, at(2026, 12, 3, 10, 0), PARAMS)
    assert (an_hour_late[0].state, an_hour_late[0].late) == ("due", True)
    # Down for a week: only the nearest reminder goes out (late); the 7-day one is superseded.
    after_outage = plan_reminders(k, at(2026, 12, 9, 20, 0), PARAMS)
    assert [(r.offset_days, r.state, r.late) for r in after_outage] == [
        (7, "superseded", False),
        (1, "due", True),
    ]
    started = plan_reminders(k, at(2026, 12, 10, 0, 0), PARAMS)
    assert {r.state for r in started} == {"missed"}


def test_moved_event_gets_new_keys_and_the_old_ones_disappear() -> None:
    before = plan_reminders(knowledge(event("m", date(2026, 12, 10))), NOW, PARAMS)
    after = plan_reminders(knowledge(event("m", date(2026, 12, 17))), NOW, PARAMS)
    assert {r.key for r in before}.isdisjoint({r.key for r in after})
    assert [r.send_at for r in after] == [at(2026, 12, 10), at(2026, 12, 16)]


def test_deleted_event_plans_nothing() -> None:
    assert plan_reminders(knowledge(), NOW, PARAMS) == []


def test_personal_reminders_go_to_the_user_at_the_event_offsets_not_its_channel() -> None:
    override = ReminderOverride(offsets_days=(2,), channel="C0OTHER")
    k = knowledge(event("p", date(2026, 12, 10), reminders=override))
    requests = [
        PersonalRequest("U1", "p", "sv"),
        PersonalRequest("U1", "p", "sv"),
        PersonalRequest("U2", "gone"),
    ]
    plan = plan_reminders(k, NOW, ReminderParams(timezone=STOCKHOLM), requests)
    assert [(r.target, r.user_id, r.lang, r.send_at) for r in plan] == [
        ("C0OTHER", None, None, at(2026, 12, 8)),
        ("user:U1", "U1", "sv", at(2026, 12, 8)),
    ]
    assert plan[1].key == reminder_key("p", date(2026, 12, 10), 2, "user:U1")


def test_personal_reminders_start_from_when_the_person_asked() -> None:
    k = knowledge(event("p", date(2026, 12, 10)))
    asked = PersonalRequest("U1", "p", "en", since=at(2026, 12, 5, 12, 0))
    plan = plan_reminders(k, at(2026, 12, 5, 12, 1), ReminderParams(timezone=STOCKHOLM), [asked])
    assert [(r.offset_days, r.state) for r in plan] == [(1, "upcoming")]  # not the 7-day one, at once
    # Asked in good time, then the bot was down over the 7-day reminder: that one is still owed.
    early = PersonalRequest("U1", "p", "en", since=at(2026, 11, 20))
    plan = plan_reminders(k, at(2026, 12, 4, 10, 0), ReminderParams(timezone=STOCKHOLM), [early])
    assert [(r.offset_days, r.state, r.late) for r in plan] == [(7, "due", True), (1, "upcoming", False)]


def test_without_a_reminder_channel_only_events_naming_one_are_planned() -> None:
    k = knowledge(
        event("a", date(2026, 12, 10)),
        event("b", date(2026, 12, 10), reminders=ReminderOverride(channel="C9")),
    )
    plan = plan_reminders(k, NOW, ReminderParams(timezone=STOCKHOLM, channel=None))
    assert {(r.event_id, r.target) for r in plan} == {("b", "C9")}


def test_window_shows_due_and_upcoming_within_days() -> None:
    k = knowledge(event("a", date(2026, 12, 1)), event("b", date(2027, 3, 1)))
    plan = plan_reminders(k, NOW, PARAMS)
    shown = in_window(plan, NOW, NOW + timedelta(days=14))
    assert [(r.event_id, r.offset_days) for r in shown] == [("a", 7), ("a", 1)]


def test_plan_is_ordered_and_deterministic() -> None:
    k = knowledge(event("b", date(2026, 12, 10)), event("a", date(2026, 12, 10)))
    plan = plan_reminders(k, NOW, PARAMS)
    assert [r.key for r in plan] == sorted(
        (r.key for r in plan), key=lambda key: (key.split(":")[3] != "7d", key)
    )
    assert plan == plan_reminders(k, NOW, PARAMS)


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        plan_reminders(knowledge(), datetime(2026, 1, 1), PARAMS)


@pytest.mark.parametrize("bad", ["9", "25:00", "09:60", "nine", ""])
def test_time_of_day_must_be_hh_mm(bad: str) -> None:
    with pytest.raises(ValueError, match="HH:MM"):
        parse_time_of_day(bad)


def test_time_of_day_accepts_single_digit_hour() -> None:
    assert parse_time_of_day("8:05") == time(8, 5)


def test_params_from_settings() -> None:
    from bot.config import load_settings

    settings = load_settings(bot_timezone="Europe/Riga", reminder_channel="C0X", _env_file=None)
    params = ReminderParams.from_settings(settings)
    assert params.timezone == ZoneInfo("Europe/Riga")
    assert params.channel == "C0X"
