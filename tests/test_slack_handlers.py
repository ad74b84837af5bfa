"""The listeners, driven through the real bolt app against the Slack stand-in (no process, no network
beyond 127.0.0.1): what each kind of request makes the bot send, and what it must not send."""

from __future__ import annotations

import json
import logging
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.knowledge.loading import KnowledgeError
from bot.knowledge.model import Knowledge
from bot.knowledge.problem import Problem
from bot.rendering.blocks import ACTION_SHARE, ACTION_SHOW_MORE, FIRST_PAGE, EventButton, decode_ref
from bot.rendering.feedback import FEEDBACK_ACTIONS
from bot.rendering.reminder_blocks import ADD_TO_CALENDAR_ACTION, REMIND_ME_ACTION
from bot.runtime import Runtime, SubcommandRequest
from bot.understanding.answers import Answer
from tests.slack_harness import Harness, make_runtime, run
from tests.slack_standin import Call, SlackStandin, block_kit_problems, texts_of
from tests.tiny_knowledge import ScriptedMatcher, tiny_knowledge

LIVE = ("<!channel>", "<!here>", "<!everyone>", "<@U", "<#C")


def _shown(call: Call) -> str:
    return "\n".join([call.text, *texts_of(call.blocks)])


# ----- events ---------------------------------------------------------------------
def test_mention_is_answered_in_a_thread(slack_standin: SlackStandin) -> None:
    async def scenario(h: Harness) -> None:
        event = slack_standin.mention(f"<@{slack_standin.bot_user_id}> elderly care in Exempelby", ts="100.1")
        assert await h.send(slack_standin.event_callback(event)) == 200
        (call,) = await h.wait("chat.postMessage")
        assert call.get("channel") == "C0GENERAL" and call.get("thread_ts") == "100.1"
        assert "Exempel Företag 1" in _shown(call)
        assert block_kit_problems(call.blocks) == []
        question, today = h.runtime.snapshot.matcher.questions[0]  # type: ignore[attr-defined]
        assert question == "elderly care in Exempelby" and today == date(2026, 11, 23)

    run(slack_standin, scenario)


def test_mention_inside_a_thread_stays_in_that_thread(slack_standin: SlackStandin) -> None:
    async def scenario(h: Harness) -> None:
        event = slack_standin.mention(f"<@{slack_standin.bot_user_id}> x", ts="200.2")
        event["thread_ts"] = "150.0"
        await h.send(slack_standin.event_callback(event))
        (call,) = await h.wait("chat.postMessage")
        assert call.get("thread_ts") == "150.0"

    run(slack_standin, scenario)


def test_direct_message_is_answered_in_the_dm(slack_standin: SlackStandin) -> None:
    async def scenario(h: Harness) -> None:
        await h.send(slack_standin.event_callback(slack_standin.direct_message("sv: äldreomsorg")))
        (call,) = await h.wait("chat.postMessage")
        assert call.get("channel") == "D0DIRECT" and call.get("thread_ts") is None
        assert "Ett påhittat socialt företag nummer 1." in _shown(call)
        assert h.runtime.languages.get("U0OFFICIAL") == "sv"

    run(slack_standin, scenario)


@pytest.mark.parametrize(
    "extra",
    [
        {"subtype": "message_changed"},
        {"subtype": "message_deleted"},
        {"bot_id": "B0OTHER"},
        {"bot_id": "B0SAMVERKA", "user": "U0SAMVERKA"},  # our own answer echoed back
        {"channel_type": "channel"},
    ],
)
def test_messages_that_are_not_new_questions_get_no_answer(slack_standin: SlackStandin, extra: dict) -> None:
    async def scenario(h: Harness) -> None:
        assert (
            await h.send(slack_standin.event_callback(slack_standin.direct_message("elderly", **extra)))
            == 200
        )
        await h.nothing("chat.postMessage")

    run(slack_standin, scenario)


def test_edited_or_bot_mentions_get_no_answer(slack_standin: SlackStandin) -> None:
    async def scenario(h: Harness) -> None:
        edited = slack_standin.mention(f"<@{slack_standin.bot_user_id}> x")
        edited["edited"] = {"user": "U0OFFICIAL", "ts": "1.0"}
        by_bot = slack_standin.mention(f"<@{slack_standin.bot_user_id}> x")
        by_bot["bot_id"] = "B0OTHER"
        for event in (edited, by_bot):
            assert await h.send(slack_standin.event_callback(event)) == 200
        await h.nothing("chat.postMessage")

    run(slack_standin, scenario)


