"""The Slack app manifest and the Procfile say what the code does (events, command, modes)."""

from __future__ import annotations

import re

import yaml

from tests.bot_process import ROOT


def _manifest() -> dict:
    return yaml.safe_load((ROOT / "manifest.yml").read_text(encoding="utf-8"))


def test_manifest_subscribes_to_exactly_the_events_the_listeners_handle() -> None:
    manifest = _manifest()
    assert sorted(manifest["settings"]["event_subscriptions"]["bot_events"]) == [
        "app_home_opened",
        "app_mention",
        "message.im",
    ]
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == ["/samverka"]
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True


def test_manifest_asks_for_the_least_scopes() -> None:
    scopes = set(_manifest()["oauth_config"]["scopes"]["bot"])
    needed = {"app_mentions:read", "chat:write", "commands", "im:history", "im:write"}
    reminders_history = {"channels:history", "groups:history"}  # exactly-once check of reminder posts
    assert scopes == needed | reminders_history
    assert not {s for s in scopes if s.endswith(":read") and s != "app_mentions:read"}  # no users:read etc.


def test_manifest_fits_slacks_field_limits() -> None:
    info = _manifest()["display_information"]
    assert len(info["description"]) <= 140
    assert 175 <= len(info["long_description"]) <= 4000
    assert re.fullmatch(r"#[0-9a-f]{6}", info["background_color"])


def test_manifest_defaults_to_socket_mode_and_documents_the_http_url() -> None:
    text = (ROOT / "manifest.yml").read_text(encoding="utf-8")
    assert _manifest()["settings"]["socket_mode_enabled"] is True
    assert text.count("# request_url: https://") == 2 and "# url: https://" in text
    assert all(
        line.rstrip().endswith("/slack/events") for line in text.splitlines() if "url: https://" in line
    )


def test_procfile_pins_each_process_to_its_mode() -> None:
    processes = dict(
        line.split(":", 1)
        for line in (ROOT / "Procfile").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    )
    assert processes["web"].split() == ["python", "-m", "bot", "run", "--mode", "http"]
    assert processes["worker"].split() == ["python", "-m", "bot", "run", "--mode", "socket"]
