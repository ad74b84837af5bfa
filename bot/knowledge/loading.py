"""Load the knowledge directory into one validated, immutable `Knowledge` snapshot.

This is the only way YAML reaches the bot, so it is strict: every problem in every file is
collected (a maintainer fixes them in one pass, not one per run), each pinned to `path:line`, and
nothing outside the directory is ever read — only the known file names directly in it, never
through a symbolic link that leaves it.
"""

from __future__ import annotations

import functools
import hashlib
import os
import stat
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar, cast

from pydantic import BaseModel, ValidationError

from bot.knowledge.gc_pause import paused_gc
from bot.knowledge.model import (
    Contact,
    Enterprise,
    Event,
    Guide,
    Knowledge,
    Organisation,
    Region,
    RegionKind,
    Relation,
    Source,
    Theme,
    When,
)
from bot.knowledge.problem import Problem
from bot.knowledge.references import Targets, organisation_issues, reference_issues, source_date_issues
from bot.knowledge.region_building import build_regions, region_names
from bot.knowledge.schema import (
    FILE_NAMES,
    LIST_FILES,
    OPTIONAL_FILES,
    REGION_LISTS,
    Record,
    RegionEntry,
)
from bot.knowledge.schema_messages import describe
from bot.knowledge.suggestions import closest_word, did_you_mean
from bot.knowledge.yaml_reader import Loc, YamlDocument, parse_yaml_bytes

__all__ = [
    "Inspection",
    "KnowledgeError",
    "Problem",
    "inspect_knowledge",
    "load_knowledge",
    "validate_knowledge",
]

_R = TypeVar("_R", bound=Record)

# The files whose entries carry facts, and so must cite a dated source.
FACT_FILES = frozenset(
    {
        "organisations.yaml",
        "contacts.yaml",
        "enterprises.yaml",
        "events.yaml",
        "guides.yaml",
        "relations.yaml",
    }
)

MAX_FILE_BYTES = 2 * 1024 * 1024  # the whole gazetteer is ~60 KiB; anything near this is a mistake

# What one entry of each file is called in messages.
ENTRY_WORDS: dict[str, str] = {
    "sources.yaml": "source",
    "themes.yaml": "theme",
    "organisations.yaml": "organisation",
    "contacts.yaml": "contact",
    "enterprises.yaml": "enterprise",
    "events.yaml": "event",
    "guides.yaml": "guide",
    "relations.yaml": "relation",
    "countries": "country",
    "counties": "county",
    "planning_regions": "planning region",
    "municipalities": "municipality",
}


