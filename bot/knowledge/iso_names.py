"""Official names from ISO 3166 (via pycountry), so the gazetteer need not copy them.

pycountry writes Swedish counties as "Örebro län [SE-18]" (SCB's county number in brackets) and a
few Latvian municipalities as "Valmieras Novads"; both are tidied to the name people write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pycountry

_BRACKETED = re.compile(r"\s*\[([^\]]*)\]\s*$")
_NOVADS = re.compile(r"\bNovads\b")


@dataclass(frozen=True, slots=True)
class Subdivision:
    code: str  # "SE-T"
    name: str  # "Örebro län"
    type: str  # pycountry's: "County", "Municipality", "State city"
    note: str | None  # the bracketed part pycountry adds: "SE-18" (SCB's county number)


def country_name(code: str) -> str | None:
    country = pycountry.countries.get(alpha_2=code)
    return country.name if country is not None else None


@cache
def subdivision(code: str) -> Subdivision | None:
    found = pycountry.subdivisions.get(code=code)
    if found is None:
        return None
    note = _BRACKETED.search(found.name)
    name = _NOVADS.sub("novads", _BRACKETED.sub("", found.name))
    return Subdivision(found.code, name, found.type, note.group(1) if note else None)


def subdivisions(country_code: str) -> tuple[Subdivision, ...]:
    """Every ISO 3166-2 subdivision of a country, tidied."""
    codes = sorted(s.code for s in pycountry.subdivisions.get(country_code=country_code) or ())
    return tuple(found for code in codes if (found := subdivision(code)) is not None)
