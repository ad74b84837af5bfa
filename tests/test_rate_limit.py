"""The per-user token bucket on a fake clock (no real waiting), and the middleware in the bolt app."""

from __future__ import annotations

import json

import pytest
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.slack.rate_limit import RateLimiter, Verdict
from tests.slack_harness import Harness, make_runtime, run
from tests.slack_standin import SlackStandin


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def test_allows_up_to_the_limit_then_asks_to_slow_down_once(clock: FakeClock) -> None:
    limiter = RateLimiter(5, clock=clock)
    assert [limiter.check("U1") for _ in range(5)] == [Verdict.ALLOW] * 5
    assert limiter.check("U1") is Verdict.SLOW_DOWN
    # Told once per burst: further refusals are silent, so the warning is not itself spam.
    assert [limiter.check("U1") for _ in range(10)] == [Verdict.DROP] * 10


def test_other_users_keep_being_served(clock: FakeClock) -> None:
    limiter = RateLimiter(3, clock=clock)
    for _ in range(50):
        limiter.check("USPAM")
    assert limiter.check("USPAM") is Verdict.DROP
    assert [limiter.check("UOTHER") for _ in range(3)] == [Verdict.ALLOW] * 3
    assert limiter.check("UTHIRD") is Verdict.ALLOW


def test_refills_at_the_per_minute_rate(clock: FakeClock) -> None:
    limiter = RateLimiter(6, clock=clock)  # one token every 10 s
    for _ in range(6):
        assert limiter.check("U1") is Verdict.ALLOW
    assert limiter.check("U1") is Verdict.SLOW_DOWN
    assert limiter.retry_after("U1") == pytest.approx(10.0)
    clock.advance(9.9)
    assert limiter.check("U1") is Verdict.DROP
    clock.advance(0.2)
    assert limiter.check("U1") is Verdict.ALLOW
    # A new burst of refusals is announced again.
    assert limiter.check("U1") is Verdict.SLOW_DOWN


def test_a_quiet_minute_refills_the_whole_bucket_but_not_beyond(clock: FakeClock) -> None:
    limiter = RateLimiter(4, clock=clock)
    for _ in range(4):
        limiter.check("U1")
    clock.advance(3600)  # an hour idle does not bank 240 questions
    assert [limiter.check("U1") for _ in range(5)] == [Verdict.ALLOW] * 4 + [Verdict.SLOW_DOWN]


def test_burst_smaller_than_rate(clock: FakeClock) -> None:
    limiter = RateLimiter(60, burst=2, clock=clock)
    assert [limiter.check("U1") for _ in range(3)] == [Verdict.ALLOW, Verdict.ALLOW, Verdict.SLOW_DOWN]
    clock.advance(1.0)
    assert limiter.check("U1") is Verdict.ALLOW


def test_clock_going_backwards_does_not_grant_tokens(clock: FakeClock) -> None:
    limiter = RateLimiter(2, clock=clock)
    limiter.check("U1")
    limiter.check("U1")
    clock.advance(-500)
    assert limiter.check("U1") is Verdict.SLOW_DOWN


def test_zero_turns_it_off_and_anonymous_requests_pass(clock: FakeClock) -> None:
    off = RateLimiter(0, clock=clock)
    assert not off.enabled
    assert all(off.check("U1") is Verdict.ALLOW for _ in range(1000))
    on = RateLimiter(1, clock=clock)
    assert all(on.check(None) is Verdict.ALLOW for _ in range(10))
    assert len(on) == 0


def test_memory_is_bounded(clock: FakeClock) -> None:
    limiter = RateLimiter(1, clock=clock, max_users=100)
    for n in range(1000):
        limiter.check(f"U{n}")
    assert len(limiter) == 100
    # The most recent users are the ones remembered.
    assert limiter.check("U999") is Verdict.SLOW_DOWN