def test_a_repeated_event_is_answered_once(slack_standin: SlackStandin, caplog) -> None:
    async def scenario(h: Harness) -> None:
        body = slack_standin.event_callback(slack_standin.direct_message("elderly"), event_id="Ev0SAME")
        assert await h.send(body) == 200
        assert await h.send(dict(body)) == 200
        await h.settle()  # both requests' listeners (if the repeat had one) have finished
        assert len(slack_standin.calls_to("chat.postMessage")) == 1

    with caplog.at_level(logging.INFO):
        run(slack_standin, scenario)
    outcomes = [
        r.getMessage().split("outcome=")[1].split()[0] for r in caplog.records if "outcome=" in r.getMessage()
    ]
    assert sorted(outcomes) == ["answered", "duplicate"]  # a Socket Mode retry has no retry header


def test_channel_broadcasts_in_a_question_are_never_echoed_live(slack_standin: SlackStandin) -> None:
    async def scenario(h: Harness) -> None:
        text = f"<@{slack_standin.bot_user_id}> <!channel> <!here|here> <@U0BOSS> elderly care"
        await h.send(slack_standin.event_callback(slack_standin.mention(text)))
        (call,) = await h.wait("chat.postMessage")
        assert "Exempel Företag 1" in _shown(call)
        assert not any(live in call.dump() for live in LIVE)
        # Mentions address people; they ask nothing, so the question is read (and echoed) without them.
        assert ">elderly care" in _shown(call) and "@channel" not in _shown(call)

    run(slack_standin, scenario)


def test_app_home_shows_events_and_feature_sections(slack_standin: SlackStandin, caplog) -> None:
    runtime = make_runtime()

    async def subscriptions(rt: Runtime, user_id: str, lang: str) -> list[dict]:
        return [{"type": "section", "text": {"type": "mrkdwn", "text": f"Subscriptions of {user_id}"}}]

    async def broken(rt: Runtime, user_id: str, lang: str) -> list[dict]:
        raise RuntimeError("section bug")

    runtime.hooks.home_sections += [subscriptions, broken]

    async def scenario(h: Harness) -> None:
        event = {"type": "app_home_opened", "user": "U0OFFICIAL", "channel": "D0DIRECT", "tab": "home"}
        await h.send(slack_standin.event_callback(event))
        (call,) = await h.wait("views.publish")
        view = call.get("view")
        view = json.loads(view) if isinstance(view, str) else view
        texts = texts_of(view["blocks"])
        assert call.get("user_id") == "U0OFFICIAL" and view["type"] == "home"
        assert any("Exempeldagen" in t for t in texts)
        assert "Subscriptions of U0OFFICIAL" in texts
        messages_tab = {
            "type": "app_home_opened",
            "user": "U0OFFICIAL",
            "channel": "D0DIRECT",
            "tab": "messages",
        }
        await h.send(slack_standin.event_callback(messages_tab))
        await h.nothing("views.publish", user_id="U0NOBODY")
        assert len(slack_standin.calls_to("views.publish")) == 1

    with caplog.at_level(logging.ERROR):
        run(slack_standin, scenario, runtime)
    assert any("App Home section" in r.getMessage() and r.exc_info for r in caplog.records)


# ----- /samverka ---------------------------------------------------------------------
def _command(standin: SlackStandin, text: str, user: str = "U0OFFICIAL") -> dict[str, Any]:
    return standin.slash_command(text, user=user)


def test_samverka_alone_shows_help_in_the_users_language(slack_standin: SlackStandin) -> None:
    async def scenario(h: Harness) -> None:
        await h.send(_command(slack_standin, ""))
        (call,) = await h.wait("response_url")
        assert "Jag är Samverka" in _shown(call)  # the deployment's default: BOT_TIMEZONE Stockholm
        assert "/samverka events" in _shown(call) and "reload" not in _shown(call)
        h.runtime.languages.remember("U0OFFICIAL", "en")
        await h.send(_command(slack_standin, ""))
        await h.send(_command(slack_standin, "palīdzība"))
        calls = await h.wait("response_url", count=3)
        assert "I'm Samverka" in _shown(calls[1]) and "Es esmu Samverka" in _shown(calls[2])

    run(slack_standin, scenario)


def test_maintainers_see_reload_in_help(slack_standin: SlackStandin) -> None:
    async def scenario(h: Harness) -> None:
        await h.send(_command(slack_standin, "help", user="U0MAINT"))
        (call,) = await h.wait("response_url")
        assert "/samverka reload" in _shown(call)

    run(slack_standin, scenario, make_runtime(maintainers="U0MAINT"))


