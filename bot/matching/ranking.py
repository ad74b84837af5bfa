"""How one question's evidence becomes scores and tiers: the pieces `bot.matching.matcher` ranks with.

A `Board` collects a question's evidence (names, people, places, themes, years, and `Group`s that
add one contribution to many entries at once); a `Scorer` turns it into a 0..1 score per entry; `Tiers`
put the asker's place first (local, then the county or planning region, then the national office).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Protocol

from bot.knowledge.model import Knowledge
from bot.understanding.answers import Intent, Note, Reason, ResultKind

MIN_SCORE = 0.3  # below this a result is noise
MAX_RESULTS = 20

NAME_WEIGHT = 2.0  # a name the user typed says more than anything else
ROLE_WEIGHT = 1.0
THEME_WEIGHT = 1.0
YEAR_WEIGHT = 1.0
THEME_ANY = 0.7
DESCRIBED = 0.85  # an entry whose description has a word of the question: a theme, less sure
THEME_PEOPLE = 0.9  # the people of an entry with the theme, just below the entry's own kind
PLACE_WEIGHT = {"municipality": 1.0, "county": 0.8, "planning_region": 0.8, "country": 0.5}

IN_PLACE = 1.0
WORKS_IN = 0.9
ORGANISER_IN = 0.8  # an event with no place of its own, organised by a body based there
IN_COUNTY = 0.75  # widened from a municipality to its county
REGIONAL = 1.0  # a node, or a person, responsible for the county
NODE_STAFF = 0.95  # someone at that node with no region of their own
REGIONAL_OTHER = 0.9  # another body that serves the county
NATIONAL = 0.9  # the national office and its staff, where no node serves the county
LOCATED_FOR_CONTACT = 0.8  # an organisation merely located in the place, when a contact is asked for
LISTED = 1.0  # "evenemang", "sociala företag": everything of the kind asked for
LISTED_EXTRA = 0.4  # the same, next to results that meet the question's own constraints
LISTED_KIND = 0.8  # events whose name says the kind of event asked for ("summit", "study trip")
CONTEXT = 0.85  # an organisation named only as the context of a person or event also named

# How well each kind answers each intent.
KIND_FIT: Mapping[Intent, Mapping[ResultKind, float]] = {
    "enterprises": {"enterprise": 1.0, "organisation": 0.8, "contact": 0.7, "event": 0.6},
    "contact": {"contact": 1.0, "organisation": 0.95, "enterprise": 0.7, "event": 0.6},
    "events": {"event": 1.0, "organisation": 0.7, "enterprise": 0.6, "contact": 0.6},
    "about": {"enterprise": 1.0, "organisation": 1.0, "contact": 1.0, "event": 1.0},
}
# Bodies whose job is to help (support organisations, networks, regional nodes) come first among equals.
HELPING_KINDS = frozenset({"support", "network", "node"})
OTHER_KIND = 0.97
# Entries only in other countries than the places asked about, with no evidence but a theme.
ELSEWHERE = 0.4
ABROAD = 0.9  # an entry in another country than the asker's language says, with no place asked
# The country whose language a question is written in (English says nothing about where the asker is).
HOME_COUNTRY: Mapping[str, str] = {"sv": "SE", "lv": "LV"}
# Related results (the people of a named enterprise, what a named organisation runs), per intent.
RELATED_FIT: Mapping[Intent, float] = {"contact": 0.9, "enterprises": 0.75, "events": 0.8, "about": 0.6}


class Indexed(Protocol):
    """What scores and tiers read of a snapshot's indexes (`bot.matching.index.Indexes` builds them)."""

    knowledge: Knowledge
    _home: dict[str, str]
    _countries: dict[str, frozenset[str]]


class Index:
    """Entries of one kind that share something (a place, a theme), as a set for membership and a
    tuple in tie-break order (by name) for taking the first few without sorting thousands."""

    __slots__ = ("keys", "ordered")

    def __init__(self, ordered: Iterable[str]) -> None:
        self.ordered = tuple(ordered)
        self.keys = frozenset(self.ordered)

    def __len__(self) -> int:
        return len(self.ordered)


@dataclass(frozen=True, slots=True)
class Group:
    """One contribution to many entries at once: everything of a kind located in a county, everything
    with a theme. A country with 20,000 enterprises costs set operations, not 20,000 records."""

    component: str  # "place", "theme", "described", "listed"
    value: float
    index: Index
    reason: Callable[[str], Reason | None]


@dataclass(slots=True)
class Board:
    """A question's evidence: small per-entry maps (names, people, regional contacts) and groups."""

    name: dict[str, float] = field(default_factory=dict)
    related: dict[str, float] = field(default_factory=dict)
    role: dict[str, float] = field(default_factory=dict)
    place: dict[str, float] = field(default_factory=dict)
    year: set[str] = field(default_factory=set)
    groups: list[Group] = field(default_factory=list)
    reasons: dict[str, list[Reason]] = field(default_factory=dict)

    def note(self, table: dict[str, float], key: str, value: float, reason: Reason | None) -> None:
        if value > table.get(key, 0.0):
            table[key] = value
        if reason is not None:
            found = self.reasons.setdefault(key, [])
            if reason not in found:
                found.append(reason)


LARGE = 256  # a group this big is walked in order, not scored entry by entry


def why_code(code: str, **args: str) -> Reason:
    return Reason(code, MappingProxyType(dict(args)))  # type: ignore[arg-type]


