"""The shape of each knowledge file, and the JSON Schemas generated from it.

The entries of the list files are the models of `bot.knowledge.model` themselves; only regions.yaml has a
shape of its own (four lists whose entries are turned into `Region`s by `bot.knowledge.region_building`).
The same definitions generate the JSON Schemas in `knowledge/schema/` that give editors completion.
Cross-references (a theme id that exists, a county that is a county) need the whole knowledge base
and are checked in `bot.knowledge.references`, not here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, StringConstraints, TypeAdapter

from bot.knowledge.fields import (
    ISO_COUNTRY_PATTERN,
    ISO_SUBDIVISION_PATTERN,
    MUNICIPALITY_CODE_PATTERN,
    PublishedDate,
    Ref,
    Words,
    empty_tuple,
)
from bot.knowledge.model import (
    Contact,
    Enterprise,
    Entry,
    Event,
    Guide,
    Organisation,
    Record,
    RegionKind,
    Relation,
    Source,
    Theme,
)


class FormerMunicipality(Entry):
    """A municipality merged into this one: people may still type its name."""

    name: Words
    aliases: tuple[Words, ...] = empty_tuple()
    code: Words | None = None
    decided: PublishedDate | None = Field(default=None, description="when the merger was decided")
    effective: PublishedDate | None = Field(default=None, description="when it took effect")
    note: Words | None = None


# --- regions.yaml --------------------------------------------------------------------------------


class CountryEntry(Record):
    """A country; its name comes from pycountry when omitted."""

    code: Annotated[str, StringConstraints(pattern=ISO_COUNTRY_PATTERN)]
    name: Words | None = None
    names_en: Words | None = None
    aliases: tuple[Words, ...] = empty_tuple()


class CountyEntry(Record):
    """A Swedish län; `code` is ISO 3166-2 and the name comes from pycountry when omitted."""

    code: Annotated[str, StringConstraints(pattern=ISO_SUBDIVISION_PATTERN)]
    parent: Ref = Field(description="the country's region id")
    name: Words | None = None
    names_en: Words | None = None
    aliases: tuple[Words, ...] = empty_tuple()


class PlanningRegionEntry(Record):
    """One of Latvia's planning regions."""

    name: Words
    parent: Ref = Field(description="the country's region id")
    code: Words | None = None
    names_en: Words | None = None
    aliases: tuple[Words, ...] = empty_tuple()


class MunicipalityEntry(Record):
    """A municipality: Swedish with SCB's code and a name, Latvian with an ISO 3166-2 code."""

    code: Annotated[str, StringConstraints(pattern=MUNICIPALITY_CODE_PATTERN)]
    parent: Ref = Field(description="the county's or planning region's region id")
    name: Words | None = Field(default=None, description="required for Swedish municipalities")
    names_en: Words | None = None
    aliases: tuple[Words, ...] = empty_tuple()
    former: tuple[FormerMunicipality, ...] = empty_tuple("municipalities merged into this one")


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


# Every list file, in the order it is loaded (a file's references point only to earlier ones,
# except organisations <-> contacts, an organisation's parent, and relations, which come last).
LIST_FILES: dict[str, type[Record]] = {
    "sources.yaml": Source,
    "themes.yaml": Theme,
    "organisations.yaml": Organisation,
    "contacts.yaml": Contact,
    "enterprises.yaml": Enterprise,
    "events.yaml": Event,
    "guides.yaml": Guide,
    "relations.yaml": Relation,
}
FILE_NAMES: tuple[str, ...] = ("sources.yaml", "regions.yaml", *tuple(LIST_FILES)[1:])
# Files a knowledge base may leave out (added in schema v2; an absent one holds no entries).
OPTIONAL_FILES: frozenset[str] = frozenset({"guides.yaml", "relations.yaml"})


def json_schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema of every file, keyed by the schema's file name ("events.schema.json")."""
    schemas: dict[str, dict[str, Any]] = {}
    for name in FILE_NAMES:
        shape: Any = RegionsFile if name == "regions.yaml" else list[LIST_FILES[name]]  # type: ignore[valid-type]
        schema = TypeAdapter(shape).json_schema()
        schemas[name.replace(".yaml", ".schema.json")] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"Samverka knowledge base: {name}",
            "description": "Generated from bot/knowledge/schema.py by "
            f"`python3 -m bot check --write-schema`; see knowledge/README.md for {name}.",
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
