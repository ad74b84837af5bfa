"""The runtime: one snapshot at a time, reloads that never leave the bot without knowledge."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config import load_settings
from bot.knowledge.loading import KnowledgeError
from bot.knowledge.model import Knowledge
from bot.knowledge.problem import Problem
from bot.runtime import Runtime, SeenEvents, UserLanguages, default_language
from tests.tiny_knowledge import FIXED_NOW, ScriptedMatcher, tiny_knowledge


def _runtime(loader=None, **settings: object) -> Runtime:
    return Runtime(
        load_settings(**settings),
        tiny_knowledge(),
        knowledge_dir=Path("unused"),
        now=lambda: FIXED_NOW,
        matcher_factory=ScriptedMatcher,
        loader=loader or (lambda directory: tiny_knowledge()),
    )


def test_today_is_in_the_bot_time_zone() -> None:
    late = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)  # already the 24th in Stockholm
    runtime = _runtime()
    runtime._now = lambda: late
    assert runtime.today().isoformat() == "2026-11-24"
    assert runtime.now() == late


def test_answer_uses_one_snapshot_and_todays_date() -> None:
    runtime = _runtime()
    snapshot, answer = runtime.answer("elderly care")
    assert snapshot is runtime.snapshot
    assert answer.knowledge_version == "v-tiny"
    assert snapshot.matcher.questions == [("elderly care", FIXED_NOW.date())]  # type: ignore[attr-defined]


def test_reload_swaps_when_valid() -> None:
    runtime = _runtime(loader=lambda directory: tiny_knowledge(version="v2", enterprises=3))
    before = runtime.snapshot
    outcome = runtime.reload()
    assert outcome.ok and outcome.changed and outcome.version == "v2" and outcome.previous == "v-tiny"
    assert runtime.snapshot is not before and len(runtime.snapshot.knowledge.enterprises) == 3


def test_reload_of_unchanged_knowledge_changes_nothing() -> None:
    runtime = _runtime()
    before = runtime.snapshot
    outcome = runtime.reload()
    assert outcome.ok and not outcome.changed
    assert runtime.snapshot is before


def test_invalid_reload_keeps_the_last_good_snapshot() -> None:
    def broken(directory: Path) -> Knowledge:
        raise KnowledgeError([Problem("events.yaml", 3, "start: not a date")])

    runtime = _runtime(loader=broken)
    before = runtime.snapshot
    outcome = runtime.reload()
    assert not outcome.ok and not outcome.changed
    assert outcome.problems == ("events.yaml:3: start: not a date",)
    assert runtime.snapshot is before


def test_maintainers() -> None:
    runtime = _runtime(maintainers="U1, U2")
    assert runtime.is_maintainer("U2")
    assert not runtime.is_maintainer("U3")
    assert not runtime.is_maintainer(None)


@pytest.mark.parametrize(("zone", "lang"), [("Europe/Riga", "lv"), ("Europe/Stockholm", "sv"), ("UTC", "en")])
def test_default_language_follows_the_deployment(zone: str, lang: str) -> None:
    assert default_language(load_settings(bot_timezone=zone)) == lang


def test_user_languages_are_bounded() -> None:
    langs = UserLanguages("sv", max_users=2)
    langs.remember("U1", "en")
    langs.remember("U2", "lv")
    langs.remember("U3", "en")
    assert langs.get("U1") == "sv"  # forgotten, back to the default
    assert (langs.get("U2"), langs.get("U3"), langs.get(None)) == ("lv", "en", "sv")


def test_seen_events_expire_and_stay_bounded() -> None:
    clock = [0.0]
    seen = SeenEvents(ttl_seconds=10, max_ids=3, clock=lambda: clock[0])
    assert seen.first_time("E1")
    assert not seen.first_time("E1")
    clock[0] = 11
    assert seen.first_time("E1")  # a retry after the window is a new event to us
    for n in range(2, 6):
        assert seen.first_time(f"E{n}")
    assert len(seen) == 3