def note_code(code: str, **args: str) -> Note:
    return Note(code, MappingProxyType(dict(args)))  # type: ignore[arg-type]


TIERED: frozenset[str] = frozenset({"enterprises", "contact"})


class Tiers:
    """Where an entry stands from the asker's place, which decides before the score: 0 in the place
    itself (doing what was asked, when a theme was; a body helping there), 1 the county's or planning
    region's (its node and contacts, its entries doing what was asked, and entries doing it whose place
    no source gives), 2 the national office (then bodies that merely serve the place), 3 the rest, from
    elsewhere. For a contact question only people and bodies stand in the place."""

    def __init__(self, matcher: Indexed, board: Board, themed: bool, intent: Intent) -> None:
        self._board = board
        self._home = matcher._home
        self._organisations = matcher.knowledge.organisations
        self._contact = intent == "contact"
        self._kinds = (
            ("contact", "organisation") if self._contact else ("enterprise", "organisation", "contact")
        )
        self._themes = [g.index.keys for g in board.groups if g.component == "theme"] if themed else None
        places = [g for g in board.groups if g.component == "place"]
        self._local = [g.index.keys for g in places if g.value > IN_COUNTY]
        self._county = [g.index.keys for g in places if g.value <= IN_COUNTY]
        self._placed = [g.index.keys for g in places]

    def of(self, key: str) -> float:
        kind, _, entry_id = key.partition(":")
        codes = {r.code for r in self._board.reasons.get(key, ())}
        if kind not in self._kinds:  # "sociala företag i Stockholm": an event there is not one
            return 3
        if "local_contact" in codes:
            helping = kind != "organisation" or self._organisations[entry_id].kind in HELPING_KINDS
            # whom to call there: first for a contact question, after the place's own enterprises else
            return (0 if self._contact else 0.5) if helping else 2.5
        if "regional_contact" in codes or "nearest_node" in codes:  # the node for the county (or nearest)
            # With no theme asked, whom to call for the county comes before its enterprises elsewhere.
            return 1 if self._themes is not None else 0.9
        themed = self._themes is None or any(key in keys for keys in self._themes)
        if themed and any(key in keys for keys in self._local):
            helping = kind != "organisation" or self._organisations[entry_id].kind in HELPING_KINDS
            # A body merely located there (a manor, a council) after whom to call for the county.
            return 0 if helping else 2.5 if self._contact else 1.5
        if themed and any(key in keys for keys in self._county):
            return 1
        nowhere = (
            kind == "enterprise" and key not in self._home and not any(key in keys for keys in self._placed)
        )
        if self._themes is not None and themed and nowhere:
            return 1
        if "national_office" in codes:
            return 2
        return 3


class Scorer:
    """One question's scoring rule, applied to any entry key."""

    def __init__(
        self,
        matcher: Indexed,
        board: Board,
        weights: tuple[float, ...],
        intent: Intent,
        themes: int,
        *,
        placed: frozenset[str],
        home: frozenset[str] = frozenset(),
    ) -> None:
        """`placed`: the countries of the places the question names (none: no place asked about);
        `home`: where an asker who names no place probably is (the country of the language they
        wrote in), whose entries come a little before the same from elsewhere."""
        self._board = board
        self._placed = placed
        self._home = home if not placed else frozenset()
        self._countries = matcher._countries
        self._weights = weights
        self._total = sum(weights)
        self._fit = KIND_FIT.get(intent, KIND_FIT["about"])
        self._related_fit = RELATED_FIT.get(intent, 0.6)
        self._themes = themes
        self._organisations = matcher.knowledge.organisations
        self._place_groups = [g for g in board.groups if g.component == "place"]
        self._theme_groups = [g for g in board.groups if g.component in ("theme", "described")]
        self._listed_groups = [g for g in board.groups if g.component == "listed"]

    def score(self, key: str) -> float:
        b = self._board
        name = max(b.name.get(key, 0.0), b.related.get(key, 0.0) * self._related_fit)
        place = b.place.get(key, 0.0)
        for group in self._place_groups:
            if group.value > place and key in group.index.keys:
                place = group.value
        values = [group.value for group in self._theme_groups if key in group.index.keys]
        # One theme of several counts most of the way: the others often describe the asker.
        theme = (THEME_ANY + (1 - THEME_ANY) * len(values) / self._themes) * max(values) if values else 0.0
        year = 1.0 if key in b.year else 0.0
        w = self._weights
        weighted = (
            (w[0] * name + w[1] * b.role.get(key, 0.0) + w[2] * place + w[3] * theme + w[4] * year)
            / self._total
            if self._total
            else 0.0
        )
        listed = max((g.value for g in self._listed_groups if key in g.index.keys), default=0.0)
        kind, _, entry_id = key.partition(":")
        factor = self._fit.get(kind, 0.6)  # type: ignore[call-overload]
        if kind == "organisation" and self._organisations[entry_id].kind not in HELPING_KINDS:
            factor *= OTHER_KIND
        if self._placed and not place and not name and not b.role.get(key):
            # "sociālie uzņēmumi Rīgā bērniem": a Swedish enterprise for children answers only half of it.
            countries = self._countries.get(key)
            if countries and not countries & self._placed:
                factor *= ELSEWHERE
        elif self._home and not name:
            countries = self._countries.get(key)
            if countries and not countries & self._home:
                factor *= ABROAD  # "vem kan hjälpa med socialt företagande?" in Swedish: Sweden first
        return round(min(1.0, max(weighted, listed) * factor), 4)