# ----- in the Slack app: the middleware ---------------------------------------------------------------------
def test_a_flooding_user_is_told_once_and_others_keep_being_served(slack_standin: SlackStandin) -> None:
    runtime = make_runtime(rate_limit_per_minute=2)

    async def scenario(h: Harness) -> None:
        for n in range(5):
            mention = slack_standin.mention(
                f"<@{slack_standin.bot_user_id}> elderly {n}", user="U0FLOOD", ts=f"1.{n}"
            )
            assert await h.send(slack_standin.event_callback(mention)) == 200
        await h.send(slack_standin.event_callback(slack_standin.direct_message("elderly", user="U0CALM")))
        posts = await h.wait("chat.postMessage", count=4)
        texts = [(c.get("thread_ts"), c.text) for c in posts]
        answers = [t for t in texts if t[1].startswith("Results")]
        slow = [t for t in texts if "lot of questions" in t[1]]
        assert len(answers) == 3  # two of the flood, and the calm user's
        assert slow == [("1.2", slow[0][1])]  # once, in the thread of the first refused question
        assert "about 30 seconds" in slow[0][1]
        await h.settle()  # every listener has finished: a post the 4th or 5th made would be recorded
        assert len(slack_standin.calls_to("chat.postMessage")) == 4  # the 4th and 5th got nothing

    run(slack_standin, scenario, runtime)


def test_slow_down_is_in_the_language_of_the_question(slack_standin: SlackStandin) -> None:
    runtime = make_runtime(rate_limit_per_minute=1)

    async def scenario(h: Harness) -> None:
        for text in ("first question", "sociala företag i Kiruna, tack"):
            await h.send(slack_standin.event_callback(slack_standin.direct_message(text, user="U0SV")))
        posts = await h.wait("chat.postMessage", count=2)
        assert posts[1].text.startswith("Oj, det går fort!")
        assert posts[1].get("channel") == "D0DIRECT" and posts[1].get("thread_ts") is None

    run(slack_standin, scenario, runtime)


def test_slash_command_over_the_limit_is_answered_in_the_acknowledgement(slack_standin: SlackStandin) -> None:
    runtime = make_runtime(rate_limit_per_minute=1)

    async def scenario(h: Harness) -> None:
        first = slack_standin.slash_command("elderly care", user="U0SLASH")
        assert await h.send(first) == 200
        await h.wait("response_url")
        response = await h.app.async_dispatch(
            AsyncBoltRequest(
                body=slack_standin.slash_command("more please", user="U0SLASH"), mode="socket_mode"
            )
        )
        body = response.body if isinstance(response.body, dict) else json.loads(response.body)
        assert response.status == 200 and body["response_type"] == "ephemeral"
        assert "lot of questions" in body["text"]
        assert len(slack_standin.calls_to("response_url")) == 1  # the matcher was not asked

    run(slack_standin, scenario, runtime)
    assert len(runtime.snapshot.matcher.questions) == 1  # type: ignore[attr-defined]


def test_buttons_are_not_counted(slack_standin: SlackStandin) -> None:
    runtime = make_runtime(rate_limit_per_minute=1)

    async def scenario(h: Harness) -> None:
        await h.send(slack_standin.event_callback(slack_standin.direct_message("elderly", user="U0B")))
        value = json.dumps({"q": "elderly", "r": []})
        for _ in range(3):
            await h.send(slack_standin.block_action("answer_feedback_up", value, user="U0B"))
        await h.wait("response_url", count=3)
        await h.wait("chat.postMessage")

    run(slack_standin, scenario, runtime)


def test_zero_turns_the_middleware_off(slack_standin: SlackStandin) -> None:
    runtime = make_runtime(rate_limit_per_minute=0)

    async def scenario(h: Harness) -> None:
        for n in range(30):
            await h.send(
                slack_standin.event_callback(slack_standin.direct_message(f"elderly {n}", user="U0Z"))
            )
        await h.wait("chat.postMessage", count=30)

    run(slack_standin, scenario, runtime)


def test_recent_counts_the_questions_of_the_last_minute() -> None:
    from bot.slack.rate_limit import RateLimiter

    now = [0.0]
    limiter = RateLimiter(per_minute=6, clock=lambda: now[0])
    assert limiter.recent("U1") == 0.0
    limiter.check("U1")
    limiter.check("U1")
    assert limiter.recent("U1") == 2.0
    now[0] += 10  # one token back every 10 s at 6 a minute
    assert limiter.recent("U1") == 1.0
    now[0] += 60
    assert limiter.recent("U1") == 0.0
