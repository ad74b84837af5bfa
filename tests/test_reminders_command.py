"""`python -m bot reminders`: the dry-run plan a maintainer reads before anything goes out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from tests.bot_process import SETTINGS_VARIABLES
from tests.reminder_fixtures import event_yaml, write_knowledge

EVENTS = (
    event_yaml("expo", "2026-12-10", "2026-12-11"),
    event_yaml(
        "timed",
        "2026-12-12T10:00:00+01:00",
        "2026-12-12T15:00:00+01:00",
        reminders='{offsets_days: [3], time: "08:30", channel: C0OTHER}',
    ),
    event_yaml("vague", "2026-12"),
)


@pytest.fixture
def directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in SETTINGS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no developer's .env
    monkeypatch.setenv("REMINDER_CHANNEL", "C0EVENTS")
    monkeypatch.setenv("BOT_TIMEZONE", "Europe/Stockholm")
    return write_knowledge(tmp_path / "knowledge", *EVENTS)


def test_the_plan_is_a_table_in_the_bot_timezone(directory: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["reminders", "--knowledge", str(directory), "--now", "2026-12-01T12:00", "--days", "30"]) == 0
    )
    out = capsys.readouterr().out
    print(out)
    lines = out.splitlines()
    assert (
        lines[0]
        == "Reminder plan from 2026-12-01 12:00 CET for 30 days (Europe/Stockholm); dry run, nothing is sent."
    )
    assert lines[1].split() == ["SEND", "AT", "BEFORE", "EVENT", "STARTS", "TO", "STATE"]
    rows = [line.split() for line in lines[2:5]]
    assert rows == [
        ["2026-12-03", "09:00", "CET", "7", "d", "expo", "2026-12-10", "C0EVENTS", "planned"],
        ["2026-12-09", "08:30", "CET", "3", "d", "timed", "2026-12-12", "10:00", "C0OTHER", "planned"],
        ["2026-12-09", "09:00", "CET", "1", "d", "expo", "2026-12-10", "C0EVENTS", "planned"],
    ]
    assert "3 reminders." in out
    assert "vague: only the month is known" in out


def test_a_short_window_and_a_due_reminder(directory: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["reminders", "--knowledge", str(directory), "--now", "2026-12-03T11:00+01:00", "--days", "1"])
        == 0
    )
    out = capsys.readouterr().out
    assert "due now, late" in out  # 09:00 passed two hours ago: it goes out late at the next tick
    assert "1 reminder." in out


def test_json_output(directory: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reminders", "--knowledge", str(directory), "--now", "2026-12-01T12:00", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(r["event"], r["before"], r["target"]) for r in data["reminders"]] == [
        ("expo", "7 d", "C0EVENTS"),
        ("timed", "3 d", "C0OTHER"),
        ("expo", "1 d", "C0EVENTS"),
    ]
    assert data["without_reminders"] == ["vague: only the month is known, so there is no day to count from"]


def test_without_a_reminder_channel_says_so(
    directory: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REMINDER_CHANNEL")
    assert main(["reminders", "--knowledge", str(directory), "--now", "2026-12-01T12:00"]) == 0
    out = capsys.readouterr().out
    assert "REMINDER_CHANNEL is not set" in out
    assert "expo: no channel" in out
    assert "C0OTHER" in out  # the event naming its own channel is still reminded


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--now", "next tuesday"], "error: --now: 'next tuesday' is not an ISO date-time"),
        (["--days", "0"], "error: --days must be between 1 and 3660, not 0"),
    ],
)
def test_bad_options_are_one_clear_line(
    directory: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["reminders", "--knowledge", str(directory), *args]) == 2
    captured = capsys.readouterr()
    assert captured.err.strip().startswith(message)
    assert len(captured.err.strip().splitlines()) == 1
    assert captured.out == ""
