"""The shape of each knowledge file, as pydantic models.

One definition serves twice: it validates what maintainers write (unknown fields are errors) and it
generates the JSON Schemas in `knowledge/schema/` that give editors completion. Cross-references
(a theme id that exists, a county that is a county) need the whole knowledge base and are checked
in `bot.references`, not here.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    StrictBool,
    StrictInt,
    StringConstraints,
    TypeAdapter,
    WithJsonSchema,
    model_validator,
)

from bot.model import RegionKind, When

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
URL_PATTERN = r"^https?://\S+$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
ISO_COUNTRY_PATTERN = r"^[A-Z]{2}$"
ISO_SUBDIVISION_PATTERN = r"^[A-Z]{2}-[A-Z0-9]{1,3}$"
MUNICIPALITY_CODE_PATTERN = r"^([0-9]{4}|[A-Z]{2}-[A-Z0-9]{1,3})$"

# What a pattern means, for messages a maintainer can act on.
PATTERN_HINTS: dict[str, str] = {
    SLUG_PATTERN: "lowercase letters and digits in words joined by single hyphens, like 'ung-omsorg'",
    URL_PATTERN: "a full address starting with https:// or http://",
    EMAIL_PATTERN: "an e-mail address like name@example.org",
    TIME_PATTERN: 'a time of day as "HH:MM" (quoted), like "08:30"',
    ISO_COUNTRY_PATTERN: "an ISO 3166-1 code of two capital letters, like SE",
    ISO_SUBDIVISION_PATTERN: "an ISO 3166-2 code like SE-T or LV-042",
    MUNICIPALITY_CODE_PATTERN: 'SCB\'s four digits (quoted, like "0114") or an ISO 3166-2 code like LV-042',
}

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
# A reference to another entry's id: any text here, so that "Karlskoga" in place of "se-karlskoga"
# is reported as a reference to nothing, with the id it probably meant.
Ref = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Words = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Url = Annotated[str, StringConstraints(strip_whitespace=True, pattern=URL_PATTERN)]
Email = Annotated[str, StringConstraints(strip_whitespace=True, pattern=EMAIL_PATTERN)]

OrganisationKind = Literal[
    "support", "network", "funder", "public", "ministry", "university", "node", "investor", "project"
]

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WHEN_FORMS = (
    "write a date (2020-11-10), a month (2018-03) or a date-time with zone (2020-11-10T09:00:00+01:00)"
)


def parse_when(value: object) -> When:
    """A YAML date, a "YYYY-MM" month, or a zoned date-time, kept as precise as it was written."""
    if isinstance(value, datetime):
        return _zoned(value)
    if isinstance(value, date):
        return When(value, "day")
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a date; {_WHEN_FORMS}")
    text = value.strip()
    if month := _MONTH.match(text):
        year, number = int(month.group(1)), int(month.group(2))
        if not 1 <= number <= 12:
            raise ValueError(f"'{text}' has no month {number}; {_WHEN_FORMS}")
        return When(date(year, number, 1), "month")
    try:
        parsed = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a valid date; {_WHEN_FORMS}") from None
    return _zoned(parsed) if isinstance(parsed, datetime) else When(parsed, "day")


def _zoned(value: datetime) -> When:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"date-time {value.isoformat()} has no time zone; add an offset like +01:00 "
            f"({value.isoformat()}+01:00)"
        )
    return When(value, "datetime")


def _not_a_number(value: object) -> object:
    """Pydantic reads numbers as Unix timestamps (`verified: 0` would be 1970-01-01); refuse them."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(f"{value} is a number, not a date; write YYYY-MM-DD")
    return value


Day = Annotated[date, BeforeValidator(_not_a_number)]

