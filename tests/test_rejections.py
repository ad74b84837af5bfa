"""Capped logging of refusals, bodies withheld from library log lines, and the strict signature check."""

from __future__ import annotations

import hashlib
import hmac
import io
import logging
from collections.abc import Iterator

import pytest

from bot.logging_setup import BODY_WITHHELD, configure_logging
from bot.slack.rejections import CappedLog
from bot.slack.signature import SignedRequest, check_signature
from tests.logging_state import logging_restored

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
NOW = 1_700_000_000.0


def sign(body: bytes, stamp: str, secret: str = SECRET) -> str:
    return "v0=" + hmac.new(secret.encode(), f"v0:{stamp}:".encode() + body, hashlib.sha256).hexdigest()


def test_a_good_signature_passes_and_names_what_signed_it() -> None:
    body = b'{"type": "event_callback"}'
    signature = sign(body, "1700000000")
    assert check_signature(SECRET, body, ["1700000000"], [signature], now=NOW) == SignedRequest(
        1_700_000_000, signature
    )


@pytest.mark.parametrize(
    ("stamps", "signatures", "reason"),
    [
        ([], ["v0=" + "0" * 64], "no signature"),
        (["1700000000"], [], "no signature"),
        (["1700000000", "1700000000"], ["v0=" + "0" * 64], "repeated signature header"),
        (["x"], ["v0=" + "0" * 64], "bad timestamp"),
        ([""], ["v0=" + "0" * 64], "bad timestamp"),
        (["1.5"], ["v0=" + "0" * 64], "bad timestamp"),
        (["9" * 5000], ["v0=" + "0" * 64], "bad timestamp"),
        (["١٧٠٠٠٠٠٠٠٠"], ["v0=" + "0" * 64], "bad timestamp"),
        (["1700000000"], ["v0=xyz"], "bad signature format"),
        (["1699999000"], ["v0=" + "0" * 64], "stale timestamp"),
        (["1700000000"], ["v0=" + "0" * 64], "wrong signature"),
    ],
)
def test_anything_else_is_refused_with_a_reason_and_never_raises(
    stamps: list[str], signatures: list[str], reason: str
) -> None:
    assert check_signature(SECRET, b"{}", stamps, signatures, now=NOW) == reason


def test_a_flood_is_logged_as_a_few_lines_and_a_count(caplog: pytest.LogCaptureFixture) -> None:
    clock = [0.0]
    log = CappedLog(
        logging.getLogger("test.capped"), what="requests refused", per_window=3, clock=lambda: clock[0]
    )
    with caplog.at_level(logging.WARNING, logger="test.capped"):
        for n in range(1000):
            log.note("wrong signature", "refused %d", n)
        clock[0] = 10.5
        log.note("wrong signature", "refused late")
    lines = [r.getMessage() for r in caplog.records]
    assert lines == [
        "refused 0",
        "refused 1",
        "refused 2",
        "997 more requests refused in the last 10 s (not logged one by one)",
        "refused late",
    ]
    assert log.total["wrong signature"] == 1001


@pytest.fixture
def restore_logging() -> Iterator[None]:
    with logging_restored():
        yield


@pytest.mark.usefixtures("restore_logging")
def test_library_lines_never_carry_a_request_body() -> None:
    stream = io.StringIO()
    configure_logging(level="INFO", stream=stream)

    body = "{'user_id': 'U0PRIVATE', 'text': 'my private question'}"
    verification = logging.getLogger("slack_bolt.RequestVerification")
    verification.info(f"Invalid request signature detected (signature: v0=1, timestamp: 1, body: {body})")
    logging.getLogger("bot.slack").warning(
        f"A global middleware (m) skipped calling either `next()` or `next_()` "
        f"without providing a response for the request ({body})"
    )
    logging.getLogger("bot.slack").warning(f"Unhandled request ({body})")
    logging.getLogger("bot.slack").debug(f"Unhandled request ({body})")  # DEBUG is the operator's choice
    written = stream.getvalue()
    assert "U0PRIVATE" not in written and "private question" not in written
    assert written.count(BODY_WITHHELD) == 2
    assert "Invalid request signature" not in written
