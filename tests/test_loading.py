"""Loading and validating the knowledge directory: the snapshot's shape, and every kind of error
reported at the right file and line (each case breaks one thing in a minimal valid directory)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from bot.knowledge.loading import KnowledgeError, Problem, load_knowledge, validate_knowledge
from bot.knowledge.model import Knowledge, ReminderOverride, Text, When
from bot.knowledge.yaml_reader import parse_yaml
from tests.hypothesis_profiles import examples
from tests.knowledge_files import MINIMAL, line_of, write_knowledge

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def knowledge_dir(tmp_path: Path) -> Path:
    return write_knowledge(tmp_path / "knowledge")


def load_ok(directory: Path) -> Knowledge:
    knowledge, problems = validate_knowledge(directory)
    assert problems == []
    assert knowledge is not None
    return knowledge


# --- the snapshot ---------------------------------------------------------------------------------


def test_minimal_directory_loads_into_read_only_snapshot(knowledge_dir: Path) -> None:
    knowledge = load_ok(knowledge_dir)
    for mapping in (knowledge.sources, knowledge.regions, knowledge.themes, knowledge.organisations):
        assert isinstance(mapping, MappingProxyType)
    assert isinstance(knowledge.enterprises, MappingProxyType)
    with pytest.raises(TypeError):
        knowledge.enterprises["x"] = knowledge.enterprises["exempel-foretag"]  # type: ignore[index]
    enterprise = knowledge.enterprises["exempel-foretag"]
    assert enterprise.themes == ("elderly-care",)
    assert enterprise.aliases == ("Exempel AB",)
    assert enterprise.description == Text(
        sv="Ett påhittat socialt företag.", en="A made-up social enterprise."
    )
    assert enterprise.source == ("test-page",)
    assert knowledge.sources_of(enterprise) == (knowledge.sources["test-page"],)
    assert knowledge.newest_source(enterprise) is knowledge.sources["test-page"]
    assert enterprise.verified == date(2026, 1, 1)
    with pytest.raises(ValidationError):  # an entry is frozen: the snapshot cannot be edited in place
        enterprise.name = "x"  # type: ignore[misc]
    assert knowledge.directory == str(knowledge_dir)
    assert len(knowledge.version) == 12
    int(knowledge.version, 16)


def test_regions_get_names_from_iso_and_children(knowledge_dir: Path) -> None:
    knowledge = load_ok(knowledge_dir)
    assert knowledge.regions["se-orebro-lan"].name == "Örebro län"  # pycountry's "[SE-18]" stripped
    assert knowledge.regions["lv-jekabpils-novads"].name == "Jēkabpils novads"
    assert knowledge.regions["lv-jekabpils-novads"].country == "LV"
    assert knowledge.regions["se"].name == "Sweden"
    assert knowledge.regions["se-karlskoga"].country == "SE"
    assert knowledge.children("se-orebro-lan") == ("se-karlskoga", "se-orebro")
    assert knowledge.children("se") == ("se-orebro-lan",)
    assert knowledge.county_of("se-karlskoga").id == "se-orebro-lan"  # type: ignore[union-attr]
    assert isinstance(knowledge._children, MappingProxyType)


def test_event_dates_keep_their_precision(knowledge_dir: Path) -> None:
    knowledge = load_ok(knowledge_dir)
    day = knowledge.events["exempel-dagen"]
    assert day.start == When(date(2020, 11, 10), "day")
    assert day.reminders == ReminderOverride(offsets_days=(14, 1), time_of_day="08:30", channel=None)
    assert day.digital is True
    trip = knowledge.events["exempel-resan"]
    assert trip.start == When(date(2018, 3, 1), "month")
    assert trip.end == When(date(2018, 4, 1), "month")
    assert trip.date_note == Text(lv="2018. gada pavasarī")
    assert trip.reminders is None


def test_zoned_date_time_is_kept(tmp_path: Path) -> None:
    events = MINIMAL["events.yaml"].replace("start: 2020-11-10\n", "start: 2020-11-10T09:00:00+01:00\n")
    events = events.replace("end: 2020-11-11\n", 'end: "2020-11-10T16:00:00+01:00"\n')
    knowledge = load_ok(write_knowledge(tmp_path / "k", {"events.yaml": events}))
    event = knowledge.events["exempel-dagen"]
    assert event.start == When(datetime(2020, 11, 10, 9, tzinfo=timezone(timedelta(hours=1))), "datetime")
    assert event.end.value == datetime(2020, 11, 10, 15, tzinfo=UTC)


def test_theme_synonyms_are_read_only_tuples(knowledge_dir: Path) -> None:
    theme = load_ok(knowledge_dir).themes["elderly-care"]
    assert theme.synonyms["sv"] == ("äldreomsorg", "äldre*")
    assert theme.synonyms["lv"] == ()
    with pytest.raises(ValidationError):
        theme.synonyms.sv = ()  # type: ignore[misc]


def test_version_is_a_content_hash(tmp_path: Path) -> None:
    first = load_ok(write_knowledge(tmp_path / "a")).version
    assert load_ok(write_knowledge(tmp_path / "b")).version == first
    changed = MINIMAL["themes.yaml"] + "# a comment changes the bytes\n"
    assert load_ok(write_knowledge(tmp_path / "c", {"themes.yaml": changed})).version != first


def test_load_knowledge_raises_with_every_problem(tmp_path: Path) -> None:
    broken = write_knowledge(
        tmp_path / "k",
        {
            "enterprises.yaml": MINIMAL["enterprises.yaml"].replace("[elderly-care]", "[eldery-care]"),
            "contacts.yaml": MINIMAL["contacts.yaml"].replace("name: Exempel Person", "nmae: Exempel Person"),
        },
    )
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(broken)
    paths = [problem.path for problem in caught.value.problems]
    assert str(broken / "contacts.yaml") in paths
    assert str(broken / "enterprises.yaml") in paths
    assert "eldery-care" in str(caught.value)


def test_problem_prints_as_path_line_message() -> None:
    assert str(Problem("knowledge/events.yaml", 12, "end: 2018-02 is before start 2018-03")) == (
        "knowledge/events.yaml:12: end: 2018-02 is before start 2018-03"
    )


def test_paths_are_shown_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_knowledge(tmp_path / "knowledge", {"events.yaml": "{}\n"})
    monkeypatch.chdir(tmp_path)
    _, problems = validate_knowledge(Path("knowledge"))
    assert [str(p) for p in problems] == [
        "knowledge/events.yaml:1: the file must be a list of entries (lines starting with '- '), "
        "got a mapping"
    ]


# --- each kind of error, at its file and line ------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    file: str
    old: str  # text in MINIMAL[file] to replace ...
    new: str  # ... with this
    at: str  # the expected line is the first line of the broken file containing this
    says: str  # and the message contains this


CASES = [
    Case(
        "duplicate id",
        "themes.yaml",
        "- id: homework-help",
        "- id: elderly-care\n  label: {sv: Dubblett}\n- id: homework-help",
        "- id: elderly-care\n  label: {sv: Dub",
        "theme 'elderly-care': duplicate id (first at line 1)",
    ),
    Case(
        "duplicate key",
        "contacts.yaml",
        "  organisation: exempel-nod\n",
        "  organisation: exempel-nod\n  organisation: exempel-natverk\n",
        "organisation: exempel-natverk",
        "duplicate key 'organisation' (first at line 4)",
    ),
    Case(
        "unknown field",
        "enterprises.yaml",
        "  aliases: [Exempel AB]",
        "  alias: [Exempel AB]",
        "alias:",
        "enterprise 'exempel-foretag': unknown field 'alias' (did you mean 'aliases'?)",
    ),
    Case(
        "unknown nested field",
        "themes.yaml",
        "label: {sv: Läxhjälp, en:",
        "label: {se: Läxhjälp, en:",
        "se: Läx",
        "theme 'homework-help': unknown field 'label.se' (did you mean 'sv'?)",
    ),
    Case(
        "wrong type: bool",
        "events.yaml",
        "digital: true",
        'digital: "yes"',
        "digital:",
        "event 'exempel-dagen': digital: expected true or false, got the text 'yes'",
    ),
    Case(
        "wrong type: text given as list",
        "organisations.yaml",
        "name: Exempelnätverket",
        "name: [Exempelnätverket]",
        "name: [Exempel",
        "organisation 'exempel-natverk': name: expected text, got a list",
    ),
    Case(
        "unquoted number",
        "regions.yaml",
        'code: "1883"',
        "code: 1883",
        "code: 1883",
        "municipality 'se-karlskoga': code: 1883 is read as the number 1883; "
        'quote it to keep it as text: "1883"',
    ),
    Case(
        "text where a language mapping belongs",
        "contacts.yaml",
        "role: {sv: samordnare, en: coordinator}",
        "role: samordnare",
        "role:",
        "role: expected a mapping of languages like {sv: …, en: …}, got the text",
    ),
    Case(
        "empty text",
        "organisations.yaml",
        "description: {sv: Ett påhittat nätverk.}",
        "description: {}",
        "description: {}",
        "description: give the text in at least one of sv, en, lv",
    ),
    Case(
        "bad id",
        "enterprises.yaml",
        "id: exempel-foretag",
        "id: Exempel_Foretag",
        "id: Exempel",
        "id: 'Exempel_Foretag' is not lowercase letters and digits in words joined by single hyphens",
    ),
    Case(
        "misspelt kind",
        "organisations.yaml",
        "kind: node",
        "kind: nod",
        "kind: nod",
        "kind: 'nod' is not one of support, network, funder, public, ministry, university, node, investor, "
        "project (did you mean 'node'?)",
    ),
    Case(
        "date that does not parse",
        "contacts.yaml",
        "verified: 2026-01-01",
        "verified: 2026-13-01",
        "verified: 2026-13",
        "verified: expected a date (YYYY-MM-DD), got the text '2026-13-01' (month value",
    ),
    Case(
        "number as a date",
        "contacts.yaml",
        "verified: 2026-01-01",
        "verified: 20260101",
        "verified:",
        "verified: 20260101 is a number, not a date",
    ),
    Case(
        "event date that does not parse",
        "events.yaml",
        "start: 2018-03",
        "start: 2018-13",
        "start: 2018-13",
        "start: '2018-13' has no month 13",
    ),
    Case(
        "date-time without zone",
        "events.yaml",
        "start: 2020-11-10",
        "start: 2020-11-10T09:00:00",
        "start: 2020-11-10T",
        "start: date-time 2020-11-10T09:00:00 has no time zone; add an offset like +01:00",
    ),
    Case(
        "end before start",
        "events.yaml",
        "end: 2020-11-11",
        "end: 2020-11-09",
        "end: 2020-11-09",
        "event 'exempel-dagen': end: 2020-11-09 is before start 2020-11-10",
    ),
    Case(
        "end before start, month vs day",
        "events.yaml",
        "end: 2018-04",
        "end: 2018-02-28",
        "end: 2018-02-28",
        "end: 2018-02-28 is before start 2018-03",
    ),
    Case(
        "bad reminder time",
        "events.yaml",
        'time: "08:30"',
        'time: "8.30"',
        "time:",
        "reminders.time: '8.30' is not a time of day as \"HH:MM\"",
    ),
    Case(
        "missing source",
        "enterprises.yaml",
        "  source: test-page\n",
        "",
        "- id: exempel-foretag",
        "enterprise 'exempel-foretag': missing field 'source' (every enterprise needs a source: "
        "the id of a dated entry in sources.yaml)",
    ),
    Case(
        "source without a date of retrieval",
        "sources.yaml",
        "  retrieved: 2026-01-01\n- id: test-undated",
        "- id: test-undated",
        "- id: test-page",
        "source 'test-page': missing field 'retrieved'",
    ),
    Case(
        "unknown theme",
        "enterprises.yaml",
        "[elderly-care]",
        "[eldercare]",
        "themes: [eldercare]",
        "enterprise 'exempel-foretag': themes[0]: 'eldercare' is not in themes.yaml "
        "(did you mean 'elderly-care'?)",
    ),
    Case(
        "theme named by its label",
        "events.yaml",
        "themes: [homework-help]",
        "themes: [Läxhjälp]",
        "themes: [Läx",
        "themes[0]: 'Läxhjälp' is not in themes.yaml (did you mean 'homework-help'?)",
    ),
    Case(
        "unknown municipality",
        "enterprises.yaml",
        "municipality: se-karlskoga",
        "municipality: se-karlskog",
        "municipality:",
        "municipality: 'se-karlskog' is not in regions.yaml (did you mean 'se-karlskoga'?)",
    ),
    Case(
        "municipality named instead of its id",
        "enterprises.yaml",
        "municipality: se-karlskoga",
        "municipality: Karlskoga",
        "municipality:",
        "'Karlskoga' is not in regions.yaml (did you mean 'se-karlskoga'?)",
    ),
    Case(
        "municipality that is a county",
        "enterprises.yaml",
        "municipality: se-karlskoga",
        "municipality: se-orebro-lan",
        "municipality:",
        "municipality: 'se-orebro-lan' is a county; municipality must be a municipality",
    ),
    Case(
        "unknown area",
        "enterprises.yaml",
        "areas: [lv-jekabpils-novads]",
        "areas: [lv-jekabpils]",
        "areas:",
        "areas[0]: 'lv-jekabpils' is not in regions.yaml (did you mean 'lv-jekabpils-novads'?)",
    ),
    Case(
        "unknown person",
        "enterprises.yaml",
        "people: [exempel-person]",
        "people: [exempel-persson]",
        "people:",
        "people[0]: 'exempel-persson' is not in contacts.yaml (did you mean 'exempel-person'?)",
    ),
    Case(
        "unknown organisation",
        "contacts.yaml",
        "organisation: exempel-nod",
        "organisation: exempel-node",
        "organisation:",
        "organisation: 'exempel-node' is not in organisations.yaml (did you mean 'exempel-nod'?)",
    ),
    Case(
        "unknown organiser",
        "events.yaml",
        "organiser: exempel-nod",
        "organiser: nobody",
        "organiser:",
        "organiser: 'nobody' is not in organisations.yaml",
    ),
    Case(
        "unknown source",
        "contacts.yaml",
        "source: test-page",
        "source: test-pages",
        "source:",
        "source: 'test-pages' is not in sources.yaml (did you mean 'test-page'?)",
    ),
    Case(
        "contact serving a region that does not exist",
        "contacts.yaml",
        "regions: [se-orebro-lan]",
        "regions: [orebro-lan]",
        "regions:",
        "regions[0]: 'orebro-lan' is not in regions.yaml (did you mean 'se-orebro-lan'?)",
    ),
    Case(
        "only an undated source",
        "organisations.yaml",
        "  parent: exempel-natverk\n  source: test-page",
        "  parent: exempel-natverk\n  source: [test-undated]",
        "  source: [test-undated]",
        "organisation 'exempel-nod': source: none of its sources has a published date",
    ),
    Case(
        "node serving an unknown region",
        "organisations.yaml",
        "serves: [se-orebro-lan]",
        "serves: [se-orebro-ln]",
        "serves:",
        "serves[0]: 'se-orebro-ln' is not in regions.yaml (did you mean 'se-orebro-lan'?)",
    ),
    Case(
        "organisation that is its own ancestor",
        "organisations.yaml",
        "  kind: network\n",
        "  kind: network\n  parent: exempel-nod\n",
        "parent: exempel-nod",
        "(a cycle)",
    ),
    Case(
        "region with an unknown parent",
        "regions.yaml",
        "parent: se-orebro-lan}\n  - {id: se-orebro,",
        "parent: se-orebro-lan}\n  - {id: se-orebro,".replace(
            "parent: se-orebro-lan", "parent: se-orebro-la"
        ),
        "id: se-karlskoga",
        "parent: 'se-orebro-la' is not in regions.yaml (did you mean 'se-orebro-lan'?)",
    ),
    Case(
        "municipality whose parent is a country",
        "regions.yaml",
        "name: Örebro, parent: se-orebro-lan",
        "name: Örebro, parent: se",
        "id: se-orebro,",
        "municipality 'se-orebro': parent: 'se' is a country; "
        "a municipality's parent is a county or a planning region",
    ),
    Case(
        "unknown ISO code",
        "regions.yaml",
        "code: SE-T,",
        "code: SE-Q,",
        "code: SE-Q",
        "county 'se-orebro-lan': code: 'SE-Q' is not an ISO 3166-2 code",
    ),
    Case(
        "ISO code of another country",
        "regions.yaml",
        "code: LV-042, parent: lv-zemgale",
        "code: LV-042, parent: se-orebro-lan",
        "code: LV-042",
        "code: LV-042 is in LV but the parent 'se-orebro-lan' is in SE",
    ),
    Case(
        "Swedish municipality without a name",
        "regions.yaml",
        'code: "1880", name: Örebro,',
        'code: "1880",',
        'code: "1880"',
        "missing field 'name' (a Swedish municipality with SCB code 1880 needs one)",
    ),
    Case(
        "missing regions list",
        "regions.yaml",
        "planning_regions:\n  - {id: lv-zemgale, name: Zemgales plānošanas reģions, parent: lv}\n",
        "",
        "countries:",
        "missing list 'planning_regions'",
    ),
    Case(
        "entry that is not a mapping",
        "themes.yaml",
        "- id: homework-help",
        "- homework\n- id: homework-help",
        "- homework\n",
        "theme #2: expected a mapping of fields, got a single value ('homework')",
    ),
    Case(
        "file that is a mapping",
        "sources.yaml",
        MINIMAL["sources.yaml"],
        "id: test-page\n",
        "id:",
        "the file must be a list of entries (lines starting with '- '), got a mapping",
    ),
    Case(
        "empty file",
        "sources.yaml",
        MINIMAL["sources.yaml"],
        "# nothing yet\n",
        "# nothing",
        "got nothing (the file is empty; write [] for no entries)",
    ),
    Case(
        "unknown tag",
        "enterprises.yaml",
        "  areas: [lv-jekabpils-novads]\n",
        "  areas: !include areas.yaml\n",
        "areas:",
        "YAML tag !include is not allowed (no includes, no custom types): use plain values",
    ),
    Case(
        "python tag",
        "sources.yaml",
        "publisher: Exempelförlaget",
        "publisher: !!python/object/apply:os.system [ls]",
        "publisher:",
        "YAML tag !!python/object/apply:os.system is not allowed",
    ),
    Case(
        "alias",
        "enterprises.yaml",
        "  areas: [lv-jekabpils-novads]\n",
        "  areas: *places\n",
        "areas: *places",
        "YAML aliases (*places) are not allowed in the knowledge base; write the value out",
    ),
    Case(
        "syntax error",
        "events.yaml",
        "  offsets_days: [14, 1]",
        "  offsets_days: [14, 1",
        "time:",
        "YAML syntax error: did not find expected ',' or ']'",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_error_is_reported_at_its_file_and_line(tmp_path: Path, case: Case) -> None:
    assert case.old in MINIMAL[case.file], "the case must change the file"
    broken = MINIMAL[case.file].replace(case.old, case.new, 1)
    directory = write_knowledge(tmp_path / "knowledge", {case.file: broken})
    knowledge, problems = validate_knowledge(directory)
    assert knowledge is None
    expected_path = str(directory / case.file)
    expected_line = line_of(broken, case.at)
    found = [p for p in problems if case.says in p.message]
    assert found, f"no problem says {case.says!r}; got:\n" + "\n".join(map(str, problems))
    assert (found[0].path, found[0].line) == (expected_path, expected_line), str(found[0])
    assert {p.path for p in problems} == {expected_path}, "a problem in one file must not spill into others"


def test_all_problems_in_all_files_are_reported_in_one_run(tmp_path: Path) -> None:
    directory = write_knowledge(
        tmp_path / "k",
        {
            "enterprises.yaml": MINIMAL["enterprises.yaml"]
            .replace("name: Exempelföretaget", "nmae: Exempelföretaget")
            .replace("[elderly-care]", "[eldery-care]"),
            "events.yaml": MINIMAL["events.yaml"].replace("end: 2018-04", "end: 2018-02"),
            "contacts.yaml": MINIMAL["contacts.yaml"].replace(
                "regions: [se-orebro-lan]", "regions: [orebro-lan]"
            ),
        },
    )
    _, problems = validate_knowledge(directory)
    messages = [f"{Path(p.path).name}:{p.line}: {p.message}" for p in problems]
    assert messages == [
        "contacts.yaml:5: contact 'exempel-person': regions[0]: 'orebro-lan' is not in regions.yaml "
        "(did you mean 'se-orebro-lan'?)",
        "enterprises.yaml:1: enterprise 'exempel-foretag': missing field 'name'",
        "enterprises.yaml:2: enterprise 'exempel-foretag': unknown field 'nmae' (did you mean 'name'?)",
        "enterprises.yaml:7: enterprise 'exempel-foretag': themes[0]: 'eldery-care' is not in themes.yaml "
        "(did you mean 'elderly-care'?)",
        "events.yaml:18: event 'exempel-resan': end: 2018-02 is before start 2018-03",
    ]


def test_references_into_an_unreadable_file_are_not_each_reported(tmp_path: Path) -> None:
    directory = write_knowledge(tmp_path / "k", {"themes.yaml": "- id: [unclosed\n"})
    _, problems = validate_knowledge(directory)
    assert [Path(p.path).name for p in problems] == ["themes.yaml"]


# --- files and the directory -----------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    directory = write_knowledge(tmp_path / "k")
    (directory / "events.yaml").unlink()
    _, problems = validate_knowledge(directory)
    assert problems == [
        Problem(
            str(directory / "events.yaml"), 1, "missing file (every knowledge file is required; [] for none)"
        )
    ]


def test_missing_directory(tmp_path: Path) -> None:
    knowledge, problems = validate_knowledge(tmp_path / "nowhere")
    assert knowledge is None
    assert problems == [Problem(str(tmp_path / "nowhere"), 1, "the knowledge directory does not exist")]


def test_unknown_yaml_file_gets_a_did_you_mean(tmp_path: Path) -> None:
    directory = write_knowledge(tmp_path / "k")
    (directory / "enterprise.yaml").write_text("[]\n", encoding="utf-8")
    _, problems = validate_knowledge(directory)
    assert len(problems) == 1
    assert problems[0].path == str(directory / "enterprise.yaml")
    assert problems[0].message.endswith("(did you mean 'enterprises.yaml'?)")


def test_symlink_to_outside_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(MINIMAL["enterprises.yaml"], encoding="utf-8")
    directory = write_knowledge(tmp_path / "k")
    (directory / "enterprises.yaml").unlink()
    os.symlink(outside, directory / "enterprises.yaml")
    knowledge, problems = validate_knowledge(directory)
    assert knowledge is None
    assert problems == [
        Problem(
            str(directory / "enterprises.yaml"),
            1,
            "is a symbolic link to outside the knowledge directory; refusing to follow it",
        )
    ]


def test_relative_symlink_escaping_the_directory_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "secret.yaml").write_text("- id: secret\n", encoding="utf-8")
    directory = write_knowledge(tmp_path / "k")
    (directory / "sources.yaml").unlink()
    os.symlink("../secret.yaml", directory / "sources.yaml")
    _, problems = validate_knowledge(directory)
    assert [p.message for p in problems] == [
        "is a symbolic link to outside the knowledge directory; refusing to follow it"
    ]
    assert "secret" not in str(problems)


def test_symlink_inside_the_directory_is_fine(tmp_path: Path) -> None:
    directory = write_knowledge(tmp_path / "k")
    (directory / "data").mkdir()
    (directory / "enterprises.yaml").rename(directory / "data" / "enterprises.yaml")
    os.symlink("data/enterprises.yaml", directory / "enterprises.yaml")
    assert "exempel-foretag" in load_ok(directory).enterprises


def test_only_known_files_are_read(tmp_path: Path) -> None:
    directory = write_knowledge(tmp_path / "k")
    (directory / "notes.txt").write_text("not YAML at all: [", encoding="utf-8")
    (directory / "events.yaml~").write_text("not YAML at all: [", encoding="utf-8")
    os.symlink("user@host.1234", directory / ".#events.yaml")  # an editor's lock file
    (directory / "schema").mkdir()
    load_ok(directory)


def test_directory_in_place_of_a_file(tmp_path: Path) -> None:
    directory = write_knowledge(tmp_path / "k")
    (directory / "events.yaml").unlink()
    (directory / "events.yaml").mkdir()
    _, problems = validate_knowledge(directory)
    assert problems == [Problem(str(directory / "events.yaml"), 1, "is not a regular file")]


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    huge = MINIMAL["sources.yaml"] + ("# padding padding padding padding padding padding\n" * 45_000)
    assert len(huge.encode()) > 2 * 1024 * 1024
    directory = write_knowledge(tmp_path / "k", {"sources.yaml": huge})
    _, problems = validate_knowledge(directory)
    assert problems == [
        Problem(str(directory / "sources.yaml"), 1, "file is larger than 2 MiB; refusing to read it")
    ]


@pytest.mark.timeout(20)  # a guard against a hang, not a speed target
def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ['- &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"- &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 12)]
    directory = write_knowledge(tmp_path / "k", {"themes.yaml": "\n".join(lines) + "\n"})
    _, problems = validate_knowledge(directory)
    assert problems == [
        Problem(
            str(directory / "themes.yaml"),
            2,
            "YAML aliases (*a0) are not allowed in the knowledge base; write the value out",
        )
    ]


@pytest.mark.timeout(20)
def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    directory = write_knowledge(tmp_path / "k", {"themes.yaml": "[" * 50_000 + "]" * 50_000 + "\n"})
    _, problems = validate_knowledge(directory)
    # Refused at its line with the project's words, whether PyYAML's own depth limit or ours stops it.
    assert [(p.path, p.line, p.message) for p in problems] == [
        (str(directory / "themes.yaml"), 1, "nested more than 32 levels deep; refusing to read further")
    ]


def test_moderate_nesting_is_refused_by_our_limit(tmp_path: Path) -> None:
    directory = write_knowledge(tmp_path / "k", {"themes.yaml": "[" * 40 + "]" * 40 + "\n"})
    _, problems = validate_knowledge(directory)
    assert [(p.line, p.message) for p in problems] == [
        (1, "nested more than 32 levels deep; refusing to read further")
    ]


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    directory = write_knowledge(tmp_path / "k")
    (directory / "contacts.yaml").write_bytes(
        MINIMAL["contacts.yaml"].replace("Exempel Person", "Exempel Pérson").encode("latin-1")
    )
    _, problems = validate_knowledge(directory)
    assert problems == [
        Problem(str(directory / "contacts.yaml"), 2, "not UTF-8 text (byte 0xe9); save the file as UTF-8")
    ]


def test_second_document_is_refused(tmp_path: Path) -> None:
    directory = write_knowledge(
        tmp_path / "k", {"sources.yaml": MINIMAL["sources.yaml"] + "---\n- id: other\n"}
    )
    _, problems = validate_knowledge(directory)
    assert [(p.line, p.message) for p in problems] == [
        (
            line_of(MINIMAL["sources.yaml"] + "---\n", "---"),
            "a second YAML document ('---') in one file; use one list",
        )
    ]


@settings(max_examples=examples(200), deadline=None)
@given(st.text(alphabet=st.sampled_from(list("-:[]{}&*!|>'\"#?,% \n\tab1é")), max_size=80))
def test_the_reader_never_raises_on_any_text(text: str) -> None:
    document, problems = parse_yaml(text, "x.yaml")
    assert document is not None or problems or text.strip() == ""
    for problem in problems:
        assert problem.line >= 1


# --- the shipped knowledge base -------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> Knowledge:
    knowledge, problems = validate_knowledge(ROOT / "knowledge")
    assert problems == [], "\n".join(map(str, problems))
    assert knowledge is not None
    return knowledge


def test_shipped_knowledge_is_valid(shipped: Knowledge) -> None:
    assert shipped.enterprises and shipped.contacts and shipped.organisations and shipped.events


def test_every_contact_and_enterprise_has_a_source(shipped: Knowledge) -> None:
    for entry in (*shipped.contacts.values(), *shipped.enterprises.values(), *shipped.organisations.values()):
        assert all(ident in shipped.sources for ident in entry.source), entry.id
        newest = shipped.newest_source(entry)
        assert newest is not None and newest.publisher and newest.published is not None, entry.id
        assert entry.verified is None, entry.id  # nothing shipped was confirmed by a maintainer yet
