"""`bot coverage`: counts per county, planning region and municipality, and its JSON contract."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from bot.cli import main
from bot.knowledge.coverage import build_coverage, render_text
from bot.knowledge.loading import load_knowledge
from tests.knowledge_files import write_knowledge

TODAY = date(2026, 12, 1)


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    return write_knowledge(tmp_path / "knowledge")


def rows(payload: dict) -> dict[str, dict]:
    return {row["id"]: row for row in payload["regions"]}


def test_json_is_exactly_the_contract(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage", "--json", "--knowledge", str(minimal), "--today", TODAY.isoformat()]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert list(payload) == ["enterprises", "guides", "upcoming_events", "regions"]
    assert (payload["enterprises"], payload["guides"], payload["upcoming_events"]) == (1, 1, 0)
    for row in payload["regions"]:
        assert list(row) == [
            "id",
            "name",
            "kind",
            "country",
            "enterprises",
            "contacts",
            "guides",
            "newest_source",
        ]
        assert row["kind"] in ("county", "planning_region", "municipality", "country")
        assert row["country"] in ("SE", "LV")
    found = rows(payload)
    # The enterprise is at home in Karlskoga: counted there, in Örebro län and in Sweden, nowhere else
    # (working in Jēkabpils as well does not make it Latvian).
    assert [found[i]["enterprises"] for i in ("se-karlskoga", "se-orebro-lan", "se", "se-orebro")] == [
        1,
        1,
        1,
        0,
    ]
    assert found["lv-jekabpils-novads"]["enterprises"] == 0
    # The node and the person serve Örebro län itself; nobody serves Karlskoga or Sweden as such.
    assert [found[i]["contacts"] for i in ("se-orebro-lan", "se-karlskoga", "se")] == [2, 0, 0]
    # Guides are written per country.
    assert [found[i]["guides"] for i in ("se", "lv", "se-orebro-lan")] == [1, 0, 0]
    assert found["se-karlskoga"]["newest_source"] == "2020-01-01"
    assert found["lv-zemgale"]["newest_source"] is None


def test_upcoming_events_count_only_those_not_over(minimal: Path) -> None:
    knowledge = load_knowledge(minimal)
    assert build_coverage(knowledge, date(2020, 11, 11)).upcoming_events == 1  # the day it ends
    assert build_coverage(knowledge, date(2020, 11, 12)).upcoming_events == 0


def test_table_lists_places_with_nothing_of_their_own(minimal: Path) -> None:
    text = render_text(build_coverage(load_knowledge(minimal), TODAY), TODAY)
    assert "Örebro län" in text and "2020-01-01 (6.9 y)" in text
    assert "SE: 1 of 2 municipalities have nothing of their own" in text
    assert "\n  Örebro\n" in text
    assert "LV: 1 of 1 municipalities have nothing of their own" in text


def test_shipped_knowledge_counts_are_consistent() -> None:
    knowledge = load_knowledge(Path(__file__).resolve().parent.parent / "knowledge")
    coverage = build_coverage(knowledge, TODAY)
    by_id = {r.id: r for r in coverage.regions}
    assert sum(1 for r in coverage.regions if r.kind == "municipality" and r.country == "LV") == 42
    for county in (r for r in coverage.regions if r.kind in ("county", "planning_region")):
        below = [r for r in coverage.regions if r.parent == county.id]
        assert county.enterprises == sum(r.enterprises for r in below), county.id
    karlskoga = sum(1 for e in knowledge.enterprises.values() if e.municipality == "se-karlskoga")
    assert by_id["se-karlskoga"].enterprises == karlskoga >= 4