def test_slash_question_is_private_with_a_share_button(slack_standin: SlackStandin) -> None:
    async def scenario(h: Harness) -> None:
        await h.send(_command(slack_standin, "elderly care"))
        (call,) = await h.wait("response_url")
        assert call.get("response_type") in (None, "ephemeral")
        assert "Exempel Företag 1" in _shown(call)
        buttons = [e for b in call.blocks if b["type"] == "actions" for e in b["elements"]]
        assert [b["action_id"] for b in buttons] == [ACTION_SHARE, *FEEDBACK_ACTIONS]
        assert decode_ref(buttons[0]["value"]).question == "elderly care"

    run(slack_standin, scenario)


def test_slash_command_text_is_read_like_a_message(slack_standin: SlackStandin) -> None:
    async def scenario(h: Harness) -> None:
        await h.send(_command(slack_standin, "R&amp;D  for &lt;youth&gt; <@U0BOSS|boss>"))
        await h.wait("response_url")
        assert h.runtime.snapshot.matcher.questions[-1][0] == "R&D for <youth>"  # type: ignore[attr-defined]

    run(slack_standin, scenario)


def test_events_subcommand_lists_upcoming_events(slack_standin: SlackStandin) -> None:
    async def scenario(h: Harness) -> None:
        await h.send(_command(slack_standin, "events"))
        (call,) = await h.wait("response_url")
        shown = _shown(call)
        assert "Exempeldagen" in shown and "Gamla dagen" not in shown
        await h.send(_command(slack_standin, "events in Exempelby"))  # a question, not the list
        await h.wait("response_url", count=2)
        assert h.runtime.snapshot.matcher.questions[-1][0] == "events in Exempelby"  # type: ignore[attr-defined]

    run(slack_standin, scenario)


def test_reload_is_for_maintainers_and_reports_problems(slack_standin: SlackStandin) -> None:
    attempts: list[int] = []

    def loader(directory: Path) -> Knowledge:
        attempts.append(1)
        if len(attempts) == 2:
            raise KnowledgeError([Problem("knowledge/events.yaml", 7, "start: not a date <x>")])
        return tiny_knowledge(version=f"v{len(attempts) + 1}")

    runtime = make_runtime(loader=loader, maintainers="U0MAINT")

    async def scenario(h: Harness) -> None:
        await h.send(_command(slack_standin, "reload", user="U0OFFICIAL"))
        (denied,) = await h.wait("response_url")
        assert "Bara förvaltare" in _shown(denied) and attempts == []
        await h.send(_command(slack_standin, "reload", user="U0MAINT"))
        calls = await h.wait("response_url", count=2)
        assert "version v2" in _shown(calls[1]) and h.runtime.snapshot.version == "v2"
        await h.send(_command(slack_standin, "reload", user="U0MAINT"))
        calls = await h.wait("response_url", count=3)
        assert "knowledge/events.yaml:7: start: not a date &lt;x&gt;" in _shown(calls[2])
        assert h.runtime.snapshot.version == "v2"  # the last good one is still served

    run(slack_standin, scenario, runtime)


def test_a_registered_subcommand_gets_its_normalised_arguments(slack_standin: SlackStandin) -> None:
    runtime = make_runtime()
    received: list[SubcommandRequest] = []

    async def scenario(h: Harness) -> None:
        async def subscribe(request: SubcommandRequest) -> None:
            received.append(request)
            await request.respond(text="subscribed")

        h.runtime.hooks.subcommands["subscribe"] = subscribe
        await h.send(_command(slack_standin, "Subscribe  elderly   care"))
        (call,) = await h.wait("response_url")
        assert call.text == "subscribed"
        assert received[0].args == "elderly care" and received[0].user_id == "U0OFFICIAL"
        await h.send(_command(slack_standin, "help"))
        calls = await h.wait("response_url", count=2)
        assert "/samverka subscribe" in _shown(calls[1])

    run(slack_standin, scenario, runtime)


