"""`run`'s choice of mode and its checks of the tokens that mode needs (the process-level behaviour
is in test_e2e_run_errors.py)."""

from __future__ import annotations

import pytest

from bot.cli import CommandError, build_parser
from bot.commands.run import choose_mode
from bot.config import load_settings

BOT = "xoxb-1-bot"
APP = "xapp-1-app"
SECRET = "0123456789abcdef0123456789abcdef"


@pytest.fixture(autouse=True)
def no_slack_environment(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "PORT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env


def _settings(**values: str):
    return load_settings(**values)


@pytest.mark.parametrize(
    ("requested", "values", "mode"),
    [
        ("auto", {"slack_bot_token": BOT, "slack_app_token": APP}, "socket"),
        ("auto", {"slack_bot_token": BOT, "slack_signing_secret": SECRET}, "http"),
        ("http", {"slack_bot_token": BOT, "slack_app_token": APP, "slack_signing_secret": SECRET}, "http"),
        ("socket", {"slack_bot_token": BOT, "slack_app_token": APP}, "socket"),
    ],
)
def test_mode(requested: str, values: dict[str, str], mode: str) -> None:
    assert choose_mode(requested, _settings(**values)) == mode


@pytest.mark.parametrize(
    ("requested", "values", "message"),
    [
        ("auto", {}, "SLACK_BOT_TOKEN is not set"),
        ("auto", {"slack_bot_token": "xoxp-user", "slack_app_token": APP}, "SLACK_BOT_TOKEN is malformed"),
        ("auto", {"slack_bot_token": BOT, "slack_app_token": "xoxb-1"}, "SLACK_APP_TOKEN is malformed"),
        ("socket", {"slack_bot_token": BOT, "slack_signing_secret": SECRET}, "SLACK_APP_TOKEN is not set"),
        ("auto", {"slack_bot_token": BOT}, "SLACK_SIGNING_SECRET is not set"),
        ("http", {"slack_bot_token": BOT, "slack_app_token": APP}, "SLACK_SIGNING_SECRET is not set"),
        (
            "auto",
            {"slack_bot_token": BOT, "slack_signing_secret": "xapp-1-x"},
            "SLACK_SIGNING_SECRET is malformed",
        ),
        (
            "auto",
            {"slack_bot_token": BOT, "slack_signing_secret": "a b"},
            "SLACK_SIGNING_SECRET is malformed",
        ),
        ("auto", {"slack_bot_token": "   "}, "SLACK_BOT_TOKEN is not set"),
    ],
)
def test_missing_or_malformed_tokens_are_named_never_shown(
    requested: str, values: dict[str, str], message: str
) -> None:
    with pytest.raises(CommandError) as refused:
        choose_mode(requested, _settings(**values))
    text = str(refused.value)
    assert text.startswith(message) and "\n" not in text
    for secret in values.values():
        if secret.strip():
            assert secret not in text


def test_run_options() -> None:
    args = build_parser().parse_args(["run", "--mode", "http", "--port", "8080", "--host", "127.0.0.1"])
    assert (args.mode, args.port, args.host) == ("http", 8080, "127.0.0.1")
    defaults = build_parser().parse_args(["run"])
    assert (defaults.mode, defaults.port, defaults.host) == ("auto", None, "0.0.0.0")
    with pytest.raises(SystemExit):
        build_parser().parse_args(["run", "--mode", "carrier-pigeon"])
