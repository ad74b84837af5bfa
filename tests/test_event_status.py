"""When an event counts as past: a month-precision end covers the whole month, and a past event
offers no "Remind me" or "Add to calendar"."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.knowledge.loading import load_knowledge
from bot.knowledge.model import When
from bot.rendering.blocks import EventButton, build_events_message

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("when", "last"),
    [
        (When(date(2018, 8, 1), "month"), date(2018, 8, 31)),
        (When(date(2020, 2, 1), "month"), date(2020, 2, 29)),
        (When(date(2018, 4, 5), "day"), date(2018, 4, 5)),
    ],
)
def test_last_day_covers_the_precision(when, last):
    assert when.last_day == last


def test_month_precision_event_is_ongoing_until_the_month_ends():
    knowledge = load_knowledge(ROOT / "knowledge")
    trips = knowledge.events["sic-study-trips-2018"]  # "summer 2018", June–August
    assert trips.end.precision == "month"
    assert trips.status(date(2018, 8, 20)) == "ongoing"
    assert trips.status(date(2018, 9, 1)) == "past"
    assert trips.status(date(2018, 5, 31)) == "upcoming"


def test_past_events_get_no_reminder_or_calendar_buttons():
    knowledge = load_knowledge(ROOT / "knowledge")
    event = knowledge.events["social-innovation-summit-2020"]
    buttons = [EventButton("remind_me", "reminders.remind_me")]
    before = build_events_message([event], knowledge, "en", today=date(2020, 11, 1), event_buttons=buttons)
    after = build_events_message([event], knowledge, "en", today=date(2026, 11, 23), event_buttons=buttons)

    def action_ids(message):
        return [
            e.get("action_id") for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]
        ]

    assert "remind_me" in action_ids(before)
    assert "remind_me" not in action_ids(after)