# ----- buttons ---------------------------------------------------------------------
def test_share_posts_to_the_channel_and_removes_the_private_copy(slack_standin: SlackStandin) -> None:
    async def scenario(h: Harness) -> None:
        value = json.dumps({"q": "elderly care", "n": 2})
        await h.send(slack_standin.block_action(ACTION_SHARE, value, ephemeral=True, user="U0SHARER"))
        posted, deleted = await h.wait("response_url", count=2)
        assert posted.get("response_type") == "in_channel" and posted.get("replace_original") is False
        assert texts_of(posted.blocks)[0] == "<@U0SHARER> shared an answer from Samverka"
        assert "Exempel Företag 2" in _shown(posted)
        assert deleted.get("delete_original") is True

    run(slack_standin, scenario)


def test_show_more_replaces_the_answer_with_a_longer_one(slack_standin: SlackStandin) -> None:
    async def scenario(h: Harness) -> None:
        await h.send(_command(slack_standin, "elderly care"))
        (first,) = await h.wait("response_url")
        more = next(
            e
            for b in first.blocks
            if b["type"] == "actions"
            for e in b["elements"]
            if e["action_id"] == ACTION_SHOW_MORE
        )
        await h.send(slack_standin.block_action(ACTION_SHOW_MORE, more["value"], ephemeral=True))
        second = (await h.wait("response_url", count=2))[1]
        assert second.get("replace_original") is True
        count = sum(
            "Exempel Företag" in b.get("text", {}).get("text", "")
            for b in second.blocks
            if b["type"] == "section"
        )
        assert count == decode_ref(more["value"]).shown > FIRST_PAGE
        assert any(
            e["action_id"] == ACTION_SHARE
            for b in second.blocks
            if b["type"] == "actions"
            for e in b["elements"]
        )

    run(slack_standin, scenario, make_runtime(enterprises=12))


def test_event_buttons_from_features_appear_under_events(slack_standin: SlackStandin) -> None:
    runtime = make_runtime()
    runtime.hooks.event_buttons.append(EventButton("extra_feature", "slack.show_more"))

    async def scenario(h: Harness) -> None:
        await h.send(_command(slack_standin, "events"))
        (call,) = await h.wait("response_url")
        buttons = [e for b in call.blocks if b["type"] == "actions" for e in b["elements"]]
        assert [(b["action_id"], b["value"]) for b in buttons] == [
            ("extra_feature", "exempel-dagen"),  # appended before the app registered its own
            (REMIND_ME_ACTION, "exempel-dagen"),
            (ADD_TO_CALENDAR_ACTION, "exempel-dagen"),
        ]

    run(slack_standin, scenario, runtime)


# ----- failures ---------------------------------------------------------------------
class _BrokenMatcher(ScriptedMatcher):
    def answer(self, question: str, *, today: date) -> Answer:
        raise RuntimeError("matcher bug")


def test_a_failing_listener_is_logged_and_the_user_is_told(slack_standin: SlackStandin, caplog) -> None:
    async def scenario(h: Harness) -> None:
        started = time.monotonic()
        assert await h.send(_command(slack_standin, "elderly care")) == 200
        assert time.monotonic() - started < 2.5  # acknowledged at once, not after bolt's 3 s ack wait
        (call,) = await h.wait("response_url")
        assert "Något gick fel" in call.text and call.get("response_type") == "ephemeral"
        await h.send(
            slack_standin.event_callback(slack_standin.mention(f"<@{slack_standin.bot_user_id}> x", ts="9.9"))
        )
        (posted,) = await h.wait("chat.postMessage")
        assert "Något gick fel" in posted.text and posted.get("thread_ts") == "9.9"

    with caplog.at_level(logging.DEBUG):  # slow logging made bolt's own error path lose the ack
        run(slack_standin, scenario, make_runtime(matcher=_BrokenMatcher))
    failures = [r for r in caplog.records if r.getMessage().startswith("a Slack listener failed")]
    assert len(failures) == 2 and all(r.exc_info for r in failures)
    assert "elderly care" not in "\n".join(r.getMessage() for r in failures)  # no question text in logs


def test_a_failing_click_in_app_home_is_reported_by_direct_message(slack_standin: SlackStandin) -> None:
    async def scenario(h: Harness) -> None:
        click = slack_standin.block_action(ACTION_SHOW_MORE, json.dumps({"q": "elderly care", "n": 10}))
        del click["response_url"]  # a view has none to answer through
        click["container"] = {"type": "view", "view_id": "V0HOME"}
        click["view"] = {"type": "home", "id": "V0HOME"}
        assert await h.send(click) == 200
        (posted,) = await h.wait("chat.postMessage")
        assert "Något gick fel" in posted.text and posted.get("channel") == "U0OFFICIAL"

    run(slack_standin, scenario, make_runtime(matcher=_BrokenMatcher))
