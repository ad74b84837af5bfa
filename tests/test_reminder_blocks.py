"""What reminders and subscription replies say: pure builders, tested as data in three languages."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.knowledge.model import LANGS, Text
from bot.rendering.blocks import event_actions
from bot.rendering.phrases import _UI, event_place, keys
from bot.rendering.reminder_blocks import (
    ADD_TO_CALENDAR_ACTION,
    ADD_TO_CALENDAR_BUTTON,
    REMIND_ME_ACTION,
    REMIND_ME_BUTTON,
    build_ambiguous_reply,
    build_announcement,
    build_calendar_reply,
    build_not_found_reply,
    build_remind_me_reply,
    build_reminder,
    build_subscribed_reply,
    build_subscriptions_home_section,
    build_subscriptions_reply,
    build_unsubscribed_reply,
    build_usage_reply,
    channel_language,
    send_times,
    when_phrase,
)
from tests.reminder_fixtures import event, knowledge
from tests.slack_standin import block_kit_problems

STOCKHOLM = ZoneInfo("Europe/Stockholm")
WORKSHOP = event(
    "workshop",
    datetime(2026, 11, 10, 9, 0, tzinfo=STOCKHOLM),
    datetime(2026, 11, 10, 16, 0, tzinfo=STOCKHOLM),
    link="https://example.org/w",
)
NOV_9 = datetime(2026, 11, 9, 10, 0, tzinfo=STOCKHOLM)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "tomorrow, 10 November, 09:00–16:00"),
        ("sv", "i morgon, 10 november, 09:00–16:00"),
        ("lv", "rīt, 10. novembrī, 09:00–16:00"),
    ],
)
def test_when_reads_like_a_person_would_say_it(lang: str, expected: str) -> None:
    assert when_phrase(WORKSHOP, NOV_9, STOCKHOLM, lang) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start", "end", "now", "lang", "expected"),
    [
        (
            date(2026, 12, 10),
            date(2026, 12, 11),
            datetime(2026, 12, 3, 9, 0),
            "en",
            "in 7 days, 10–11 December",
        ),
        (
            date(2026, 12, 10),
            date(2026, 12, 11),
            datetime(2026, 12, 3, 9, 0),
            "lv",
            "pēc 7 dienām, 10.–11. decembrī",
        ),
        (
            date(2026, 11, 30),
            date(2026, 12, 2),
            datetime(2026, 11, 30, 9, 0),
            "sv",
            "i dag, 30 november – 2 december",
        ),
        (date(2027, 1, 10), date(2027, 1, 10), datetime(2026, 12, 3, 9, 0), "en", "10 January 2027"),
        (date(2026, 12, 30), date(2026, 12, 30), datetime(2026, 12, 3, 9, 0), "sv", "30 december"),
    ],
)
def test_when_for_days_spans_and_far_dates(
    start: date, end: date, now: datetime, lang: str, expected: str
) -> None:
    subject = event("x", start, end)
    assert when_phrase(subject, now.replace(tzinfo=STOCKHOLM), STOCKHOLM, lang) == expected  # type: ignore[arg-type]


def test_times_are_shown_in_the_bot_timezone() -> None:
    utc_event = event(
        "u", datetime(2026, 11, 10, 8, 0, tzinfo=UTC), datetime(2026, 11, 10, 15, 0, tzinfo=UTC)
    )
    assert when_phrase(utc_event, NOV_9, STOCKHOLM, "en").endswith("09:00–16:00")


def test_a_reminder_names_the_event_when_where_organiser_link_and_offers_the_buttons() -> None:
    k = knowledge(WORKSHOP)
    message = build_reminder(WORKSHOP, k, lang="en", now=NOV_9, tz=STOCKHOLM)
    assert message["text"] == "Reminder: Event workshop – tomorrow, 10 November, 09:00–16:00 – Örebro"
    section = message["blocks"][0]["text"]["text"]
    assert "Place: Örebro" in section and "Organiser: Test Organiser" in section
    assert "<https://example.org/w|https://example.org/w>" in section
    actions = message["blocks"][-1]["elements"]
    assert [(a["action_id"], a["value"]) for a in actions] == [
        (REMIND_ME_ACTION, "workshop"),
        (ADD_TO_CALENDAR_ACTION, "workshop"),
    ]
    assert block_kit_problems(message["blocks"]) == []


def test_a_late_personal_reminder_says_so_and_has_no_remind_me_button() -> None:
    k = knowledge(WORKSHOP)
    message = build_reminder(WORKSHOP, k, lang="sv", now=NOV_9, tz=STOCKHOLM, late=True, personal=True)
    context = message["blocks"][1]["elements"][0]["text"]
    assert "senare än planerat" in context and "Du bad Samverka" in context
    assert [a["action_id"] for a in message["blocks"][-1]["elements"]] == [ADD_TO_CALENDAR_ACTION]


def test_text_from_the_knowledge_base_never_pings() -> None:
    hostile = event("h", date(2026, 12, 10))
    hostile = hostile.model_copy(update={"name": "<!channel> & <@U1>"})
    message = build_reminder(hostile, knowledge(hostile), lang="en", now=NOV_9, tz=STOCKHOLM)
    dumped = json.dumps(message, ensure_ascii=False)
    assert "<!channel>" not in dumped and "<@U1>" not in dumped
    assert "&lt;!channel&gt; &amp; &lt;@U1&gt;" in dumped


def test_month_only_events_get_no_calendar_button() -> None:
    vague = event("v", "2027-03")
    message = build_announcement(
        vague, knowledge(vague), what="Elderly care", lang="en", now=NOV_9, tz=STOCKHOLM
    )
    assert [a["action_id"] for a in message["blocks"][-1]["elements"]] == [REMIND_ME_ACTION]


def test_a_hybrid_event_keeps_its_place_next_to_online() -> None:
    hybrid = event("hybrid", date(2026, 11, 12), digital=True)
    message = build_reminder(hybrid, knowledge(hybrid), lang="en", now=NOV_9, tz=STOCKHOLM)
    assert message["text"].endswith("– Örebro, online")
    assert event_place(hybrid, knowledge(hybrid), "lv") == "Örebro, tiešsaistē"  # answers say the same


def test_answers_and_reminders_offer_the_same_buttons_where_they_still_mean_something() -> None:
    vague = event("v", "2027-03")
    buttons = (REMIND_ME_BUTTON, ADD_TO_CALENDAR_BUTTON)
    [block] = event_actions(vague, buttons, "en", date(2026, 11, 9))
    assert [e["action_id"] for e in block["elements"]] == [REMIND_ME_ACTION]  # no day to add
    assert event_actions(vague, buttons, "en", date(2027, 4, 1)) == []  # over


def test_channel_reminders_are_written_in_the_events_country_language() -> None:
    k = knowledge()
    assert channel_language(event("a", date(2026, 12, 1)), k) == "sv"
    assert channel_language(event("b", date(2026, 12, 1), place="lv"), k) == "lv"
    digital = event("c", date(2026, 12, 1), place=None, digital=True)
    assert channel_language(digital, k) == "en"  # its description is only in English
    latvian_text = digital.model_copy(update={"description": Text(lv="x")})
    assert channel_language(latvian_text, k) == "lv"


def test_send_times_list_when_the_dms_come() -> None:
    times = [datetime(2026, 12, 3, 9, 0, tzinfo=STOCKHOLM), datetime(2026, 12, 9, 9, 0, tzinfo=STOCKHOLM)]
    assert send_times(times, NOV_9, STOCKHOLM, "en") == "3 December at 09:00 and 9 December at 09:00"
    assert (
        send_times(times, datetime(2026, 12, 5, tzinfo=STOCKHOLM), STOCKHOLM, "sv")
        == "med en gång och 9 december kl. 09:00"
    )


def test_every_phrase_exists_in_every_language() -> None:
    """The one phrase table (bot.rendering.phrases), the reminder and subscription replies' keys among
    them."""
    assert {"reminders.title", "subscriptions.added", "calendar.links"} <= keys()
    for key in keys():
        texts = _UI[key]
        assert set(texts) == set(LANGS), key
        assert all(text.strip() for text in texts.values()), key


@pytest.mark.parametrize("lang", LANGS)
def test_every_reply_is_valid_block_kit(lang: str) -> None:
    k = knowledge(WORKSHOP)
    times = [datetime(2026, 11, 9, 9, 0, tzinfo=STOCKHOLM)]
    replies = [
        build_remind_me_reply(status, "Event `x`", lang=lang, times=times, now=NOV_9, tz=STOCKHOLM)  # type: ignore[arg-type]
        for status in ("added", "already", "no_day", "none_left", "begun", "unknown")
    ]
    replies += [
        build_subscribed_reply(True, "Elderly care", [WORKSHOP] * 12, k, lang=lang, now=NOV_9, tz=STOCKHOLM),  # type: ignore[arg-type]
        build_unsubscribed_reply(False, "Örebro", lang),  # type: ignore[arg-type]
        build_usage_reply("subscribe", lang),  # type: ignore[arg-type]
        build_not_found_reply("<!here>", "Elderly care", lang),  # type: ignore[arg-type]
        build_ambiguous_reply("Örebro", [("place", "Örebro"), ("event", "Örebro day")], "subscribe", lang),  # type: ignore[arg-type]
        build_subscriptions_reply([("event", "X"), ("theme", "Y"), ("place", "Z")], lang),  # type: ignore[arg-type]
        build_subscriptions_reply([], lang),  # type: ignore[arg-type]
        build_calendar_reply(WORKSHOP, [("Google Calendar", "https://calendar.google.com/x")], lang),  # type: ignore[arg-type]
    ]
    for reply in replies:
        assert reply["text"]
        assert block_kit_problems(reply["blocks"]) == [], reply
        assert "<!here>" not in json.dumps(reply)
    assert block_kit_problems(build_subscriptions_home_section([("theme", "Y")], lang), max_blocks=100) == []  # type: ignore[arg-type]
