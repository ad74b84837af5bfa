"""Known secret values never appear in anything the bot writes: a normal run at DEBUG of the real
process (text and JSON logs, HTTP mode, PostgreSQL with a password, a failing Web API call), and the
failure paths at start (database unreachable, token rejected, Slack unreachable, a bad setting), run
in-process by tests.cli_runner with the same output streams and logging set-up."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.bot_process import BotProcess, free_port
from tests.cli_runner import run_cli
from tests.slack_standin import SlackStandin

pytestmark = pytest.mark.e2e

BOT_TOKEN = "xoxb-4242-4242-KnownBotTokenValue0001"
APP_TOKEN = "xapp-1-A4242-4242-KnownAppTokenValue0002"
SIGNING_SECRET = "known-signing-secret-value-0003"
DB_PASSWORD = "Known-Db-Pa55word-0004"
LOG_SALT = "known-log-salt-value-0005"
SECRETS = (BOT_TOKEN, APP_TOKEN, SIGNING_SECRET, DB_PASSWORD, LOG_SALT)


def assert_clean(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked:\n{text}"
        tail = secret[-12:]  # the distinctive part, in case a prefix was cut off or re-quoted
        assert tail not in text, f"part of {secret!r} leaked:\n{text}"


@pytest.fixture
def slack() -> Iterator[SlackStandin]:
    with SlackStandin(bot_token=BOT_TOKEN, app_token=APP_TOKEN, signing_secret=SIGNING_SECRET) as standin:
        yield standin


def base_env(slack: SlackStandin, database_url: str, **extra: str) -> dict[str, str]:
    env = {
        "SLACK_API_URL": slack.api_url,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "DATABASE_URL": database_url,
        "LOG_SALT": LOG_SALT,
        "LOG_LEVEL": "DEBUG",
        "KNOWLEDGE_DIR": str(Path(__file__).resolve().parent.parent / "knowledge"),
    }
    env.update(extra)
    return env


@pytest.fixture
def postgres_url_with_password(database_url: str) -> str:
    """A PostgreSQL schema of its own, reached with a URL that carries a password (the local server
    trusts 127.0.0.1, so the password is sent but not needed)."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        pytest.skip("this run is the PostgreSQL one")
    return url.set(username=url.username or "postgres", password=DB_PASSWORD).render_as_string(
        hide_password=False
    )


@pytest.mark.parametrize("log_format", ["text", "json"])
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_normal_run_at_debug_logs_no_secret(
    slack: SlackStandin, tmp_path: Path, postgres_url_with_password: str, log_format: str
) -> None:
    port = free_port()
    env = base_env(slack, postgres_url_with_password, PORT=str(port), LOG_FORMAT=log_format)
    bot = BotProcess.start(["run", "--mode", "http", "--host", "127.0.0.1"], env, workdir=tmp_path)
    try:
        bot.wait_http_ready(port)
        mention = slack.event_callback(slack.mention(f"<@{slack.bot_user_id}> horses in Kiruna"))
        _post(port, json.dumps(mention), slack.signed_headers(json.dumps(mention)))
        command = slack.form_body(slack.slash_command("sociala företag i Karlskoga"))
        _post(port, command, slack.signed_headers(command, content_type="form"))
        forged = json.dumps(mention | {"event_id": "EvForged"})
        assert _post(port, forged, slack.signed_headers(forged, secret="wrong-secret-000000")) == 401
        slack.fail_next("chat.postMessage", status=500)  # a failing Web API call: logged with traceback
        other = slack.event_callback(slack.mention(f"<@{slack.bot_user_id}> elderly care", user="U0OTHER"))
        _post(port, json.dumps(other), slack.signed_headers(json.dumps(other)))
        slack.wait_for_calls("chat.postMessage", count=3, timeout=15)
        slack.wait_for_call("response_url", timeout=15)
    finally:
        code = bot.stop()
    log = bot.log_path.read_text(encoding="utf-8")
    assert code == 0, log
    assert "request id=" in log or '"request_id"' in log  # the request lines are there
    if log_format == "json":
        assert all(json.loads(line) for line in log.splitlines() if line.strip())
    assert "a Slack listener failed" in log  # the failure path inside the normal run was logged
    assert_clean(log)
    # Nothing secret was sent to Slack either (messages, ephemeral replies).
    assert_clean("\n".join(call.dump() for call in slack.calls))


def _post(port: int, body: str, headers: dict[str, str]) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/slack/events", data=body.encode(), headers=headers
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # The database refuses (nothing listens on port 1): the URL is shown without its password.
        (
            {"DATABASE_URL": f"postgresql://samverka:{DB_PASSWORD}@127.0.0.1:1/x?connect_timeout=2"},
            "database",
        ),
        ({"SLACK_BOT_TOKEN": "xoxb-4242-4242-KnownBotTokenValue0001"[:-1] + "X"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_API_URL": "http://127.0.0.1:1/api/"}, "cannot reach the Slack Web API"),
        ({"SLACK_SIGNING_SECRET": BOT_TOKEN}, "SLACK_SIGNING_SECRET is malformed"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT"),
        ({"PORT": "not-a-port"}, "PORT"),
    ],
)
def test_failure_paths_name_the_problem_and_no_secret(
    slack: SlackStandin, tmp_path: Path, change: dict[str, str], expected: str
) -> None:
    env = base_env(slack, f"sqlite:///{tmp_path / 'samverka.db'}") | change
    result = run_cli("run", "--mode", "http", "--host", "127.0.0.1", "--port", str(free_port()), cwd=tmp_path,
                     env=env)  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert expected in output and "Traceback" not in output
    assert_clean(output.replace("xoxb-4242-4242-KnownBotTokenValue000X", ""))  # the wrong token: not a secret


def test_socket_mode_with_a_rejected_app_token_leaks_nothing(slack: SlackStandin, tmp_path: Path) -> None:
    env = base_env(slack, f"sqlite:///{tmp_path / 'samverka.db'}", SLACK_APP_TOKEN=APP_TOKEN[:-1] + "9")
    result = run_cli("run", "--mode", "socket", cwd=tmp_path, env=env)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "SLACK_APP_TOKEN was rejected" in output, output
    assert_clean(output.replace(APP_TOKEN[:-1] + "9", ""))
