"""The immutable knowledge snapshot, and one model per kind of entry.

Each model is at once what a maintainer's YAML entry is validated against (unknown fields are
errors), the frozen value the rest of the bot reads, and the source of the JSON Schema editors use:
there is no second copy of any field. Everything downstream (matcher, answers, reminders,
rendering) reads these types, so a YAML edit can never reach a user without passing validation;
the loader (`bot.knowledge.loading`) is the only place that builds a `Knowledge`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StringConstraints, model_validator

from bot.knowledge.fields import (
    TIME_PATTERN,
    Day,
    Email,
    OrganisationKind,
    PartialDate,
    PublishedDate,
    Ref,
    Slug,
    SourceIds,
    Url,
    Website,
    When,
    WhenField,
    Words,
    empty_tuple,
)

Lang = Literal["sv", "en", "lv"]
LANGS: tuple[Lang, ...] = ("sv", "en", "lv")

RegionKind = Literal["country", "county", "municipality", "planning_region"]

__all__ = [
    "LANGS",
    "Contact",
    "Enterprise",
    "Event",
    "Guide",
    "Knowledge",
    "Lang",
    "Organisation",
    "PartialDate",
    "Region",
    "RegionKind",
    "Relation",
    "ReminderOverride",
    "Source",
    "Text",
    "Theme",
    "When",
]


class Entry(BaseModel):
    """A part of a knowledge file: validated once, then never changed."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Record(Entry):
    """An entry of a knowledge file: others refer to it by its `id`."""

    id: Slug


class Text(Entry):
    """A short text in up to three languages; at least one is set."""

    model_config = ConfigDict(json_schema_extra={"minProperties": 1})
    sv: Words | None = None
    en: Words | None = None
    lv: Words | None = None

    @model_validator(mode="after")
    def _at_least_one(self) -> Text:
        if not (self.sv or self.en or self.lv):
            raise ValueError("give the text in at least one of sv, en, lv")
        return self

    def get(self, lang: Lang) -> str:
        """The text in `lang`, else English, else whatever exists (never invent a translation)."""
        for candidate in (lang, "en", "sv", "lv"):
            value = getattr(self, candidate)
            if value:
                return value
        return ""

    def all(self) -> tuple[str, ...]:
        return tuple(v for v in (self.sv, self.en, self.lv) if v)


