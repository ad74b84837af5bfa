"""`python -m bot run` refuses to start with one clear line (never a traceback, never a secret) when
a token is missing, malformed or rejected, Slack cannot be reached, or the knowledge is invalid.
The first test starts the real process; the others run the same command in-process (tests.cli_runner)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bot_process import free_port, run_bot, standin_env
from tests.cli_runner import run_cli
from tests.knowledge_files import write_knowledge
from tests.slack_standin import SlackStandin

pytestmark = pytest.mark.e2e


def _refused(result, *needles: str) -> str:
    assert result.returncode != 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    for needle in needles:
        assert needle in errors[0], result.stderr
    return errors[0]


def test_a_missing_token_is_one_line(tmp_path: Path) -> None:
    """(Every missing or malformed variant is covered in-process in test_slack_run.py.)"""
    result = run_bot("run", cwd=tmp_path, env={"SLACK_SIGNING_SECRET": "shh-secret"})
    line = _refused(result, "SLACK_BOT_TOKEN is not set")
    assert result.stderr.strip() == line  # nothing else printed
    assert "shh-secret" not in result.stderr


def test_tokens_rejected_by_slack(slack_standin: SlackStandin, tmp_path: Path) -> None:
    env = standin_env(slack_standin, tmp_path, SLACK_BOT_TOKEN="xoxb-revoked")
    _refused(run_cli("run", cwd=tmp_path, env=env), "SLACK_BOT_TOKEN was rejected by Slack (invalid_auth)")
    env = standin_env(slack_standin, tmp_path, SLACK_APP_TOKEN="xapp-revoked")
    _refused(run_cli("run", cwd=tmp_path, env=env), "SLACK_APP_TOKEN was rejected by Slack (invalid_auth)")


def test_slack_unreachable(slack_standin: SlackStandin, tmp_path: Path) -> None:
    env = standin_env(slack_standin, tmp_path, SLACK_API_URL=f"http://127.0.0.1:{free_port()}/api/")
    _refused(run_cli("run", cwd=tmp_path, env=env), "cannot reach the Slack Web API at http://127.0.0.1:")


def test_invalid_knowledge_lists_its_problems(slack_standin: SlackStandin, tmp_path: Path) -> None:
    directory = write_knowledge(tmp_path / "kb")
    (directory / "events.yaml").write_text("- id: Not A Slug\n", encoding="utf-8")
    env = standin_env(slack_standin, tmp_path, KNOWLEDGE_DIR=str(directory))
    result = run_cli("run", cwd=tmp_path, env=env)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "the knowledge base in" in result.stderr and "is not valid" in result.stderr
    assert "events.yaml:1:" in result.stderr
    assert slack_standin.calls_to("auth.test") == []  # it stopped before talking to Slack
