"""The immutable knowledge snapshot.

Everything downstream (matcher, answers, reminders, rendering) reads these types and nothing else,
so a YAML edit can never reach a user without passing validation first. The loader
(`bot.loading`) is the only place that builds them.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Literal

Lang = Literal["sv", "en", "lv"]
LANGS: tuple[Lang, ...] = ("sv", "en", "lv")

RegionKind = Literal["country", "county", "municipality", "planning_region"]
Precision = Literal["day", "month", "datetime"]


@dataclass(frozen=True, slots=True)
class Text:
    """A short text in up to three languages; at least one is set."""

    sv: str | None = None
    en: str | None = None
    lv: str | None = None

    def get(self, lang: Lang) -> str:
        """The text in `lang`, else English, else whatever exists (never invent a translation)."""
        for candidate in (lang, "en", "sv", "lv"):
            value = getattr(self, candidate)
            if value:
                return value
        return ""

    def all(self) -> tuple[str, ...]:
        return tuple(v for v in (self.sv, self.en, self.lv) if v)


@dataclass(frozen=True, slots=True)
class Source:
    """Where an entry's facts come from: a seed file and the page it copies."""

    id: str  # slug, referenced by entries as `source: <id>`
    seed: str  # file name under shared/seeds, e.g. "004_b3ac9512998227cf.txt"
    publisher: str  # "Region Örebro län"
    title: str  # the page's title as published
    published: date | None = None
    url: str | None = None


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

    @property
    def names(self) -> tuple[str, ...]:
        extra = (self.names_en,) if self.names_en else ()
        return (self.name, *extra, *self.aliases)


@dataclass(frozen=True, slots=True)
class Theme:
    id: str  # "elderly-care"
    label: Text  # shown to users
    synonyms: Mapping[Lang, tuple[str, ...]]  # words and word stems people type, per language


@dataclass(frozen=True, slots=True)
class Organisation:
    id: str
    name: str
    kind: str  # "support", "public", "funder", "network", "node", "university", "ministry", ...
    description: Text
    source: Source
    verified: date
    aliases: tuple[str, ...] = ()
    home: str | None = None  # region id of its seat
    serves: tuple[str, ...] = ()  # region ids it is responsible for (MSI nodes: their counties)
    parent: str | None = None  # organisation id (an MSI node's parent is the national office)
    themes: tuple[str, ...] = ()
    website: str | None = None


@dataclass(frozen=True, slots=True)
class Contact:
    id: str
    name: str
    role: Text
    source: Source
    verified: date
    organisation: str | None = None  # organisation id
    regions: tuple[str, ...] = ()  # county or country ids the person serves
    phone: str | None = None  # exactly as published
    email: str | None = None  # exactly as published
    website: str | None = None


@dataclass(frozen=True, slots=True)
class Enterprise:
    id: str
    name: str
    description: Text
    source: Source
    verified: date
    aliases: tuple[str, ...] = ()
    municipality: str | None = None  # region id of its home, when the source says
    areas: tuple[str, ...] = ()  # region ids where it works beyond its home
    area_note: Text | None = None  # the source's own words: "från Malmö till Umeå"
    themes: tuple[str, ...] = ()
    people: tuple[str, ...] = ()  # contact ids
    organisations: tuple[str, ...] = ()  # organisation ids it is linked with in the source
    website: str | None = None


@dataclass(frozen=True, slots=True)
class When:
    """A point in time as precisely as the source gives it ("March 2018" stays a month)."""

    value: date | datetime  # datetime values are timezone-aware
    precision: Precision

    @property
    def day(self) -> date:
        """The first day covered: a month-precision value starts on the 1st."""
        return self.value.date() if isinstance(self.value, datetime) else self.value

    @property
    def last_day(self) -> date:
        """The last day covered, so "August 2018" is not over on 2 August."""
        if self.precision == "month":
            first = self.day
            return date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
        return self.day


@dataclass(frozen=True, slots=True)
class ReminderOverride:
    offsets_days: tuple[int, ...] | None = None  # e.g. (14, 1); None keeps the default (7, 1)
    time_of_day: str | None = None  # "HH:MM" in BOT_TIMEZONE
    channel: str | None = None  # Slack channel id or name


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    name: str
    description: Text
    start: When
    end: When
    source: Source
    verified: date
    aliases: tuple[str, ...] = ()
    digital: bool = False
    place: str | None = None  # region id
    venue: str | None = None  # free text as published: "Örebro slott"
    organiser: str | None = None  # organisation id
    link: str | None = None
    themes: tuple[str, ...] = ()
    date_note: Text | None = None  # the source's own words where it is vague: "vasarā (summer) 2018"
    reminders: ReminderOverride | None = None

    def status(self, today: date) -> Literal["upcoming", "ongoing", "past"]:
        """Judged on the day (events rarely carry a reliable end time)."""
        if self.end.last_day < today:
            return "past"
        if self.start.day > today:
            return "upcoming"
        return "ongoing"


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
    directory: str = ""  # where it was loaded from, for messages only
    _children: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))

    def county_of(self, region_id: str) -> Region | None:
        """The county (or Latvian planning region) a place belongs to, or the place itself."""
        region = self.regions.get(region_id)
        while region is not None and region.kind == "municipality":
            region = self.regions.get(region.parent) if region.parent else None
        return region if region is not None and region.kind in ("county", "planning_region") else None

    def children(self, region_id: str) -> tuple[str, ...]:
        """Region ids directly below `region_id` (a county's municipalities)."""
        return self._children.get(region_id, ())
