"""The shipped gazetteer is complete: every Swedish municipality and county, every Latvian
municipality and state city of the 2021 reform, and the Baltic Sea region's countries.

Counts are checked by kind and country, and codes against ISO 3166-2 (pycountry) and SCB's
numbering, so a missing, duplicated or misfiled place fails here rather than in a user's question.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bot.knowledge.iso_names import subdivisions
from bot.knowledge.loading import validate_knowledge
from bot.knowledge.model import Knowledge, Region

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference" / "se_municipalities.tsv"  # outside the repository
BALTIC_SEA_COUNTRIES = {"SE", "FI", "DK", "DE", "PL", "LT", "LV", "EE", "RU"}


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    knowledge, problems = validate_knowledge(ROOT / "knowledge")
    assert problems == [], "\n".join(map(str, problems))
    assert knowledge is not None
    return knowledge


def regions(knowledge: Knowledge, kind: str, country: str) -> list[Region]:
    return [r for r in knowledge.regions.values() if r.kind == kind and r.country == country]


def test_counts_by_kind_and_country(knowledge: Knowledge) -> None:
    counts = Counter((r.country, r.kind) for r in knowledge.regions.values())
    assert counts["SE", "municipality"] == 290
    assert counts["SE", "county"] == 21
    assert counts["LV", "municipality"] == 42  # Varakļāni merged into Madona (2024 decision, from 2025)
    assert counts["LV", "planning_region"] == 5
    assert counts["LV", "county"] == 0


def test_baltic_sea_countries(knowledge: Knowledge) -> None:
    countries = {r.code for r in knowledge.regions.values() if r.kind == "country"}
    assert countries >= BALTIC_SEA_COUNTRIES


def test_swedish_counties_are_exactly_iso_3166_2_se(knowledge: Knowledge) -> None:
    assert {r.code for r in regions(knowledge, "county", "SE")} == {s.code for s in subdivisions("SE")}
    for county in regions(knowledge, "county", "SE"):
        assert county.parent == "se" and county.name.endswith("län"), county


def test_latvian_municipalities_are_exactly_iso_3166_2_lv(knowledge: Knowledge) -> None:
    assert {r.code for r in regions(knowledge, "municipality", "LV")} == {
        s.code for s in subdivisions("LV")
    } - {"LV-102"}
    for municipality in regions(knowledge, "municipality", "LV"):
        parent = knowledge.regions[municipality.parent or ""]
        assert parent.kind == "planning_region", municipality


def test_swedish_municipality_codes_agree_with_their_county(knowledge: Knowledge) -> None:
    """SCB's municipality code starts with its county's number, which pycountry gives as "[SE-18]"."""
    county_number = {s.code: (s.note or "").removeprefix("SE-") for s in subdivisions("SE")}
    municipalities = regions(knowledge, "municipality", "SE")
    assert len({m.code for m in municipalities}) == 290
    assert len({m.name for m in municipalities}) == 290
    for municipality in municipalities:
        county = knowledge.regions[municipality.parent or ""]
        assert county.kind == "county", municipality
        assert municipality.code and municipality.code[:2] == county_number[county.code or ""], municipality


def test_every_county_has_its_municipalities(knowledge: Knowledge) -> None:
    for county in regions(knowledge, "county", "SE"):
        assert knowledge.children(county.id), county.id
    assert sum(len(knowledge.children(c.id)) for c in regions(knowledge, "county", "SE")) == 290
    assert sum(len(knowledge.children(p.id)) for p in regions(knowledge, "planning_region", "LV")) == 42


def test_common_other_names(knowledge: Knowledge) -> None:
    names = {name: region.id for region in knowledge.regions.values() for name in region.names}
    assert knowledge.regions[names["Gothenburg"]].code == "1480"
    assert knowledge.regions[names["Riga"]].code == "LV-RIX"
    assert knowledge.regions[names["Örebro County"]].code == "SE-T"
    assert knowledge.regions[names["Jēkabpils novads"]].code == "LV-042"


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared/reference is outside the repository")
def test_swedish_municipalities_match_the_reference_list(knowledge: Knowledge) -> None:
    rows = [line.split("\t") for line in REFERENCE.read_text(encoding="utf-8").splitlines()[1:] if line]
    expected = {code: name for code, name, *_ in rows}
    assert {m.code: m.name for m in regions(knowledge, "municipality", "SE")} == expected
