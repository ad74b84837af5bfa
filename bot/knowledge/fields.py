"""The value types of knowledge entries: ids, texts, addresses, dates as precise as written.

Shared by the entry models (`bot.knowledge.model`) and the file shapes (`bot.knowledge.schema`); each
type validates
what a maintainer writes and carries its own JSON Schema for editors.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
)

Precision = Literal["day", "month", "datetime"]


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
class PartialDate:
    """A publication date as precise as the source gives it: a year, a month or a day."""

    value: date  # the first day covered
    precision: Literal["year", "month", "day"]

    @property
    def last_day(self) -> date:
        """The last day covered, so a source "from 2018" counts as no older than 31 December 2018."""
        if self.precision == "year":
            return date(self.value.year, 12, 31)
        if self.precision == "month":
            days = calendar.monthrange(self.value.year, self.value.month)[1]
            return date(self.value.year, self.value.month, days)
        return self.value

    def isoformat(self) -> str:
        """As written: "2018", "2018-04" or "2018-04-03"."""
        return self.value.isoformat()[: {"year": 4, "month": 7, "day": 10}[self.precision]]


_YEAR = re.compile(r"^(\d{4})$")


def parse_partial_date(value: object) -> PartialDate:
    """A YAML date, a "YYYY-MM" month or a year (2018 or "2018")."""
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, datetime):
        raise ValueError(f"{value.isoformat()} has a time; write only the date (YYYY-MM-DD)")
    if isinstance(value, date):
        return PartialDate(value, "day")
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return PartialDate(date(value, 1, 1), "year")
    text = str(value).strip() if isinstance(value, str) else None
    if text is not None:
        if _YEAR.match(text):
            return PartialDate(date(int(text), 1, 1), "year")
        if month := _MONTH.match(text):
            number = int(month.group(2))
            if 1 <= number <= 12:
                return PartialDate(date(int(month.group(1)), number, 1), "month")
        try:
            return PartialDate(date.fromisoformat(text), "day")
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a date; write a day (2018-04-03), a month (2018-04) or a year (2018)")


PublishedDate = Annotated[
    PartialDate,
    PlainValidator(parse_partial_date),
    WithJsonSchema(
        {
            "description": "As precise as the source: a day (2018-04-03), a month (2018-04) or a year (2018)",
            "anyOf": [
                {"type": "string", "format": "date"},
                {"type": "string", "pattern": r"^\d{4}(-(0[1-9]|1[0-2]))?$"},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ],
        }
    ),
]


SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
URL_PATTERN = r"^https?://\S+$"
WEBSITE_PATTERN = r"^(https?://|www\.)\S+$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
ISO_COUNTRY_PATTERN = r"^[A-Z]{2}$"
ISO_SUBDIVISION_PATTERN = r"^[A-Z]{2}-[A-Z0-9]{1,3}$"
MUNICIPALITY_CODE_PATTERN = r"^([0-9]{4}|[A-Z]{2}-[A-Z0-9]{1,3})$"

# What a pattern means, for messages a maintainer can act on.
PATTERN_HINTS: dict[str, str] = {
    SLUG_PATTERN: "lowercase letters and digits in words joined by single hyphens, like 'ung-omsorg'",
    URL_PATTERN: "a full address starting with https:// or http://",
    WEBSITE_PATTERN: "a web address exactly as published: starting with https://, http:// or www.",
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
# A contact detail is kept as published, so "www.urkraft.se" stays without a scheme (links add it).
Website = Annotated[str, StringConstraints(strip_whitespace=True, pattern=WEBSITE_PATTERN)]
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
    if isinstance(value, When):
        return value
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


def _one_or_more(value: object) -> object:
    """`source: some-id` is the same as `source: [some-id]`."""
    return [value] if isinstance(value, str) else value


SourceIds = Annotated[
    tuple[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)], ...],
    BeforeValidator(_one_or_more),
    Field(min_length=1, description="ids of entries in sources.yaml (one id, or a list)"),
    WithJsonSchema(
        {
            "description": "ids of entries in sources.yaml (one id, or a list)",
            "anyOf": [
                {"type": "string", "minLength": 1},
                {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
            ],
        }
    ),
]


def empty_tuple(description: str | None = None) -> Any:
    """A list field that may be left out (an empty tuple in the frozen entry)."""
    return Field(default=(), description=description, json_schema_extra={"default": []})


def _empty_list(description: str | None = None) -> Any:
    """A list field that may be left out. A shared `[]` default would be deep-copied for every entry
    (two fifths of the time to validate 20,000 enterprises); the JSON Schema still says `[]`."""
    return Field(default_factory=list, description=description, json_schema_extra={"default": []})
