"""👍/👎 under every answer, the question log fed from real Slack requests, and the "verified" line:
pure builders, then the bolt app against the Slack stand-in with a real SQLite question log."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from types import MappingProxyType

import pytest

from bot.rendering.blocks import FIRST_PAGE, build_answer_message
from bot.rendering.feedback import (
    ACTION_FEEDBACK_DOWN,
    ACTION_FEEDBACK_UP,
    FEEDBACK_ACTIONS,
    MAX_VALUE,
    decode_feedback,
    encode_feedback,
)
from bot.rendering.freshness import source_line
from bot.storage.store import open_store
from bot.understanding.answers import Reason, Result
from bot.upkeep.question_log import derive_salt, hash_user
from tests.slack_harness import Harness, make_runtime, run, sqlite_services
from tests.slack_standin import SlackStandin, block_kit_problems, texts_of
from tests.tiny_knowledge import FIXED_NOW, ScriptedMatcher, answer_of, tiny_knowledge

TODAY = FIXED_NOW.date()


def _result(entry_id: str, kind: str = "enterprise") -> Result:
    return Result(
        kind, entry_id, entry_id, 0.9, (Reason("in_place", MappingProxyType({"place": "se-exempelby"})),)
    )  # type: ignore[arg-type]


def _feedback_buttons(message: dict) -> list[dict]:
    return [
        e
        for b in message["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] in FEEDBACK_ACTIONS
    ]


# ----- pure ---------------------------------------------------------------------------------------------
def test_every_answer_has_feedback_buttons_carrying_question_and_results() -> None:
    knowledge = tiny_knowledge(enterprises=FIRST_PAGE + 2)
    answer = answer_of("elderly care", *(_result(f"exempel-foretag-{n}") for n in range(1, FIRST_PAGE + 3)))
    message = build_answer_message(answer, knowledge, today=TODAY)
    assert block_kit_problems(message["blocks"]) == []
    up, down = _feedback_buttons(message)
    assert (up["action_id"], down["action_id"]) == (ACTION_FEEDBACK_UP, ACTION_FEEDBACK_DOWN)
    assert up["accessibility_label"] == "Helpful answer" and down["accessibility_label"] == "Not helpful"
    ref = decode_feedback(up["value"])
    # What the person saw: the first page of results, not the ones behind "Show more".
    assert ref.question == "elderly care"
    assert ref.results == tuple(f"enterprise:exempel-foretag-{n}" for n in range(1, FIRST_PAGE + 1))
    # An answer with nothing found can be rated too.
    empty = build_answer_message(answer_of("anything in Tomby"), knowledge, today=TODAY)
    assert decode_feedback(_feedback_buttons(empty)[0]["value"]).results == ()


def test_feedback_value_fits_slacks_limit_whatever_the_question() -> None:
    results = [_result("x" * 150) for _ in range(30)]
    value = encode_feedback("å" * 40_000, results)
    assert len(value) <= MAX_VALUE
    ref = decode_feedback(value)
    assert ref.question.startswith("ååå") and len(ref.results) <= 10
    for bad in ('{"q": 1, "r": []}', "[]", '{"q": "x"}'):
        with pytest.raises(ValueError):
            decode_feedback(bad)


def test_an_answer_about_one_entry_says_where_and_when_its_facts_were_published() -> None:
    knowledge = tiny_knowledge()
    single = build_answer_message(
        answer_of("Exempel Företag 1", _result("exempel-foretag-1")), knowledge, today=TODAY
    )
    texts = "\n".join(texts_of(single["blocks"]))
    assert "Source: Test publisher: Test page, published 1 June 2025." in texts
    result = _result("exempel-foretag-1")
    sv = source_line(result, knowledge, "sv", today=TODAY)
    lv = source_line(result, knowledge, "lv", today=TODAY)
    assert sv == "Källa: Test publisher: Test page, publicerad 1 juni 2025."
    assert lv == "Avots: Test publisher: Test page, publicēts 2025. gada 1. jūnijā."
    # Older than the limit: marked, in the asker's language; never "verified" unless confirmed.
    old = source_line(result, knowledge, "sv", today=date(2030, 1, 1))
    assert old == "Källa: Test publisher: Test page, publicerad 1 juni 2025. Uppgifterna kan vara inaktuella."
    assert source_line(result, knowledge, "en", today=date(2026, 6, 1), stale_after_years=1) == (
        "Source: Test publisher: Test page, published 1 June 2025."
    )
    assert "out of date" in (
        source_line(result, knowledge, "en", today=date(2026, 6, 2), stale_after_years=1) or ""
    )
    assert source_line(_result("gone"), knowledge, "en", today=TODAY) is None
    # Several results: no date per entry (the answer stays short).
    two = tiny_knowledge(enterprises=2)
    several = answer_of("q", _result("exempel-foretag-1"), _result("exempel-foretag-2"))
    assert "verified" not in "\n".join(texts_of(build_answer_message(several, two, today=TODAY)["blocks"]))


# ----- through the bolt app, with a real question log ------------------------------------------------------
@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path / 'log.db'}")
    yield store
    store.close()


def test_unanswered_questions_are_logged_with_a_hashed_user(slack_standin: SlackStandin, store) -> None:
    runtime = make_runtime(matcher=lambda k: ScriptedMatcher(k, results=()), log_salt="pepper-1234")
    services = sqlite_services(runtime, slack_standin, store)
    upkeep = services.upkeep

    async def scenario(h: Harness) -> None:
        mention = slack_standin.mention(f"<@{slack_standin.bot_user_id}> horses in Tomby", user="U0ASKER")
        await h.send(slack_standin.event_callback(mention))
        await h.send(slack_standin.event_callback(slack_standin.direct_message("sv: hästar", user="U0ASKER")))
        await h.wait("chat.postMessage", count=2)

    run(slack_standin, scenario, runtime, services)
    assert upkeep.recorder.flush(5)
    rows = upkeep.log.questions(FIXED_NOW - timedelta(days=1))
    assert [(r.question, r.outcome, r.channel_type) for r in rows] == [
        ("horses in Tomby", "no_results", "channel"),
        ("sv: hästar", "no_results", "im"),
    ]
    expected = hash_user("U0ASKER", derive_salt("pepper-1234"))
    assert {r.user_hash for r in rows} == {expected}
    assert all("U0ASKER" not in repr(r) for r in rows)


def test_answered_questions_are_not_logged(slack_standin: SlackStandin, store) -> None:
    runtime = make_runtime()
    services = sqlite_services(runtime, slack_standin, store)
    upkeep = services.upkeep

    async def scenario(h: Harness) -> None:
        await h.send(slack_standin.event_callback(slack_standin.direct_message("elderly care")))
        await h.wait("chat.postMessage")

    run(slack_standin, scenario, runtime, services)
    assert upkeep.recorder.flush(5)
    assert upkeep.log.questions(FIXED_NOW - timedelta(days=1)) == []


def test_a_click_records_the_rating_and_thanks_privately(slack_standin: SlackStandin, store) -> None:
    runtime = make_runtime()
    services = sqlite_services(runtime, slack_standin, store)
    upkeep = services.upkeep

    async def scenario(h: Harness) -> None:
        await h.send(slack_standin.event_callback(slack_standin.direct_message("elderly care")))
        (answer,) = await h.wait("chat.postMessage")
        down = next(e for b in answer.blocks if b["type"] == "actions" for e in b["elements"]
                    if e["action_id"] == ACTION_FEEDBACK_DOWN)  # fmt: skip
        click = slack_standin.block_action(
            ACTION_FEEDBACK_DOWN, down["value"], user="U0RATER", message_ts="1.1"
        )
        assert await h.send(click) == 200
        (thanks,) = await h.wait("response_url")
        assert thanks.get("response_type") == "ephemeral" and thanks.get("replace_original") is False
        assert "Thank you for the feedback" in thanks.text
        # Changing one's mind replaces the rating; it does not add a second one.
        up = dict(down, action_id=ACTION_FEEDBACK_UP)
        await h.send(
            slack_standin.block_action(ACTION_FEEDBACK_UP, up["value"], user="U0RATER", message_ts="1.1")
        )
        await h.wait("response_url", count=2)
        await h.nothing("chat.update")  # the answer everyone sees is left alone

    run(slack_standin, scenario, runtime, services)
    assert upkeep.recorder.flush(5)
    (rating,) = upkeep.log.feedback(FIXED_NOW - timedelta(days=1))
    assert rating.rating == 1 and rating.question == "elderly care"
    assert rating.results == ("enterprise:exempel-foretag-1", "enterprise:exempel-foretag-2")
    assert rating.user_hash == hash_user("U0RATER", upkeep._salt)


def test_a_click_without_a_database_still_thanks(slack_standin: SlackStandin) -> None:
    async def scenario(h: Harness) -> None:
        value = json.dumps({"q": "elderly care", "r": []})
        await h.send(slack_standin.block_action(ACTION_FEEDBACK_UP, value))
        (thanks,) = await h.wait("response_url")
        assert "Thank you" in thanks.text

    run(slack_standin, scenario)


def test_questions_keep_being_answered_while_the_log_cannot_be_written(
    slack_standin: SlackStandin, tmp_path: Path
) -> None:
    """The database is gone (its directory removed): answers go out, entries wait in memory."""
    directory = tmp_path / "db"
    directory.mkdir()
    store = open_store(f"sqlite:///{directory / 'log.db'}")
    runtime = make_runtime(matcher=lambda k: ScriptedMatcher(k, results=()))
    services = sqlite_services(runtime, slack_standin, store)
    upkeep = services.upkeep
    try:
        store.engine.dispose()
        (directory / "log.db").unlink()
        directory.rmdir()

        async def scenario(h: Harness) -> None:
            for n in range(3):
                await h.send(slack_standin.event_callback(slack_standin.direct_message(f"q{n}")))
            await h.wait("chat.postMessage", count=3)

        run(slack_standin, scenario, runtime, services)
        assert not upkeep.recorder.flush(0.5) and upkeep.recorder.pending == 3
        # The database is back: what was held is written, once each.
        directory.mkdir()
        from bot.storage.store import migrate

        migrate(store.engine)
        assert upkeep.recorder.flush(10)
        assert [r.question for r in upkeep.log.questions(FIXED_NOW - timedelta(days=1))] == ["q0", "q1", "q2"]
    finally:
        upkeep.recorder.close(1)
        store.close()


def test_thanks_is_in_the_questions_language(slack_standin: SlackStandin) -> None:
    async def scenario(h: Harness) -> None:
        await h.send(
            slack_standin.block_action(ACTION_FEEDBACK_UP, json.dumps({"q": "sv: äldreomsorg", "r": []}))
        )
        (thanks,) = await h.wait("response_url")
        assert thanks.text.startswith("Tack för din återkoppling")

    run(slack_standin, scenario)


def test_the_terminal_answer_about_one_entry_says_when_it_was_verified() -> None:
    from bot.rendering.text import render_text

    knowledge = tiny_knowledge(enterprises=2)
    one = render_text(answer_of("q", _result("exempel-foretag-1")), knowledge, today=TODAY)
    assert one.rstrip().endswith("Source: Test publisher: Test page, published 1 June 2025.")
    two = render_text(
        answer_of("q", _result("exempel-foretag-1"), _result("exempel-foretag-2")), knowledge, today=TODAY
    )
    assert "verified" not in two
