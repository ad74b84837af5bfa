"""A minimal valid knowledge directory as YAML text, for tests that break it one thing at a time.

The enterprise, organisations, person and event are made up and marked "Exempel"; the places and
codes are real because the loader checks them against ISO 3166.
"""

from __future__ import annotations

from pathlib import Path

MINIMAL: dict[str, str] = {
    "sources.yaml": """\
- id: test-page
  seed: 000_test.txt
  publisher: Exempelförlaget
  title: En påhittad sida för tester
  url: https://example.org/exempel
  published: 2020-01-01
  retrieved: 2026-01-01
- id: test-undated
  publisher: Exempelförlaget
  title: En odaterad påhittad sida
  citation: Exempelförlaget, En odaterad påhittad sida (tryckt, utan år)
  published: null
  retrieved: 2026-01-01
""",
    "regions.yaml": """\
countries:
  - {id: se, code: SE, aliases: [Sverige]}
  - {id: lv, code: LV, aliases: [Latvija]}
counties:
  - {id: se-orebro-lan, code: SE-T, names_en: Örebro County, parent: se}
planning_regions:
  - {id: lv-zemgale, name: Zemgales plānošanas reģions, parent: lv}
municipalities:
  - {id: se-karlskoga, code: "1883", name: Karlskoga, parent: se-orebro-lan}
  - {id: se-orebro, code: "1880", name: Örebro, parent: se-orebro-lan}
  - {id: lv-jekabpils-novads, code: LV-042, parent: lv-zemgale, aliases: [Jēkabpils]}
""",
    "themes.yaml": """\
- id: elderly-care
  label: {sv: Äldreomsorg, en: Elderly care}
  synonyms:
    sv: [äldreomsorg, äldre*]
    en: [elderly care]
- id: homework-help
  label: {sv: Läxhjälp, en: Homework help}
""",
    "organisations.yaml": """\
- id: exempel-natverk
  name: Exempelnätverket
  kind: network
  description: {sv: Ett påhittat nätverk.}
  source: test-page
  verified: 2026-01-01
- id: exempel-nod
  name: Exempelnoden
  kind: node
  description: {sv: En påhittad nod.}
  home: se-orebro
  serves: [se-orebro-lan]
  parent: exempel-natverk
  source: test-page
  verified: 2026-01-01
""",
    "contacts.yaml": """\
- id: exempel-person
  name: Exempel Person
  role: {sv: samordnare, en: coordinator}
  organisation: exempel-nod
  regions: [se-orebro-lan]
  email: exempel@example.org
  source: test-page
  verified: 2026-01-01
""",
    "enterprises.yaml": """\
- id: exempel-foretag
  name: Exempelföretaget
  aliases: [Exempel AB]
  description: {sv: Ett påhittat socialt företag., en: A made-up social enterprise.}
  municipality: se-karlskoga
  areas: [lv-jekabpils-novads]
  themes: [elderly-care]
  people: [exempel-person]
  organisations: [exempel-nod]
  source: test-page
  verified: 2026-01-01
""",
    "events.yaml": """\
- id: exempel-dagen
  name: Exempeldagen
  description: {sv: En påhittad dag.}
  start: 2020-11-10
  end: 2020-11-11
  digital: true
  organiser: exempel-nod
  themes: [homework-help]
  reminders:
    offsets_days: [14, 1]
    time: "08:30"
  source: test-page
  verified: 2026-01-01
- id: exempel-resan
  name: Exempelresan
  description: {lv: Izdomāts brauciens.}
  start: 2018-03
  end: 2018-04
  date_note: {lv: 2018. gada pavasarī}
  place: lv-jekabpils-novads
  source: test-page
  verified: 2017-06-01
""",
    "guides.yaml": """- id: exempel-guide
  topic: buying
  country: se
  title: {sv: Köpa av ett socialt företag, en: Buying from a social enterprise}
  body: {sv: En påhittad vägledning., en: A made-up guide.}
  keywords: {sv: [reserverad upphandling], en: [reserved contracts]}
  organisations: [exempel-nod]
  themes: [elderly-care]
  link: https://example.org/guide
  source: [test-page, test-undated]
""",
    "relations.yaml": """- id: exempel-natverk-funds-exempel-nod
  subject: exempel-natverk
  relation: funds
  object: exempel-nod
  note: {en: A made-up grant.}
  source: test-page
""",
}


def write_knowledge(directory: Path, files: dict[str, str] | None = None) -> Path:
    """Write MINIMAL (with `files` replacing some of it) into `directory`; returns it."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in {**MINIMAL, **(files or {})}.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first occurrence of `needle` in `text`."""
    index = text.index(needle)
    return text.count("\n", 0, index) + 1
