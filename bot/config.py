"""Settings from the environment and `.env`, validated once at start.

One typed object for every command; the Slack tokens are only required by `run`, so
`ask`, `check` and friends work on a laptop with no Slack app at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///samverka.db"


class SettingsError(Exception):
    """A setting is missing or wrong; the message names the variable and never its secret value."""


class Settings(BaseSettings):
    # An empty variable (`SLACK_APP_TOKEN=` in .env) means "not set", not "set to nothing".
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True
    )

    slack_bot_token: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    port: int = Field(default=3000, ge=1, le=65535)
    slack_api_url: str = "https://slack.com/api/"
    knowledge_dir: Path = Path("knowledge")
    database_url: SecretStr = SecretStr(DEFAULT_DATABASE_URL)
    database_timeout: float = Field(default=10.0, gt=0, le=300)  # seconds any one database call may take
    reminder_channel: str | None = None
    bot_timezone: str = "Europe/Stockholm"
    maintainers: str = ""  # comma- or space-separated Slack user ids
    log_level: str = "INFO"
    # Operations: logs, the question log, the per-user limit and the maintainers' DMs.
    log_format: Literal["text", "json"] = "text"
    log_salt: SecretStr | None = None  # for hashing user ids in the question log; else derived from secrets
    question_log_days: int = Field(default=90, ge=1, le=3650)  # how long logged questions are kept
    # how long delivery rows and event subscriptions are kept after their event ended
    personal_data_retention_days: int = Field(default=30, ge=1, le=3650)
    rate_limit_per_minute: int = Field(default=20, ge=0)  # questions per user per minute; 0 = no limit
    report_digest: Literal["off", "weekly"] = "off"  # the report DMed to MAINTAINERS on Mondays
    stale_after_days: int = Field(default=365, ge=0)  # monthly DM: entries on older sources; 0 = off
    stale_after_years: int = Field(default=3, ge=1, le=50)  # answers mark facts older than this
    # HTTP mode: worker processes (None: from the CPU count on PostgreSQL, 1 on SQLite), slow clients
    web_concurrency: int | None = Field(default=None, ge=1, le=64)
    http_read_timeout: float = Field(default=10.0, gt=0, le=300)  # seconds for a request head, and for a body
    http_max_connections: int = Field(default=1000, ge=16, le=100_000)  # open at once, per process

    @field_validator("bot_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (use an IANA name like Europe/Stockholm)") from exc
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level

    @field_validator("slack_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL such as https://slack.com/api/")
        return value if value.endswith("/") else value + "/"

    @property
    def timezone(self) -> ZoneInfo:
        return ZoneInfo(self.bot_timezone)

    @property
    def maintainer_ids(self) -> frozenset[str]:
        return frozenset(part for part in self.maintainers.replace(",", " ").split() if part)


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning pydantic's report into one line per wrong variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            name = str(error["loc"][0]).upper() if error["loc"] else "settings"
            message = error["msg"].removeprefix("Value error, ")
            lines.append(f"{name}: {message}")
        raise SettingsError("; ".join(lines)) from None
