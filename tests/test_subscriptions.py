"""Subscriptions: what a typed name means, which events match, the table on both backends, and the
/samverka sub-commands as the Slack dispatcher calls them."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import load_settings
from bot.knowledge.loading import load_knowledge
from bot.reminders.subscriptions import (
    SubscriptionRow,
    Subscriptions,
    Topic,
    announcement_key,
    event_matches,
    plan_announcements,
    resolve_topic,
)
from bot.runtime import Runtime, SubcommandRequest
from bot.slack.services import build_services
from bot.storage.store import open_store
from handlers.commands import subscriptions as commands
from tests.reminder_fixtures import ROOT, event, event_yaml, knowledge, write_knowledge

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def shipped():  # type: ignore[no-untyped-def]
    return load_knowledge(ROOT / "knowledge")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("elderly care", Topic("theme", "elderly-care")),
        ("theme: äldreomsorg", Topic("theme", "elderly-care")),
        ("Örebro", Topic("place", "se-orebro")),  # the municipality before the county
        ("orebro lan", Topic("place", "se-orebro-lan")),
        ("plats: Karlskoga", Topic("place", "se-karlskoga")),
        ("Social Innovation Summit", Topic("event", "social-innovation-summit-2020")),
    ],
)
def test_names_resolve_to_one_topic(shipped, text: str, expected: Topic) -> None:  # type: ignore[no-untyped-def]
    assert resolve_topic(shipped, text).topic == expected


def test_unknown_names_resolve_to_nothing_with_a_suggestion(shipped) -> None:  # type: ignore[no-untyped-def]
    assert resolve_topic(shipped, "eldrly care").suggestion == Topic("theme", "elderly-care")
    assert resolve_topic(shipped, "event: Örebro").topics == ()  # the prefix narrows the search
    assert resolve_topic(shipped, "   ").topics == ()


def test_a_name_shared_by_kinds_is_ambiguous() -> None:
    k = knowledge(event("orebro", date(2026, 12, 10)))
    resolution = resolve_topic(k, "orebro")
    assert resolution.topic is None
    assert set(resolution.topics) == {Topic("event", "orebro"), Topic("place", "se-orebro")}
    assert resolve_topic(k, "place: orebro").topic == Topic("place", "se-orebro")


def test_events_match_their_themes_and_places_within_places() -> None:
    k = knowledge()
    in_orebro = event("a", date(2026, 12, 10), themes=("elderly-care",))
    online = event("b", date(2026, 12, 10), place=None, digital=True)
    assert event_matches(k, in_orebro, Topic("place", "se-orebro-lan"))  # municipality within county
    assert event_matches(k, in_orebro, Topic("place", "se"))
    assert not event_matches(k, in_orebro, Topic("place", "lv"))
    assert event_matches(k, in_orebro, Topic("theme", "elderly-care"))
    assert not event_matches(k, online, Topic("place", "se"))


def test_announcements_are_one_per_event_and_person_for_upcoming_events_only() -> None:
    k = knowledge(
        event("new", date(2026, 12, 20), themes=("elderly-care",)),
        event("over", date(2026, 11, 1), themes=("elderly-care",)),
    )
    rows = [
        SubscriptionRow("U1", Topic("theme", "elderly-care"), "en", NOW),
        SubscriptionRow("U1", Topic("place", "se"), "en", NOW),
        SubscriptionRow("U2", Topic("place", "lv"), "lv", NOW),
        SubscriptionRow("U3", Topic("event", "new"), "sv", NOW),
    ]
    planned = plan_announcements(k, rows, NOW.date())
    assert [(a.key, a.topic) for a in planned] == [
        (announcement_key("new", "U1"), Topic("theme", "elderly-care"))
    ]


def test_the_table_on_both_backends(database_url: str) -> None:
    store = open_store(database_url)
    try:
        table = Subscriptions(store)
        assert table.add("U1", Topic("event", "e"), "sv", NOW)
        assert not table.add("U1", Topic("event", "e"), "en", NOW)  # once per person and topic
        assert table.add("U1", Topic("theme", "t"), "en", NOW)
        assert table.add("U2", Topic("event", "e"), "lv", NOW)
        assert [r.topic for r in table.for_user("U1")] == [Topic("event", "e"), Topic("theme", "t")]
        requests = Subscriptions.personal_requests(table.all())
        assert [(r.user_id, r.event_id, r.lang) for r in requests] == [("U1", "e", "sv"), ("U2", "e", "lv")]
        assert table.remove("U1", Topic("event", "e"), knowledge())
        assert not table.remove("U1", Topic("event", "e"), knowledge())
        assert [r.topic for r in table.for_user("U1")] == [Topic("theme", "t")]
    finally:
        store.close()


# ----- the sub-commands, called the way handlers/commands/samverka.py dispatches them ---------------------
class Replies:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    async def __call__(self, **message: Any) -> None:
        self.sent.append(message)

    @property
    def last(self) -> str:
        return self.sent[-1]["text"]


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[Runtime]:
    directory = write_knowledge(
        tmp_path / "knowledge", event_yaml("fair", "2026-12-20", themes=("elderly-care",))
    )
    settings = load_settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'db.sqlite'}")
    rt = Runtime(
        settings,
        load_knowledge(directory),
        knowledge_dir=directory,
        now=lambda: NOW,
        matcher_factory=lambda k: object(),
    )
    store = open_store(settings.database_url.get_secret_value())
    services = build_services(rt, store=store, client=AsyncWebClient(token="xoxb-unused"))
    commands.register(None, rt, services)
    yield rt
    store.close()


def call(rt: Runtime, name: str, args: str, user: str = "U0ANNA", lang: str = "en") -> Replies:
    replies = Replies()
    request = SubcommandRequest(
        name=name, args=args, user_id=user, channel_id="C1", lang=lang, runtime=rt, client=None,  # type: ignore[arg-type]
        respond=replies, body={},
    )  # fmt: skip
    asyncio.run(rt.hooks.subcommands[name](request))
    return replies


def test_subscribe_list_and_unsubscribe(runtime: Runtime) -> None:
    assert "You now follow *Elderly care*" in call(runtime, "subscribe", "elderly care").last
    reply = call(runtime, "subscribe", "elderly care")
    assert "You already follow" in reply.last
    assert "Testevenemang fair" in str(reply.sent[-1]["blocks"])  # known now: listed, not announced later
    assert "I'll remind you of *Testevenemang fair*" in call(runtime, "subscribe", "Testevenemang fair").last
    listing = call(runtime, "subscriptions", "").sent[-1]["blocks"][0]["text"]["text"]
    assert "Theme: *Elderly care* (new events)" in listing
    assert "Event: *Testevenemang fair* (reminders)" in listing
    assert "no longer follow *Elderly care*" in call(runtime, "unsubscribe", "theme: elderly care").last
    assert "don't follow *Elderly care*" in call(runtime, "unsubscribe", "elderly care").last
    assert "You follow nothing yet" in call(runtime, "subscriptions", "", user="U0OTHER").last


def test_subscribe_explains_what_it_cannot_resolve(runtime: Runtime) -> None:
    assert "Say what to follow" in call(runtime, "subscribe", "").last
    unknown = call(runtime, "subscribe", "eldrly care").last
    assert "I know no event, theme or place called 'eldrly care'" in unknown
    assert "Did you mean Elderly care?" in unknown
    assert "Du bevakar nu *Örebro*" in call(runtime, "subscribe", "Örebro", lang="sv").last
    past = call(runtime, "subscribe", "event: Social Innovation Summit").last
    assert "already begun" in past


def test_an_event_gone_from_the_knowledge_can_still_be_unsubscribed(runtime: Runtime, tmp_path: Path) -> None:
    call(runtime, "subscribe", "Testevenemang fair")
    write_knowledge(tmp_path / "knowledge")  # the event is removed
    assert runtime.reload().changed
    assert "no longer follow *fair*" in call(runtime, "unsubscribe", "fair").last
