"""The per-user token bucket, on a fake clock (no real waiting)."""

from __future__ import annotations

import pytest

from bot.rate_limit import RateLimiter, Verdict


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