class KnowledgeError(Exception):
    """The knowledge base is invalid; `problems` lists every reason."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        shown = "\n".join(str(problem) for problem in self.problems[:20])
        more = f"\n… and {len(self.problems) - 20} more" if len(self.problems) > 20 else ""
        count = len(self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the knowledge base:\n{shown}{more}")

    def __reduce__(self) -> tuple[type[KnowledgeError], tuple[tuple[Problem, ...]]]:
        return (KnowledgeError, (self.problems,))  # crosses a process boundary intact (bench's workers)


@dataclass(frozen=True)
class Inspection:
    """Everything one validation pass learnt: the snapshot (when valid), the problems, and where
    each entry is written, so later checks (`check --stale`) can point at lines too."""

    knowledge: Knowledge | None
    problems: tuple[Problem, ...]
    places: Mapping[str, Mapping[str, tuple[str, int]]]  # file name -> entry id -> (path, line)

    def where(self, file_name: str, entry_id: str) -> tuple[str, int] | None:
        return self.places.get(file_name, {}).get(entry_id)


def load_knowledge(directory: Path) -> Knowledge:
    """The snapshot, or `KnowledgeError` listing every problem."""
    inspection = inspect_knowledge(directory)
    if inspection.knowledge is None:
        raise KnowledgeError(inspection.problems)
    return inspection.knowledge


def validate_knowledge(directory: Path) -> tuple[Knowledge | None, list[Problem]]:
    """The snapshot (None when invalid) and every problem; never raises for bad content."""
    inspection = inspect_knowledge(directory)
    return inspection.knowledge, list(inspection.problems)


def inspect_knowledge(directory: Path) -> Inspection:
    with paused_gc():
        reading = _Reading(Path(directory))
        reading.run()
        inspection = Inspection(
            knowledge=reading.knowledge,
            problems=tuple(reading.problems),
            places=MappingProxyType(reading.places),
        )
        del reading  # the YAML's plain data and the entry models go now, before the collector is back
    return inspection


class EntryLines(Mapping[str, tuple[str, int]]):
    """Entry id -> (path, line) for one file, so later checks (`check --stale`) can point at lines."""

    def __init__(self, shown: str, lines: Mapping[str, int]) -> None:
        self._shown = shown
        self._lines = lines

    def __getitem__(self, ident: str) -> tuple[str, int]:
        return self._shown, self._lines[ident]

    def __iter__(self) -> Iterator[str]:
        return iter(self._lines)

    def __len__(self) -> int:
        return len(self._lines)


@dataclass
class _Entry:
    model: Record
    loc: Loc  # where the entry is inside its file's document
    label: str  # "enterprise 'basta'", "county #3"
    valid: bool = True  # False: only the fields that passed validation are set


@dataclass
class _File:
    name: str
    shown: str
    raw: bytes = b""
    doc: YamlDocument | None = None
    usable: bool = False  # read and shaped right: references into it can be checked
    entries: list[_Entry] = field(default_factory=list)  # valid entries
    partial: list[_Entry] = field(default_factory=list)  # invalid ones, their sound fields only
    ids: dict[str, Loc] = field(default_factory=dict)  # every id written, valid entry or not -> entry


class _Reading:
    """One pass over a knowledge directory; collects problems instead of stopping at the first."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.problems: list[Problem] = []
        self.files: dict[str, _File] = {}
        self.places: dict[str, EntryLines] = {}
        self.knowledge: Knowledge | None = None

    def run(self) -> None:
        if not self.directory.is_dir():
            what = "is not a directory" if self.directory.exists() else "does not exist"
            self.problems.append(Problem(str(self.directory), 1, f"the knowledge directory {what}"))
            return
        self._unknown_files()
        for name in FILE_NAMES:
            self.files[name] = self._read(name)
        regions = self._regions()
        self._references(regions)
        order = {str(self.directory / name): index for index, name in enumerate(FILE_NAMES)}
        self.problems.sort(key=lambda p: (order.get(p.path, -1), p.line))
        if not self.problems:
            self.knowledge = self._knowledge(regions)

    # --- files -------------------------------------------------------------------------------

    def _unknown_files(self) -> None:
        """A YAML file the loader does not read is almost always a misnamed one (`enterprise.yaml`)."""
        for path in sorted(self.directory.iterdir()):
            if path.name.startswith((".", "#")):
                continue  # editors' lock and swap files (".#events.yaml") come and go while editing
            if path.suffix in (".yaml", ".yml") and path.name not in FILE_NAMES:
                suggestion = closest_word(path.stem + ".yaml", FILE_NAMES)
                self.problems.append(
                    Problem(
                        str(path),
                        1,
                        f"unknown file: only {', '.join(FILE_NAMES)} are read{did_you_mean(suggestion)}",
                    )
                )

    def _read(self, name: str) -> _File:
        path = self.directory / name
        file = _File(name, str(path))
        if name in OPTIONAL_FILES and not path.exists() and not path.is_symlink():
            file.usable = True  # a knowledge base without this kind of entry yet
            return file
        raw = self._bytes(path, file.shown)
        if raw is None:
            return file
        file.raw = raw
        doc, problems = parse_yaml_bytes(raw, file.shown)
        self.problems.extend(problems)
        if doc is None:
            return file
        file.doc = doc
        if name == "regions.yaml":
            self._region_entries(file, doc)
        else:
            self._list_entries(file, doc.data, (), LIST_FILES[name], ENTRY_WORDS[name])
        self.places[name] = EntryLines(file.shown, {ident: doc.line(loc) for ident, loc in file.ids.items()})
        return file

    def _bytes(self, path: Path, shown: str) -> bytes | None:
        """The file's bytes, unless it is missing, too big, or not a regular file inside the directory."""
        if path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(self.directory.resolve()):
                self.problems.append(
                    Problem(
                        shown,
                        1,
                        "is a symbolic link to outside the knowledge directory; refusing to follow it",
                    )
                )
                return None
        try:
            info = path.stat()
        except FileNotFoundError:
            self.problems.append(
                Problem(shown, 1, "missing file (every knowledge file is required; [] for none)")
            )
            return None
        except OSError as exc:
            self.problems.append(Problem(shown, 1, f"cannot read the file: {exc.strerror or exc}"))
            return None
        if not stat.S_ISREG(info.st_mode):
            self.problems.append(Problem(shown, 1, "is not a regular file"))
            return None
        too_big = Problem(shown, 1, f"file is larger than {MAX_FILE_BYTES // 2**20} MiB; refusing to read it")
        if info.st_size > MAX_FILE_BYTES:
            self.problems.append(too_big)
            return None
        try:
            with open(path, "rb", opener=None if path.is_symlink() else _no_follow_opener) as stream:
                raw = stream.read(MAX_FILE_BYTES + 1)  # the size may change between stat and read
        except OSError as exc:
            self.problems.append(Problem(shown, 1, f"cannot read the file: {exc.strerror or exc}"))
            return None
        if len(raw) > MAX_FILE_BYTES:
            self.problems.append(too_big)
            return None
        return raw

    # --- shapes ------------------------------------------------------------------------------

    def _region_entries(self, file: _File, doc: YamlDocument) -> None:
        data = doc.data
        if not isinstance(data, dict):
            self._problem(file, (), f"expected a mapping of {', '.join(REGION_LISTS)}, got {_shape(data)}")
            return
        file.usable = True
        for key in data:
            if key not in REGION_LISTS:
                suggestion = closest_word(str(key), REGION_LISTS)
                self._problem(file, (key,), f"unknown list '{key}'{did_you_mean(suggestion)}")
        for key, (_, model) in REGION_LISTS.items():
            if key not in data:
                self._problem(file, (), f"missing list '{key}' (write '{key}: []' if there are none)")
                continue
            self._list_entries(file, data[key], (key,), model, ENTRY_WORDS[key])

    def _list_entries(self, file: _File, data: object, at: Loc, model: type[Record], word: str) -> None:
        if not isinstance(data, list):
            where = f"'{at[0]}'" if at else "the file"
            hint = " (the file is empty; write [] for no entries)" if data is None and not at else ""
            self._problem(
                file,
                at,
                f"{where} must be a list of entries (lines starting with '- '), got {_shape(data)}{hint}",
            )
            return
        file.usable = True
        for index, item in enumerate(data):
            loc = (*at, index)
            if not isinstance(item, dict):
                self._problem(
                    file, loc, f"{word} #{index + 1}: expected a mapping of fields, got {_shape(item)}"
                )
                continue
            ident = item.get("id")
            label = f"{word} '{ident}'" if isinstance(ident, str) else f"{word} #{index + 1}"
            if isinstance(ident, str):
                if ident in file.ids:
                    first = self._line(file, file.ids[ident])
                    self._problem(file, (*loc, "id"), f"{label}: duplicate id (first at line {first})")
                else:
                    file.ids[ident] = loc
            try:
                entry = model.model_validate(item)
            except ValidationError as exc:
                self._validation_problems(file, loc, label=label, word=word, model=model, exc=exc)
                file.partial.append(_Entry(_partial(model, item, exc), loc, label, valid=False))
                continue
            file.entries.append(_Entry(entry, loc, label))

    def _validation_problems(
        self, file: _File, loc: Loc, *, label: str, word: str, model: type[BaseModel], exc: ValidationError
    ) -> None:
        assert file.doc is not None
        for error in exc.errors(include_url=False):
            where = (*loc, *error["loc"])
            plain = file.doc.positions.plain_text(where)
            self._problem(file, where, f"{label}: {describe(error, model, plain, word)}")

    # --- meaning -----------------------------------------------------------------------------

    def _regions(self) -> dict[str, Region]:
        file = self.files["regions.yaml"]
        lists: dict[RegionKind, list[tuple[RegionEntry, Loc]]] = {
            kind: [] for kind, _ in REGION_LISTS.values()
        }
        for entry in file.entries:
            kind = REGION_LISTS[str(entry.loc[0])][0]
            lists[kind].append((cast(RegionEntry, entry.model), entry.loc))
        regions, issues = build_regions(lists)
        labels = {entry.loc: entry.label for entry in file.entries}
        for loc, message in issues:
            self._problem(file, loc, f"{labels[loc[:2]]}: {message}")
        return regions

    def _references(self, regions: Mapping[str, Region]) -> None:
        usable = {name: file for name, file in self.files.items() if file.usable}

        @functools.cache
        def suggestions(name: str) -> Mapping[str, str]:
            if name == "regions.yaml":
                return region_names({r.id: (r.name, r.names_en, r.aliases) for r in regions.values()})
            return _names(usable[name])

        targets = Targets(
            ids={name: frozenset(file.ids) for name, file in usable.items()},
            suggestions=suggestions,
            regions=regions,
        )
        parents = {e.id: e.parent for e in self._valid("organisations.yaml", Organisation)}
        # An invalid source is reported on its own; entries citing it are not blamed for its date.
        dated = dict.fromkeys(self.files["sources.yaml"].ids, True)
        dated.update({e.id: e.published is not None for e in self._valid("sources.yaml", Source)})
        sources_usable = "sources.yaml" in usable
        for name, file in self.files.items():
            found: list[tuple[_Entry, list[tuple[Loc, str]]]] = []
            for entry in file.entries + file.partial:
                issues = reference_issues(name, entry.model, targets)
                if isinstance(entry.model, Organisation) and entry.valid:
                    issues += organisation_issues(entry.model, parents)
                if isinstance(entry.model, Event) and entry.valid:
                    issues += _event_issues(entry.model)
                if entry.valid and sources_usable and name in FACT_FILES:
                    issues += source_date_issues(entry.model, dated)
                if issues:
                    found.append((entry, issues))
            for entry, issues in sorted(found, key=lambda pair: self._line(file, pair[0].loc)):
                for loc, message in issues:
                    self._problem(file, (*entry.loc, *loc), f"{entry.label}: {message}")

    # --- building ----------------------------------------------------------------------------

    def _knowledge(self, regions: Mapping[str, Region]) -> Knowledge:
        children: dict[str, list[str]] = {}
        for region in regions.values():
            if region.parent is not None:
                children.setdefault(region.parent, []).append(region.id)
        digest = hashlib.sha256()
        for name in FILE_NAMES:
            digest.update(f"{name}\0{len(self.files[name].raw)}\0".encode())
            digest.update(self.files[name].raw)
        return Knowledge(
            version=digest.hexdigest()[:12],
            sources=self._by_id("sources.yaml", Source),
            regions=MappingProxyType(dict(regions)),
            themes=self._by_id("themes.yaml", Theme),
            organisations=self._by_id("organisations.yaml", Organisation),
            contacts=self._by_id("contacts.yaml", Contact),
            enterprises=self._by_id("enterprises.yaml", Enterprise),
            events=self._by_id("events.yaml", Event),
            guides=self._by_id("guides.yaml", Guide),
            relations=self._by_id("relations.yaml", Relation),
            directory=str(self.directory),
            _children=MappingProxyType({parent: tuple(ids) for parent, ids in children.items()}),
        )

    def _by_id(self, name: str, model: type[_R]) -> Mapping[str, _R]:
        return MappingProxyType({entry.id: entry for entry in self._valid(name, model)})

    def _valid(self, name: str, model: type[_R]) -> list[_R]:
        """The valid entries of one file, typed as the file's model."""
        return [entry.model for entry in self.files[name].entries if isinstance(entry.model, model)]

    # --- helpers -----------------------------------------------------------------------------

    def _problem(self, file: _File, loc: Loc, message: str) -> None:
        self.problems.append(Problem(file.shown, self._line(file, loc), message))

    @staticmethod
    def _line(file: _File, loc: Loc) -> int:
        return file.doc.line(loc) if file.doc is not None else 1


