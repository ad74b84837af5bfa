"""`python -m bot check`, run as a user runs it: exit codes, output streams, JSON, and the JSON
Schemas kept in step with the models. In-process (tests.cli_runner), with one real-process smoke test."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.commands.check import parse_age
from bot.knowledge.loading import inspect_knowledge
from bot.knowledge.schema import json_schemas, render_schema
from bot.knowledge.staleness import stale_entries
from tests.bot_process import ROOT, run_bot
from tests.cli_runner import CliResult, run_cli
from tests.knowledge_files import MINIMAL, line_of, write_knowledge


def check(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> CliResult:
    return run_cli("check", *args, cwd=cwd, env=env)


def test_valid_directory_exits_0_with_a_summary_on_stderr(tmp_path: Path) -> None:
    """The real-process smoke test: `python -m bot check` as a user starts it."""
    directory = write_knowledge(tmp_path / "knowledge")
    result = run_bot("check", "--knowledge", "knowledge", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("knowledge/: OK — 1 enterprise, 1 contact, 2 organisations, 2 events, ")
    version = inspect_knowledge(directory).knowledge.version  # type: ignore[union-attr]
    assert f"(version {version})" in result.stderr


def test_invalid_directory_exits_1_with_every_problem_on_stdout(tmp_path: Path) -> None:
    enterprises = MINIMAL["enterprises.yaml"].replace("[elderly-care]", "[eldercare]")
    events = MINIMAL["events.yaml"].replace("end: 2020-11-11", "end: 2020-11-01")
    write_knowledge(tmp_path / "knowledge", {"enterprises.yaml": enterprises, "events.yaml": events})
    result = check("--knowledge", "knowledge", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"knowledge/enterprises.yaml:{line_of(enterprises, 'eldercare')}: enterprise 'exempel-foretag': "
        "themes[0]: 'eldercare' is not in themes.yaml (did you mean 'elderly-care'?)",
        f"knowledge/events.yaml:{line_of(events, '2020-11-01')}: event 'exempel-dagen': "
        "end: 2020-11-01 is before start 2020-11-10",
    ]
    assert result.stderr.strip() == "knowledge/: 2 problems in 2 files"


def test_json_format(tmp_path: Path) -> None:
    contacts = MINIMAL["contacts.yaml"].replace("  email:", "  e-mail:")
    write_knowledge(tmp_path / "knowledge", {"contacts.yaml": contacts})
    result = check("--knowledge", "knowledge", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["version"] is None
    assert report["counts"] == {}
    assert report["problems"] == [
        {
            "path": "knowledge/contacts.yaml",
            "line": line_of(contacts, "e-mail:"),
            "message": "contact 'exempel-person': unknown field 'e-mail' (did you mean 'email'?)",
        }
    ]


def test_json_format_when_valid(tmp_path: Path) -> None:
    write_knowledge(tmp_path / "knowledge")
    result = check("--knowledge", str(tmp_path / "knowledge"), "--format", "json")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert len(report["version"]) == 12
    assert report["problems"] == []
    assert report["counts"] == {
        "enterprises": 1,
        "contacts": 1,
        "organisations": 2,
        "events": 2,
        "guides": 1,
        "relations": 1,
        "themes": 2,
        "regions": 7,
        "sources": 2,
    }


def test_usage_error_exits_2(tmp_path: Path) -> None:
    result = check("--format", "xml")
    assert result.returncode == 2
    assert "invalid choice: 'xml'" in result.stderr
    assert check("--stale", "soon").returncode == 2


def test_missing_directory_exits_1(tmp_path: Path) -> None:
    result = check("--knowledge", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert result.stdout.strip() == f"{tmp_path / 'nowhere'}:1: the knowledge directory does not exist"


def test_knowledge_dir_from_the_environment(tmp_path: Path) -> None:
    write_knowledge(tmp_path / "elsewhere", {"events.yaml": "[]\n"})
    result = check(env={"KNOWLEDGE_DIR": str(tmp_path / "elsewhere")})
    assert result.returncode == 0, result.stdout
    assert "0 events" in result.stderr


def test_shipped_knowledge_passes_check() -> None:
    result = check()
    assert result.returncode == 0, result.stdout
    assert result.stderr.startswith("knowledge/: OK — ")


def test_stale_lists_old_entries_as_warnings(tmp_path: Path) -> None:
    directory = write_knowledge(tmp_path / "knowledge")
    inspection = inspect_knowledge(directory)
    warnings = stale_entries(inspection, today=date(2026, 6, 1), max_age=timedelta(days=365))
    events = MINIMAL["events.yaml"]
    # Its source is from 2020; a maintainer's confirmation in 2017 is older still, so the source counts.
    # The guide and the relation have no confirmation; everything else was confirmed in 2026.
    assert [str(w) for w in warnings] == [
        f"{directory / 'events.yaml'}:{line_of(events, '- id: exempel-resan')}: "
        "warning: event 'exempel-resan' rests on facts from 2020-01-01, 2343 days ago",
        f"{directory / 'guides.yaml'}:1: warning: guide 'exempel-guide' rests on facts from 2020-01-01, "
        "2343 days ago",
        f"{directory / 'relations.yaml'}:1: warning: relation 'exempel-natverk-funds-exempel-nod' rests on "
        "facts from 2020-01-01, 2343 days ago",
    ]
    assert stale_entries(inspection, today=date(2026, 6, 1), max_age=timedelta(days=5000)) == []
    result = check("--knowledge", "knowledge", "--stale", "365d", cwd=tmp_path)
    assert result.returncode == 0  # warnings never fail the check
    assert "warning: event 'exempel-resan'" in result.stdout


@pytest.mark.parametrize(
    ("text", "days"), [("365d", 365), ("52w", 364), ("30", 30), (" 7d ", 7), ("3y", 1095)]
)
def test_parse_age(text: str, days: int) -> None:
    assert parse_age(text) == timedelta(days=days)


def test_committed_json_schemas_match_the_models() -> None:
    directory = ROOT / "knowledge" / "schema"
    generated = json_schemas()
    assert sorted(path.name for path in directory.glob("*.schema.json")) == sorted(generated)
    for name, schema in generated.items():
        committed = (directory / name).read_text(encoding="utf-8")
        assert committed == render_schema(schema), (
            f"knowledge/schema/{name} is out of date: run `python3 -m bot check --write-schema`"
        )


def test_every_knowledge_file_points_editors_at_its_schema() -> None:
    for name in ("sources", "regions", "themes", "organisations", "contacts", "enterprises", "events"):
        first = (ROOT / "knowledge" / f"{name}.yaml").read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=schema/{name}.schema.json"


def test_write_schema_regenerates_the_files(tmp_path: Path) -> None:
    directory = write_knowledge(tmp_path / "knowledge")
    result = check("--knowledge", str(directory), "--write-schema")
    assert result.returncode == 0, result.stdout
    written = sorted(path.name for path in (directory / "schema").iterdir())
    assert written == sorted(json_schemas())
    events = json.loads((directory / "schema" / "events.schema.json").read_text(encoding="utf-8"))
    assert events["type"] == "array"
    assert events["$defs"]["Event"]["additionalProperties"] is False
