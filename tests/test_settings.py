"""Settings: one typed object from the environment and `.env`, with one clear line per wrong
variable that names it and never echoes a secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import SettingsError, load_settings
from tests.bot_process import SETTINGS_VARIABLES
from tests.cli_runner import run_cli
from tests.knowledge_files import write_knowledge


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in SETTINGS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env


def test_defaults() -> None:
    settings = load_settings()
    assert settings.knowledge_dir == Path("knowledge")
    assert settings.port == 3000
    assert settings.bot_timezone == "Europe/Stockholm"
    assert settings.slack_bot_token is None


def test_every_wrong_variable_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "http")
    monkeypatch.setenv("BOT_TIMEZONE", "Mars/Olympus")
    monkeypatch.setenv("LOG_LEVEL", "loud")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert "PORT: " in message
    assert "BOT_TIMEZONE: unknown time zone 'Mars/Olympus'" in message
    assert "LOG_LEVEL: must be one of" in message


def test_a_secret_is_never_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-very-secret")
    monkeypatch.setenv("PORT", "99999")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert "xoxb-very-secret" not in str(caught.value)
    assert "xoxb-very-secret" not in repr(load_settings(port=3000))


def test_dot_env_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("KNOWLEDGE_DIR=elsewhere\nMAINTAINERS=U1, U2 U3\n", encoding="utf-8")
    settings = load_settings()
    assert settings.knowledge_dir == Path("elsewhere")
    assert settings.maintainer_ids == frozenset({"U1", "U2", "U3"})


def test_empty_variable_means_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KNOWLEDGE_DIR", "")
    monkeypatch.setenv("SLACK_APP_TOKEN", "")
    settings = load_settings()
    assert settings.knowledge_dir == Path("knowledge")
    assert settings.slack_app_token is None


def test_commands_find_the_knowledge_dir_named_in_dot_env(tmp_path: Path) -> None:
    write_knowledge(tmp_path / "kb", {"events.yaml": "[]\n"})
    (tmp_path / ".env").write_text("KNOWLEDGE_DIR=kb\n", encoding="utf-8")
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.startswith("kb/: OK — ")


def test_a_wrong_setting_is_one_clear_line_not_a_traceback(tmp_path: Path) -> None:
    result = run_cli("check", cwd=tmp_path, env={"PORT": "x"})
    assert result.returncode == 1
    assert result.stderr.startswith("error: PORT: ")
    assert "Traceback" not in result.stderr
