"""Cross-file checks: every id an entry names exists, and is the right kind of thing.

An enterprise whose `municipality` points at nothing would silently never be found by place;
a contact serving a municipality breaks "who can help me in <county>"; so each is an error with a
did-you-mean naming the closest real id.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.model import Region
from bot.region_building import KIND_WORDS
from bot.schema import OrganisationEntry, Record
from bot.suggestions import closest_id, did_you_mean
from bot.yaml_reader import Loc

# file -> (field, file its ids live in, region kinds allowed or None for any)
REFERENCES: dict[str, tuple[tuple[str, str, tuple[str, ...] | None], ...]] = {
    "organisations.yaml": (
        ("home", "regions.yaml", None),
        ("serves", "regions.yaml", None),
        ("parent", "organisations.yaml", None),
        ("themes", "themes.yaml", None),
        ("source", "sources.yaml", None),
    ),
    "contacts.yaml": (
        ("organisation", "organisations.yaml", None),
        ("regions", "regions.yaml", ("country", "county", "planning_region")),
        ("source", "sources.yaml", None),
    ),
    "enterprises.yaml": (
        ("municipality", "regions.yaml", ("municipality",)),
        ("areas", "regions.yaml", None),
        ("themes", "themes.yaml", None),
        ("people", "contacts.yaml", None),
        ("organisations", "organisations.yaml", None),
        ("source", "sources.yaml", None),
    ),
    "events.yaml": (
        ("place", "regions.yaml", None),
        ("organiser", "organisations.yaml", None),
        ("themes", "themes.yaml", None),
        ("source", "sources.yaml", None),
    ),
}

Issue = tuple[Loc, str]  # where inside the entry, and what is wrong


@dataclass(frozen=True)
class Targets:
    """What references may point to. A file that could not be read is absent, and references into
    it go unchecked rather than each reported as missing."""

    ids: Mapping[str, frozenset[str]]  # file name -> every id it defines (valid entry or not)
    # file name -> id, name or alias -> id, for did-you-mean; asked only once a reference is wrong
    suggestions: Callable[[str], Mapping[str, str]]
    regions: Mapping[str, Region]


def reference_issues(file_name: str, entry: Record, targets: Targets) -> list[Issue]:
    issues: list[Issue] = []
    for field, target, kinds in REFERENCES.get(file_name, ()):
        known = targets.ids.get(target)
        value = getattr(entry, field, None)
        if known is None or value is None:  # unreadable target file, or nothing referred to
            continue
        values = enumerate(value) if isinstance(value, list) else ((None, value),)
        for index, ident in values:
            if ident is None:
                continue
            if ident not in known:
                suggestion = closest_id(ident, targets.suggestions(target))
                problem = f"'{ident}' is not in {target}{did_you_mean(suggestion)}"
            elif kinds is None or (region := targets.regions.get(ident)) is None or region.kind in kinds:
                continue  # the common case, checked without building any message
            else:
                allowed = " or ".join(KIND_WORDS[k] for k in kinds)
                problem = f"'{ident}' is {KIND_WORDS[region.kind]}; {field} must be {allowed}"
            loc: Loc = (field,) if index is None else (field, index)
            shown = field if index is None else f"{field}[{index}]"
            issues.append((loc, f"{shown}: {problem}"))
    return issues


def organisation_issues(entry: OrganisationEntry, parents: Mapping[str, str | None]) -> list[Issue]:
    """A node must serve somewhere; an organisation may not be its own ancestor."""
    issues: list[Issue] = []
    if entry.kind == "node" and not entry.serves:
        issues.append((("serves",), "serves: a node must serve at least one region (its county)"))
    seen = {entry.id}
    parent = entry.parent
    while parent is not None:
        if parent in seen:
            issues.append((("parent",), f"parent: '{entry.parent}' leads back to '{parent}' (a cycle)"))
            break
        seen.add(parent)
        parent = parents.get(parent)
    return issues
