"""End to end in Socket Mode: the real `python -m bot run` process, connected to the Slack stand-in
over a websocket, answering with the shipped knowledge base."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.knowledge.loading import load_knowledge
from bot.matching.matcher import Matcher
from bot.rendering.blocks import ACTION_SHARE, ACTION_SHOW_MORE, decode_ref
from tests.bot_process import ROOT, BotProcess, standin_env
from tests.slack_standin import Call, SlackStandin, block_kit_problems, shown

pytestmark = pytest.mark.e2e

LIVE = ("<!channel>", "<!here>", "<!everyone>")


@pytest.fixture(scope="module")
def slack(module_slack_standin: SlackStandin) -> SlackStandin:
    return module_slack_standin


@pytest.fixture(scope="module")
def bot(slack: SlackStandin, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    workdir = tmp_path_factory.mktemp("socket-bot")
    with BotProcess.start(["run"], standin_env(slack, workdir), workdir=workdir) as process:
        try:
            slack.wait_connected(timeout=30)
        except AssertionError:
            raise AssertionError(f"no Socket Mode connection; the bot said:\n{process.log()}") from None
        yield process
    assert process.process.returncode == 0, process.log()


class Expected:
    """What the bot should answer, computed in-process from the same knowledge base and matcher."""

    def __init__(self) -> None:
        self.knowledge = load_knowledge(ROOT / "knowledge")
        self.matcher = Matcher(self.knowledge)

    def names(self, question: str) -> list[str]:
        today = datetime.now(ZoneInfo("Europe/Stockholm")).date()
        return [r.name for r in self.matcher.answer(question, today=today).results]

    def busiest_place(self) -> str:
        """The municipality with the most enterprises: a place question with several answers."""
        counts: dict[str, int] = {}
        for enterprise in self.knowledge.enterprises.values():
            if enterprise.municipality:
                counts[enterprise.municipality] = counts.get(enterprise.municipality, 0) + 1
        region = max(counts, key=lambda key: (counts[key], key))
        return self.knowledge.regions[region].name


@pytest.fixture(scope="module")
def expected() -> Expected:
    return Expected()


def buttons(call: Call) -> dict[str, dict]:
    return {e["action_id"]: e for b in call.blocks if b["type"] == "actions" for e in b["elements"]}


def test_a_mention_is_answered_in_its_thread(
    slack: SlackStandin, bot: BotProcess, expected: Expected
) -> None:
    question = f"social enterprises in {expected.busiest_place()}"
    event = slack.mention(f"<@{slack.bot_user_id}> {question}", channel="C0MENTION")
    slack.wait_for_ack(slack.deliver_event(event))
    call = slack.wait_for_call("chat.postMessage", channel="C0MENTION")
    assert call.get("thread_ts") == event["ts"]
    assert block_kit_problems(call.blocks) == []
    names = expected.names(question)
    assert len(names) > 1 and names[0] in shown(call)
    assert call.token == slack.bot_token


def test_a_direct_message_is_answered_in_the_dm(
    slack: SlackStandin, bot: BotProcess, expected: Expected
) -> None:
    question = "vem kan hjälpa mig i Luleå?"
    slack.wait_for_ack(slack.deliver_event(slack.direct_message(question, channel="D0DM")))
    call = slack.wait_for_call("chat.postMessage", channel="D0DM")
    assert call.get("thread_ts") is None
    names = expected.names(question)
    assert names and names[0] in shown(call)


def test_slash_command_then_share_button(slack: SlackStandin, bot: BotProcess, expected: Expected) -> None:
    question = f"social enterprises in {expected.busiest_place()}"
    envelope = slack.deliver_command(question, channel="C0SLASH", response_url=slack.response_url("slash"))
    slack.wait_for_ack(envelope, timeout=3)  # Slack's 3-second limit
    answer = slack.wait_for_calls("response_url", predicate=lambda c: c.path == "/response/slash")[0]
    assert answer.get("response_type") in (None, "ephemeral")
    assert expected.names(question)[0] in shown(answer)
    share = buttons(answer)[ACTION_SHARE]

    click = slack.block_action(
        ACTION_SHARE,
        share["value"],
        ephemeral=True,
        channel="C0SLASH",
        response_url=slack.response_url("share"),
    )
    slack.wait_for_ack(slack.deliver_action(click), timeout=3)
    posted, removed = slack.wait_for_calls(
        "response_url", count=2, predicate=lambda c: c.path == "/response/share"
    )
    assert posted.get("response_type") == "in_channel"
    assert expected.names(question)[0] in shown(posted)
    assert removed.get("delete_original") is True


def test_show_more_button_grows_the_answer(slack: SlackStandin, bot: BotProcess, expected: Expected) -> None:
    question = f"social enterprises in {expected.busiest_place()}"
    event = slack.mention(f"<@{slack.bot_user_id}> {question}", channel="C0MORE")
    slack.deliver_event(event)
    first = slack.wait_for_call("chat.postMessage", channel="C0MORE")
    more = buttons(first).get(ACTION_SHOW_MORE)
    assert more is not None, "the busiest place's answer should not fit on one page"
    click = slack.block_action(
        ACTION_SHOW_MORE,
        more["value"],
        channel="C0MORE",
        message_ts="1.0",
        response_url=slack.response_url("more"),
    )
    slack.wait_for_ack(slack.deliver_action(click), timeout=3)
    grown = slack.wait_for_calls("response_url", predicate=lambda c: c.path == "/response/more")[0]
    assert grown.get("replace_original") is True
    names = expected.names(question)
    assert all(name in shown(grown) for name in names[: min(len(names), decode_ref(more["value"]).shown)])


def test_own_messages_and_edits_get_no_answer(slack: SlackStandin, bot: BotProcess) -> None:
    own = slack.direct_message(
        "Results: something", channel="D0QUIET", user=slack.bot_user_id, bot_id=slack.bot_id
    )
    edit = slack.direct_message(
        "",
        channel="D0QUIET",
        subtype="message_changed",
        message={"type": "message", "user": "U0OFFICIAL", "text": "elderly care", "ts": "1.0"},
    )
    for event in (own, edit):
        slack.wait_for_ack(slack.deliver_event(event))
    slack.deliver_event(slack.direct_message("elderly care", channel="D0QUIET"))  # a real question after them
    slack.wait_for_call("chat.postMessage", channel="D0QUIET")
    time.sleep(0.5)  # bounded: room for a wrong answer to the first two to arrive too
    assert len(slack.calls_to("chat.postMessage", channel="D0QUIET")) == 1


def test_a_channel_broadcast_in_a_question_is_never_echoed_live(
    slack: SlackStandin, bot: BotProcess, expected: Expected
) -> None:
    place = expected.busiest_place()
    event = slack.mention(
        f"<@{slack.bot_user_id}> <!channel> <!here> social enterprises in {place}", channel="C0LOUD"
    )
    slack.deliver_event(event)
    call = slack.wait_for_call("chat.postMessage", channel="C0LOUD")
    assert expected.names(f"@channel @here social enterprises in {place}")[0] in shown(call)
    assert not any(live in call.dump() for live in LIVE)
    assert f"social enterprises in {place}" in shown(call) and "@channel" not in shown(call)


def test_app_home_is_published(slack: SlackStandin, bot: BotProcess) -> None:
    slack.wait_for_ack(slack.deliver_event({"type": "app_home_opened", "user": "U0HOME", "tab": "home"}))
    view = slack.wait_for_call("views.publish", user_id="U0HOME").get("view")
    view = json.loads(view) if isinstance(view, str) else view
    assert view["type"] == "home" and block_kit_problems(view["blocks"], max_blocks=100) == []
    assert "Traceback" not in bot.log()


def test_the_bot_left_no_trace_of_its_tokens_in_its_log(slack: SlackStandin, bot: BotProcess) -> None:
    log = bot.log()
    assert "signed in to team" in log
    assert slack.bot_token not in log and slack.app_token not in log


def test_reconnects_through_slack_api_url_when_slack_closes_the_socket(
    slack: SlackStandin, bot: BotProcess
) -> None:
    opened = slack.connections_opened
    slack.close_sockets()
    deadline = time.monotonic() + 15
    while slack.connections_opened == opened and time.monotonic() < deadline:
        time.sleep(0.05)
    assert slack.connections_opened == opened + 1, bot.log()  # the SDK's own apps.connections.open
    slack.wait_connected()
    slack.deliver_event(slack.direct_message("elderly care", channel="D0AGAIN"))
    slack.wait_for_call("chat.postMessage", channel="D0AGAIN")