def _no_follow_opener(path: str, flags: int) -> int:
    """Open without following a symlink swapped in after the check (where the OS can refuse)."""
    return os.open(path, flags | getattr(os, "O_NOFOLLOW", 0))


def _partial(model: type[Record], item: dict[object, object], exc: ValidationError) -> Record:
    """An invalid entry with only its sound fields, so its references are still checked: one run
    then reports a misspelt field *and* a misspelt theme in the same entry."""
    broken = {error["loc"][0] for error in exc.errors() if error["loc"]}
    sound = {
        str(key): value for key, value in item.items() if key in model.model_fields and key not in broken
    }
    return model.model_construct(**sound)


def _shape(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"a single value ({value!r})"


def _names(file: _File) -> dict[str, str]:
    """id, name and aliases -> id, for did-you-mean over a file's entries."""
    names: dict[str, str] = {}
    for entry in file.entries:
        model = entry.model
        texts: list[str | None] = [model.id, getattr(model, "name", None), *getattr(model, "aliases", ())]
        if isinstance(model, Theme):
            texts += [*model.label.all(), *model.synonyms.sv, *model.synonyms.en, *model.synonyms.lv]
        for text in texts:
            if text:
                names.setdefault(text.rstrip("*"), model.id)
    return names


def _event_issues(entry: Event) -> list[tuple[Loc, str]]:
    start, end = entry.start, entry.end
    coarse = "month" if "month" in (start.precision, end.precision) else None
    if coarse is None and "day" in (start.precision, end.precision):
        before = end.day < start.day
    elif coarse == "month":
        before = (end.day.year, end.day.month) < (start.day.year, start.day.month)
    else:
        before = cast(datetime, end.value) < cast(datetime, start.value)
    if before:
        return [(("end",), f"end: {_when(end)} is before start {_when(start)}")]
    return []


def _when(when: When) -> str:
    return when.value.isoformat()[:7] if when.precision == "month" else when.value.isoformat()