class Words3(Entry):
    """Words, phrases or word stems per language; a trailing * means "starts with"."""

    sv: tuple[Words, ...] = empty_tuple()
    en: tuple[Words, ...] = empty_tuple()
    lv: tuple[Words, ...] = empty_tuple()

    def get(self, lang: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
        return getattr(self, lang, default) if lang in LANGS else default

    def __getitem__(self, lang: str) -> tuple[str, ...]:
        if lang not in LANGS:
            raise KeyError(lang)
        return getattr(self, lang)

    def values(self) -> tuple[tuple[str, ...], ...]:
        return (self.sv, self.en, self.lv)


# --- sources.yaml --------------------------------------------------------------------------------


class Source(Record):
    """A page (or a printed work) that facts come from, and when it was published and read."""

    publisher: Words
    title: Words
    url: Url | None = Field(default=None, description="the page, exactly as read")
    citation: Words | None = Field(default=None, description="for print: author, title, year, pages")
    published: PublishedDate | None = Field(
        default=None, description="as precise as the source gives it; null when it gives none"
    )
    date_basis: Literal["published", "updated", "content"] = Field(
        default="published",
        description="what `published` is: the publication date, a 'last updated' date, or the date "
        "the content is evidently from",
    )
    retrieved: Day = Field(description="when the page was read (YYYY-MM-DD)")
    seed: Words | None = Field(default=None, description="file under shared/seeds, if it is one")

    @model_validator(mode="after")
    def _findable(self) -> Source:
        if self.url is None and self.citation is None:
            raise ValueError("give the page's url, or a citation for print")
        return self


# --- themes.yaml ---------------------------------------------------------------------------------


class Theme(Record):
    label: Text  # shown to users
    synonyms: Words3 = Words3()  # words and word stems people type, per language


# --- fact-bearing entries ------------------------------------------------------------------------
# Each ends with `source` and `verified` (declared last so editors list them last).

Verified = Annotated[
    Day | None,
    Field(
        default=None,
        description="only when a maintainer confirmed the facts themselves (by phone, say) on this date",
    ),
]
FACT_FIELDS = ("source",)
Phone = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Organisation(Record):
    name: Words
    kind: OrganisationKind
    description: Text
    aliases: tuple[Words, ...] = empty_tuple()
    home: Ref | None = Field(default=None, description="region id of its seat")
    serves: tuple[Ref, ...] = empty_tuple("region ids a source says it covers")
    parent: Ref | None = Field(default=None, description="organisation id")
    themes: tuple[Ref, ...] = empty_tuple()
    website: Website | None = None
    phone: Phone | None = Field(default=None, description="exactly as published")
    email: Email | None = Field(default=None, description="exactly as published")
    address: Words | None = Field(default=None, description="exactly as published")
    source: SourceIds
    verified: Verified


class Contact(Record):
    name: Words
    role: Text
    organisation: Ref | None = Field(default=None, description="organisation id")
    regions: tuple[Ref, ...] = empty_tuple("ids of the regions the person serves (municipality to country)")
    phone: Phone | None = Field(default=None, description="exactly as published")
    email: Email | None = Field(default=None, description="exactly as published")
    website: Website | None = None
    past: StrictBool = Field(
        default=False, description="the role is a past one: shown as held at the date of the source"
    )
    source: SourceIds
    verified: Verified


class Enterprise(Record):
    name: Words
    description: Text
    aliases: tuple[Words, ...] = empty_tuple()
    municipality: Ref | None = Field(default=None, description="region id of its home, when the source says")
    areas: tuple[Ref, ...] = empty_tuple("region ids where a source says it works beyond its home")
    area_note: Text | None = None  # the source's own words: "från Malmö till Umeå"
    themes: tuple[Ref, ...] = empty_tuple()
    people: tuple[Ref, ...] = empty_tuple("contact ids")
    organisations: tuple[Ref, ...] = empty_tuple("organisation ids")
    website: Website | None = None
    phone: Phone | None = Field(default=None, description="exactly as published")
    email: Email | None = Field(default=None, description="exactly as published")
    address: Words | None = Field(default=None, description="street address, as published")
    source: SourceIds
    verified: Verified


class ReminderOverride(Entry):
    """Overrides the default reminders (7 and 1 days before, at 09:00)."""

    model_config = ConfigDict(populate_by_name=True)
    offsets_days: tuple[Annotated[StrictInt, Field(ge=0, le=365)], ...] | None = None
    time_of_day: Annotated[str, StringConstraints(pattern=TIME_PATTERN)] | None = Field(
        default=None, alias="time", description='"HH:MM" in BOT_TIMEZONE'
    )
    channel: Words | None = None


class Event(Record):
    name: Words
    description: Text
    start: WhenField
    end: WhenField
    aliases: tuple[Words, ...] = empty_tuple()
    date_note: Text | None = None  # the source's own words where it is vague: "vasarā (summer) 2018"
    digital: StrictBool = False
    place: Ref | None = Field(default=None, description="region id")
    venue: Words | None = Field(default=None, description="free text as published")
    organiser: Ref | None = Field(default=None, description="organisation id")
    link: Url | None = None
    themes: tuple[Ref, ...] = empty_tuple()
    reminders: ReminderOverride | None = None
    source: SourceIds
    verified: Verified

    def status(self, today: date) -> Literal["upcoming", "ongoing", "past"]:
        """Judged on the day (events rarely carry a reliable end time)."""
        if self.end.last_day < today:
            return "past"
        if self.start.day > today:
            return "upcoming"
        return "ongoing"


GuideTopic = Literal[
    "buying",
    "procurement-requirements",
    "partnership",
    "starting",
    "status",
    "funding",
    "municipality-cooperation",
]


class Guide(Record):
    """Short, sourced how-to knowledge an official asks for ("how do we buy from a social enterprise?")."""

    topic: GuideTopic
    country: Literal["se", "lv"]
    title: Text
    body: Text
    keywords: Words3 = Field(default=Words3(), description="words an official would use, per language")
    organisations: tuple[Ref, ...] = empty_tuple("organisation ids the guide points to")
    themes: tuple[Ref, ...] = empty_tuple()
    link: Url | None = None
    source: SourceIds
    verified: Verified


RelationKind = Literal["funds", "partner", "organises", "received", "leads", "member", "owns", "founded"]


class Relation(Record):
    """Who funds, partners with, organises, received from, leads, belongs to, owns or founded whom."""

    subject: Ref = Field(description="an organisation, contact or enterprise id")
    relation: RelationKind
    object: Ref = Field(description="an organisation, contact, enterprise or event id")
    note: Text | None = None
    source: SourceIds
    verified: Verified


Fact = Organisation | Contact | Enterprise | Event | Guide | Relation


# --- the gazetteer (built from regions.yaml by bot.knowledge.region_building) -------------------------------


@dataclass(frozen=True, slots=True)
class Region:
    """A place of the gazetteer: country, Swedish county, Latvian planning region, municipality."""

    id: str  # slug: "se", "se-orebro-lan", "se-karlskoga", "lv-kurzeme", "lv-jekabpils-novads"
    kind: RegionKind
    name: str  # official name: "Karlskoga", "Örebro län", "Jēkabpils novads"
    country: str  # ISO 3166-1 alpha-2: "SE", "LV", ...
    code: str | None = None  # official code: SCB "1883", ISO 3166-2 "SE-T", "LV-042"
    parent: str | None = None  # municipality -> county/planning region; county -> country
    aliases: tuple[str, ...] = ()  # other spellings: "Gothenburg", "Riga", "Jekabpils"
    names_en: str | None = None  # English name where one is in use ("Örebro County")
    former: tuple[str, ...] = ()  # names of places merged into this one ("Varakļānu novads")

    @property
    def names(self) -> tuple[str, ...]:
        extra = (self.names_en,) if self.names_en else ()
        return (self.name, *extra, *self.aliases, *self.former)


# --- the snapshot --------------------------------------------------------------------------------


def _empty() -> Mapping[str, object]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Knowledge:
    """One validated snapshot; replaced whole on reload, never mutated."""

    version: str  # content hash of the files it was loaded from
    sources: Mapping[str, Source]
    regions: Mapping[str, Region]
    themes: Mapping[str, Theme]
    organisations: Mapping[str, Organisation]
    contacts: Mapping[str, Contact]
    enterprises: Mapping[str, Enterprise]
    events: Mapping[str, Event]
    guides: Mapping[str, Guide] = field(default_factory=_empty)  # type: ignore[assignment]
    relations: Mapping[str, Relation] = field(default_factory=_empty)  # type: ignore[assignment]
    directory: str = ""  # where it was loaded from, for messages only
    _children: Mapping[str, tuple[str, ...]] = field(default_factory=_empty)  # type: ignore[assignment]

    def county_of(self, region_id: str) -> Region | None:
        """The county (or Latvian planning region) a place belongs to, or the place itself."""
        region = self.regions.get(region_id)
        while region is not None and region.kind == "municipality":
            region = self.regions.get(region.parent) if region.parent else None
        return region if region is not None and region.kind in ("county", "planning_region") else None

    def children(self, region_id: str) -> tuple[str, ...]:
        """Region ids directly below `region_id` (a county's municipalities)."""
        return self._children.get(region_id, ())

    def sources_of(self, entry: Fact) -> tuple[Source, ...]:
        """The entry's sources, newest publication first (undated ones last)."""
        found = [self.sources[ident] for ident in entry.source if ident in self.sources]
        return tuple(sorted(found, key=_source_age_key))

    def newest_source(self, entry: Fact) -> Source | None:
        """The newest dated source of an entry: the age of its facts."""
        dated = [source for source in self.sources_of(entry) if source.published is not None]
        return dated[0] if dated else None


def _source_age_key(source: Source) -> tuple[int, int]:
    published = source.published
    return (1, 0) if published is None else (0, -published.last_day.toordinal())
