"""Fixtures shared across the test suite (add yours with a small, separate edit)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests import hypothesis_profiles  # noqa: F401 (registers dev and ci before pytest picks one)
from tests.reminder_fixtures import (  # noqa: F401 (fixtures)
    database_url,  # a fresh SQLite file and PostgreSQL schema
    proxied_url,  # that PostgreSQL schema behind a TCP proxy the test controls
)
from tests.slack_standin import SlackStandin


@pytest.fixture
def slack_standin() -> Iterator[SlackStandin]:
    """A fresh local Slack stand-in (Web API, response URLs, Socket Mode) on 127.0.0.1."""
    with SlackStandin() as standin:
        yield standin


@pytest.fixture(scope="module")
def module_slack_standin() -> Iterator[SlackStandin]:
    """One stand-in for a whole module, for tests that share one (slow to start) bot process."""
    with SlackStandin() as standin:
        yield standin
