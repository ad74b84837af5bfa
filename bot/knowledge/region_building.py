"""Turns the validated lists of regions.yaml into `Region`s, checking what ties them together.

The gazetteer is a tree (country > county or planning region > municipality); a region's country
comes from that tree, its name from ISO 3166 when the file leaves it out, and a code that
contradicts its place in the tree is an error, because the matcher widens a place to its county by
walking exactly these links.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.knowledge.iso_names import country_name, subdivision
from bot.knowledge.model import Region, RegionKind
from bot.knowledge.schema import (
    CountryEntry,
    CountyEntry,
    MunicipalityEntry,
    PlanningRegionEntry,
    RegionEntry,
)
from bot.knowledge.suggestions import closest_id, did_you_mean
from bot.knowledge.yaml_reader import Loc

_SCB_CODE = re.compile(r"^[0-9]{4}$")
_PARENT_KINDS: dict[str, tuple[str, ...]] = {
    "county": ("country",),
    "planning_region": ("country",),
    "municipality": ("county", "planning_region"),
}
KIND_WORDS: dict[str, str] = {
    "country": "a country",
    "county": "a county",
    "planning_region": "a planning region",
    "municipality": "a municipality",
}

Issue = tuple[Loc, str]  # where inside regions.yaml, and what is wrong


@dataclass(frozen=True)
class _Named:
    entry: RegionEntry
    loc: Loc
    kind: RegionKind
    name: str


def build_regions(
    lists: Mapping[RegionKind, Sequence[tuple[RegionEntry, Loc]]],
) -> tuple[dict[str, Region], list[Issue]]:
    """Regions by id in file order, and every problem found; a region with a problem is left out."""
    issues: list[Issue] = []
    named: dict[str, _Named] = {}
    for kind, entries in lists.items():
        for entry, loc in entries:
            name = _name(entry, loc, issues)
            if name is not None:
                named[entry.id] = _Named(entry, loc, kind, name)
    names = region_names(
        {i: (n.name, n.entry.names_en, (*n.entry.aliases, *_former_names(n.entry))) for i, n in named.items()}
    )
    regions: dict[str, Region] = {}
    for ident, region in named.items():
        country = _country(region, named, issues, names)
        if country is None:
            continue
        entry = region.entry
        regions[ident] = Region(
            id=ident,
            kind=region.kind,
            name=region.name,
            country=country,
            code=entry.code,
            parent=None if isinstance(entry, CountryEntry) else entry.parent,
            aliases=tuple(entry.aliases),
            names_en=entry.names_en,
            former=_former_names(entry),
        )
    return regions, issues


def _former_names(entry: RegionEntry) -> tuple[str, ...]:
    """Names of municipalities merged into this one: people still type them."""
    if not isinstance(entry, MunicipalityEntry):
        return ()
    return tuple(name for former in entry.former for name in (former.name, *former.aliases))


def region_names(regions: Mapping[str, tuple[str, str | None, Sequence[str]]]) -> dict[str, str]:
    """Every id, name and alias -> region id, for did-you-mean suggestions."""
    names: dict[str, str] = {}
    for ident, (name, names_en, aliases) in regions.items():
        for text in (ident, name, names_en, *aliases):
            if text:
                names.setdefault(text, ident)
    return names


def _name(entry: RegionEntry, loc: Loc, issues: list[Issue]) -> str | None:
    """The entry's own name, else ISO 3166's for its code; None (with an issue) when neither exists."""
    if isinstance(entry, PlanningRegionEntry):
        return entry.name
    code = entry.code
    if isinstance(entry, CountryEntry):
        official = country_name(code)
        if official is None:
            issues.append(((*loc, "code"), f"code: '{code}' is not an ISO 3166-1 country code"))
            return None
        return entry.name or official
    if isinstance(entry, MunicipalityEntry) and _SCB_CODE.match(code):
        if entry.name is None:
            issues.append(
                (loc, f"missing field 'name' (a Swedish municipality with SCB code {code} needs one)")
            )
        return entry.name
    found = subdivision(code)
    if found is None:
        issues.append(
            ((*loc, "code"), f"code: '{code}' is not an ISO 3166-2 code (pycountry has no such subdivision)")
        )
        return None
    wrong_type = (isinstance(entry, CountyEntry) and found.type != "County") or (
        isinstance(entry, MunicipalityEntry) and found.type == "County"
    )
    if wrong_type:
        issues.append(((*loc, "code"), f"code: {code} is {found.name}, a {found.type.lower()} in ISO 3166-2"))
        return None
    return entry.name or found.name


def _country(
    region: _Named, named: Mapping[str, _Named], issues: list[Issue], names: Mapping[str, str]
) -> str | None:
    """The ISO country code of a region, following parents; None (with an issue) when the chain is wrong."""
    entry = region.entry
    if isinstance(entry, CountryEntry):
        return entry.code
    parent = named.get(entry.parent)
    where = (*region.loc, "parent")
    if parent is None:
        suggestion = closest_id(entry.parent, names)
        issues.append((where, f"parent: '{entry.parent}' is not in regions.yaml{did_you_mean(suggestion)}"))
        return None
    if parent.kind not in _PARENT_KINDS[region.kind]:
        allowed = " or ".join(KIND_WORDS[k] for k in _PARENT_KINDS[region.kind])
        kinds = f"{KIND_WORDS[parent.kind]}; {KIND_WORDS[region.kind]}'s parent is {allowed}"
        issues.append((where, f"parent: '{entry.parent}' is {kinds}"))
        return None
    country = _country(parent, named, [], names)  # the parent's own problems are reported on it
    if country is None:
        return None
    code = entry.code or ""
    if _SCB_CODE.match(code) and country != "SE":
        issues.append(
            ((*region.loc, "code"), f"code: {code} is a Swedish (SCB) code but the region is in {country}")
        )
        return None
    prefix = code.split("-", maxsplit=1)[0]
    if "-" in code and prefix != country:
        message = f"code: {code} is in {prefix} but the parent '{entry.parent}' is in {country}"
        issues.append(((*region.loc, "code"), message))
        return None
    return country
