"""Logging: redaction of secrets, text and JSON lines, and one line per Slack request (id, kind,
latency, outcome) from the real bolt app against the Slack stand-in."""

from __future__ import annotations

import io
import json
import logging
import re
import sys
import threading
from collections.abc import Iterator

import pytest

from bot.config import load_settings
from bot.logging_setup import (
    MASK,
    Redactor,
    configure_logging,
    log_request,
    request_context,
    secrets_of,
)
from tests.logging_state import logging_restored
from tests.slack_harness import Harness, make_runtime, run
from tests.slack_standin import SlackStandin

BOT_TOKEN = "xoxb-1234-5678-abcdefSECRET"
SIGNING = "f00dfacecafe5ecret0123456789abcd"
DB_PASSWORD = "pg-Pa55word-x"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """Route logging through `configure_logging` into a buffer; put the process back afterwards."""
    with logging_restored():
        yield io.StringIO()


# ----- redaction -----------------------------------------------------------------------------------------
def test_redactor_masks_known_values_and_anything_token_shaped() -> None:
    redact = Redactor([BOT_TOKEN, SIGNING, DB_PASSWORD, None, "ab"])
    text = (
        f"token={BOT_TOKEN} secret={SIGNING} url=postgresql://bot:{DB_PASSWORD}@db/x "
        "other xoxp-99999-unknown-token and xapp-1-A0-123456-abc and https://u:hunter2@example.org/p"
    )
    out = redact(text)
    for value in (BOT_TOKEN, SIGNING, DB_PASSWORD, "xoxp-99999", "xapp-1-A0", "hunter2"):
        assert value not in out
    assert f"postgresql://bot:{MASK}@db/x" in out and f"https://u:{MASK}@example.org/p" in out
    assert redact("ab cd") == "ab cd"  # too short to be a secret: ordinary words stay


def test_settings_secrets_include_the_database_password() -> None:
    settings = load_settings(
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING,
        database_url=f"postgresql://bot:{DB_PASSWORD}@127.0.0.1/x",
        log_salt="salt-value-1",
    )
    found = secrets_of(settings)
    assert {BOT_TOKEN, SIGNING, DB_PASSWORD, "salt-value-1"} <= set(found)


def test_every_path_into_the_log_is_redacted(captured: io.StringIO) -> None:
    configure_logging(level="DEBUG", secrets=[BOT_TOKEN, SIGNING, DB_PASSWORD], stream=captured)
    log = logging.getLogger("some.library")
    log.info("Sending a request - headers: {'Authorization': 'Bearer %s'}", BOT_TOKEN)
    log.debug("signing with %r", SIGNING)
    try:
        raise RuntimeError(f"connection to postgresql://bot:{DB_PASSWORD}@h/db failed")
    except RuntimeError:
        log.exception("database error")
    log.warning("bad format %s %s", "only one")  # noqa: PLE1206 (a broken call must still be logged)
    logging.getLogger("uvicorn.error").error("token %s", BOT_TOKEN)  # library loggers too
    sys.excepthook(*_exc_info(ValueError(f"crash {SIGNING}")))
    thread = threading.Thread(target=lambda: (_ for _ in ()).throw(KeyError(BOT_TOKEN)), name="worker")
    thread.start()
    thread.join()
    output = captured.getvalue()
    assert "database error" in output and "Traceback" in output and "uncaught exception" in output
    assert "bad format" in output and "in thread worker" in output
    for secret in (BOT_TOKEN, SIGNING, DB_PASSWORD):
        assert secret not in output


def _exc_info(error: BaseException):  # type: ignore[no-untyped-def]
    try:
        raise error
    except BaseException as caught:
        return type(caught), caught, caught.__traceback__


def test_json_lines_carry_the_request_fields(captured: io.StringIO) -> None:
    configure_logging(fmt="json", secrets=[BOT_TOKEN], stream=captured)
    with request_context("req-123"):
        logging.getLogger("bot.x").info("inside %s", BOT_TOKEN)
        log_request("req-123", "event:app_mention", 12.345, "answered", listener="app_mention")
    lines = [json.loads(line) for line in captured.getvalue().splitlines()]
    assert lines[0]["message"] == f"inside {MASK}" and lines[0]["request_id"] == "req-123"
    request = lines[1]
    assert request["logger"] == "samverka.request"
    assert (request["request_id"], request["kind"], request["latency_ms"], request["outcome"]) == (
        "req-123",
        "event:app_mention",
        12.3,
        "answered",
    )
    assert request["listener"] == "app_mention" and request["level"] == "INFO" and "time" in request


# ----- one line per request, from the app -----------------------------------------------------------------
_LINE = re.compile(r"request id=(\w+) kind=(\S+) latency_ms=([\d.]+) outcome=(\S+)")


def _requests(output: str) -> list[tuple[str, str, float, str]]:
    return [(m[1], m[2], float(m[3]), m[4]) for m in _LINE.finditer(output)]


def test_each_request_is_one_line_with_its_outcome(
    captured: io.StringIO, slack_standin: SlackStandin
) -> None:
    configure_logging(stream=captured)
    runtime = make_runtime(rate_limit_per_minute=2)

    async def scenario(h: Harness) -> None:
        ask = slack_standin.direct_message
        await h.send(slack_standin.event_callback(ask("elderly care", user="U1")))
        await h.send(slack_standin.event_callback(ask("elderly", user="U1", subtype="message_changed")))
        await h.send(slack_standin.event_callback(ask("help", user="U1")))
        await h.send(slack_standin.event_callback(ask("again", user="U1")))  # over the limit of 2
        await h.send(slack_standin.slash_command("events", user="U2"))
        await h.wait("chat.postMessage", count=3)
        await h.wait("response_url")

    run(slack_standin, scenario, runtime)
    lines = _requests(captured.getvalue())
    # In order of completion: an answer's line is written when it has been posted.
    assert sorted((kind, outcome) for _, kind, _, outcome in lines) == [
        ("command:/samverka", "ok"),
        ("event:message", "acknowledged"),  # an edit: acknowledged, not answered
        ("event:message", "answered"),
        ("event:message", "help"),
        ("event:message", "rate_limited"),
    ]
    assert len({request_id for request_id, *_ in lines}) == 5
    assert all(latency >= 0 for _, _, latency, _ in lines)


def test_a_failing_listener_is_logged_as_an_error(captured: io.StringIO, slack_standin: SlackStandin) -> None:
    configure_logging(stream=captured)

    class Broken:
        def __init__(self, knowledge) -> None:  # type: ignore[no-untyped-def]
            pass

        def answer(self, question: str, *, today):  # type: ignore[no-untyped-def]
            raise RuntimeError(f"boom {BOT_TOKEN}")

    runtime = make_runtime(matcher=Broken)

    async def scenario(h: Harness) -> None:
        await h.send(slack_standin.event_callback(slack_standin.direct_message("elderly")))
        await h.wait("chat.postMessage")  # the user is told something went wrong

    run(slack_standin, scenario, runtime)
    output = captured.getvalue()
    ((request_id, kind, _, outcome),) = _requests(output)
    assert (kind, outcome) == ("event:message", "error")
    # The traceback is logged under the same request id.
    assert f"[{request_id}]" in output and "RuntimeError" in output
