"""Cross-file checks: every id an entry names exists, and is the right kind of thing.

An enterprise whose `municipality` points at nothing would silently never be found by place;
a contact serving a municipality breaks "who can help me in <county>"; so each is an error with a
did-you-mean naming the closest real id.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.knowledge.model import Organisation, Record, Region
from bot.knowledge.region_building import KIND_WORDS
from bot.knowledge.suggestions import closest_id, did_you_mean
from bot.knowledge.yaml_reader import Loc

# What a relation's subject and object may name.
ENTITY_FILES = ("organisations.yaml", "contacts.yaml", "enterprises.yaml", "events.yaml")

# file -> (field, file(s) its ids live in, region kinds allowed or None for any)
REFERENCES: dict[str, tuple[tuple[str, str | tuple[str, ...], tuple[str, ...] | None], ...]] = {
    "organisations.yaml": (
        ("home", "regions.yaml", None),
        ("serves", "regions.yaml", None),
        ("parent", "organisations.yaml", None),
        ("themes", "themes.yaml", None),
        ("source", "sources.yaml", None),
    ),
    "contacts.yaml": (
        ("organisation", "organisations.yaml", None),
        ("regions", "regions.yaml", None),
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
    "guides.yaml": (
        ("organisations", "organisations.yaml", None),
        ("themes", "themes.yaml", None),
        ("source", "sources.yaml", None),
    ),
    "relations.yaml": (
        ("subject", ENTITY_FILES[:3], None),
        ("object", ENTITY_FILES, None),
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
    unions: dict[tuple[str, ...], frozenset[str]] = dataclasses.field(default_factory=dict, compare=False)


def reference_issues(file_name: str, entry: Record, targets: Targets) -> list[Issue]:
    issues: list[Issue] = []
    for field, target, kinds in REFERENCES.get(file_name, ()):
        files = (target,) if isinstance(target, str) else target
        if any(name not in targets.ids for name in files):
            continue  # an unreadable target file: its references go unchecked
        known = targets.ids[files[0]] if len(files) == 1 else _union(targets, files)
        value = getattr(entry, field, None)
        if value is None:  # nothing referred to
            continue
        values = enumerate(value) if isinstance(value, list | tuple) else ((None, value),)
        for index, ident in values:
            if ident is None:
                continue
            if ident not in known:
                names: dict[str, str] = {}
                for name in files:
                    names.update(targets.suggestions(name))
                suggestion = closest_id(ident, names)
                where = " or ".join(files)
                problem = f"'{ident}' is not in {where}{did_you_mean(suggestion)}"
            elif kinds is None or (region := targets.regions.get(ident)) is None or region.kind in kinds:
                continue  # the common case, checked without building any message
            else:
                allowed = " or ".join(KIND_WORDS[k] for k in kinds)
                problem = f"'{ident}' is {KIND_WORDS[region.kind]}; {field} must be {allowed}"
            loc: Loc = (field,) if index is None else (field, index)
            single = index is None or (field == "source" and len(value) == 1)  # `source: an-id`
            shown = field if single else f"{field}[{index}]"
            issues.append((loc, f"{shown}: {problem}"))
    return issues


def _union(targets: Targets, files: tuple[str, ...]) -> frozenset[str]:
    """The ids of several files at once, built once per check (a relation may name any entity)."""
    found = targets.unions.get(files)
    if found is None:
        found = targets.unions[files] = frozenset().union(*(targets.ids[name] for name in files))
    return found


def organisation_issues(entry: Organisation, parents: Mapping[str, str | None]) -> list[Issue]:
    """An organisation may not be its own ancestor."""
    issues: list[Issue] = []
    seen = {entry.id}
    parent = entry.parent
    while parent is not None:
        if parent in seen:
            issues.append((("parent",), f"parent: '{entry.parent}' leads back to '{parent}' (a cycle)"))
            break
        seen.add(parent)
        parent = parents.get(parent)
    return issues


def source_date_issues(entry: Record, dated: Mapping[str, bool]) -> list[Issue]:
    """A fact must rest on at least one source that says when it was published: its age is shown
    with every answer, and an undated page alone could be any age."""
    cited = getattr(entry, "source", ())
    if any(dated.get(ident) for ident in cited):
        return []
    if not any(ident in dated for ident in cited):
        return []  # the missing source is reported by reference_issues
    return [
        (
            ("source",),
            "source: none of its sources has a published date; cite at least one dated source "
            "(an undated page may back an entry only together with a dated one)",
        )
    ]