WhenField = Annotated[
    When,
    PlainValidator(parse_when),
    WithJsonSchema(
        {
            "description": "A date (2020-11-10), a month (2018-03) or a date-time with zone "
            "(2020-11-10T09:00:00+01:00)",
            "anyOf": [
                {"type": "string", "format": "date"},
                {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$"},
                {"type": "string", "format": "date-time"},
            ],
        }
    ),
]


def _empty_list(description: str | None = None) -> Any:
    """A list field that may be left out. A shared `[]` default would be deep-copied for every entry
    (two fifths of the time to validate 20,000 enterprises); the JSON Schema still says `[]`."""
    return Field(default_factory=list, description=description, json_schema_extra={"default": []})


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Record(Entry):
    """An entry of a knowledge file: others refer to it by its `id`."""

    id: Slug


class TextEntry(Entry):
    """A short text in the source's language, plus a faithful translation where possible."""

    model_config = ConfigDict(json_schema_extra={"minProperties": 1})
    sv: Words | None = None
    en: Words | None = None
    lv: Words | None = None

    @model_validator(mode="after")
    def _at_least_one(self) -> TextEntry:
        if not (self.sv or self.en or self.lv):
            raise ValueError("give the text in at least one of sv, en, lv")
        return self


# Every fact-bearing entry ends with these two (declared in each model so editors list them last).
SourceId = Annotated[Ref, Field(description="id of an entry in sources.yaml")]
Verified = Annotated[
    Day, Field(description="when the facts were last checked against the source (YYYY-MM-DD)")
]
FACT_FIELDS = ("source", "verified")


# --- sources.yaml --------------------------------------------------------------------------------


class SourceEntry(Record):
    """A page the facts come from."""

    seed: Words = Field(description="file under shared/seeds, or a maintainer's note")
    publisher: Words
    title: Words
    published: Day | None = None
    url: Url | None = None


# --- regions.yaml --------------------------------------------------------------------------------


class CountryEntry(Record):
    """A country; its name comes from pycountry when omitted."""

    code: Annotated[str, StringConstraints(pattern=ISO_COUNTRY_PATTERN)]
    name: Words | None = None
    names_en: Words | None = None
    aliases: list[Words] = _empty_list()


class CountyEntry(Record):
    """A Swedish län; `code` is ISO 3166-2 and the name comes from pycountry when omitted."""

    code: Annotated[str, StringConstraints(pattern=ISO_SUBDIVISION_PATTERN)]
    parent: Ref = Field(description="the country's region id")
    name: Words | None = None
    names_en: Words | None = None
    aliases: list[Words] = _empty_list()


class PlanningRegionEntry(Record):
    """One of Latvia's planning regions."""

    name: Words
    parent: Ref = Field(description="the country's region id")
    code: Words | None = None
    names_en: Words | None = None
    aliases: list[Words] = _empty_list()


class MunicipalityEntry(Record):
    """A municipality: Swedish with SCB's code and a name, Latvian with an ISO 3166-2 code."""

    code: Annotated[str, StringConstraints(pattern=MUNICIPALITY_CODE_PATTERN)]
    parent: Ref = Field(description="the county's or planning region's region id")
    name: Words | None = Field(default=None, description="required for Swedish municipalities")
    names_en: Words | None = None
    aliases: list[Words] = _empty_list()


class RegionsFile(Entry):
    """The gazetteer."""

    countries: list[CountryEntry]
    counties: list[CountyEntry]
    planning_regions: list[PlanningRegionEntry]
    municipalities: list[MunicipalityEntry]


RegionEntry = CountryEntry | CountyEntry | PlanningRegionEntry | MunicipalityEntry

# The lists of regions.yaml, the kind of region each holds, and its entry model.
REGION_LISTS: dict[str, tuple[RegionKind, type[Record]]] = {
    "countries": ("country", CountryEntry),
    "counties": ("county", CountyEntry),
    "planning_regions": ("planning_region", PlanningRegionEntry),
    "municipalities": ("municipality", MunicipalityEntry),
}


# --- themes.yaml ---------------------------------------------------------------------------------


class SynonymsEntry(Entry):
    """Words, phrases or word stems people type; a trailing * means "starts with"."""

    sv: list[Words] = _empty_list()
    en: list[Words] = _empty_list()
    lv: list[Words] = _empty_list()


class ThemeEntry(Record):
    label: TextEntry
    synonyms: SynonymsEntry = SynonymsEntry()


# --- organisations.yaml, contacts.yaml, enterprises.yaml, events.yaml ----------------------------


class OrganisationEntry(Record):
    name: Words
    kind: OrganisationKind
    description: TextEntry
    aliases: list[Words] = _empty_list()
    home: Ref | None = Field(default=None, description="region id of its seat")
    serves: list[Ref] = _empty_list("region ids it is responsible for")
    parent: Ref | None = Field(default=None, description="organisation id")
    themes: list[Ref] = _empty_list()
    website: Url | None = None
    source: SourceId
    verified: Verified


class ContactEntry(Record):
    name: Words
    role: TextEntry
    organisation: Ref | None = Field(default=None, description="organisation id")
    regions: list[Ref] = _empty_list("ids of the counties or countries the person serves")
    phone: Words | None = Field(default=None, description="exactly as published")
    email: Email | None = Field(default=None, description="exactly as published")
    website: Url | None = None
    source: SourceId
    verified: Verified


class EnterpriseEntry(Record):
    name: Words
    description: TextEntry
    aliases: list[Words] = _empty_list()
    municipality: Ref | None = Field(default=None, description="region id of its home, when the source says")
    areas: list[Ref] = _empty_list("region ids where it works beyond its home")
    area_note: TextEntry | None = None
    themes: list[Ref] = _empty_list()
    people: list[Ref] = _empty_list("contact ids")
    organisations: list[Ref] = _empty_list("organisation ids")
    website: Url | None = None
    source: SourceId
    verified: Verified


class ReminderEntry(Entry):
    """Overrides the default reminders (7 and 1 days before, at 09:00)."""

    offsets_days: list[Annotated[StrictInt, Field(ge=0, le=365)]] | None = None
    time: Annotated[str, StringConstraints(pattern=TIME_PATTERN)] | None = None
    channel: Words | None = None


class EventEntry(Record):
    name: Words
    description: TextEntry
    start: WhenField
    end: WhenField
    aliases: list[Words] = _empty_list()
    date_note: TextEntry | None = None
    digital: StrictBool = False
    place: Ref | None = Field(default=None, description="region id")
    venue: Words | None = Field(default=None, description="free text as published")
    organiser: Ref | None = Field(default=None, description="organisation id")
    link: Url | None = None
    themes: list[Ref] = _empty_list()
    reminders: ReminderEntry | None = None
    source: SourceId
    verified: Verified


# Every file, in the order it is loaded (a file's references point only to earlier ones, except
# organisations <-> contacts and an organisation's parent).
LIST_FILES: dict[str, type[Record]] = {
    "sources.yaml": SourceEntry,
    "themes.yaml": ThemeEntry,
    "organisations.yaml": OrganisationEntry,
    "contacts.yaml": ContactEntry,
    "enterprises.yaml": EnterpriseEntry,
    "events.yaml": EventEntry,
}
FILE_NAMES: tuple[str, ...] = ("sources.yaml", "regions.yaml", *tuple(LIST_FILES)[1:])


def json_schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema of every file, keyed by the schema's file name ("events.schema.json")."""
    schemas: dict[str, dict[str, Any]] = {}
    for name in FILE_NAMES:
        shape: Any = RegionsFile if name == "regions.yaml" else list[LIST_FILES[name]]  # type: ignore[valid-type]
        schema = TypeAdapter(shape).json_schema()
        schemas[name.replace(".yaml", ".schema.json")] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"Samverka knowledge base: {name}",
            "description": f"Generated from bot/schema.py by `python3 -m bot check --write-schema`; "
            f"see knowledge/README.md for {name}.",
            **schema,
        }
    return schemas


def render_schema(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def write_json_schemas(directory: Path) -> list[Path]:
    """Write (or rewrite) the generated schemas into `directory`; returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for file_name, schema in json_schemas().items():
        path = directory / file_name
        path.write_text(render_schema(schema), encoding="utf-8")
        written.append(path)
    return written
