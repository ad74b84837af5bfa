"""From a question to a ranked, explained `Answer`.

`Matcher(knowledge)` builds every index once per snapshot (names, roles, places, themes, the
spelling vocabulary, and the maps from regions, themes and organisations to entries), so answering
costs look-ups, not a scan of the knowledge base.

Ranking puts all kinds in one list. A result's score (0..1) is how well it meets what the question
asks for (a name, a person's role, a place, a theme, a year), each weighed by how much it says (a
typed name more than a place; a municipality more than a country), times how well its kind fits the
intent. When a place has nothing of its own the answer widens honestly to the county and names the
regional contact, or the national office where no regional node serves the county. A question that
is not about Samverka's domain gets no results: a confident wrong answer is worse than none.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import combinations
from types import MappingProxyType
from typing import Any

from bot.answers import Answer, Intent, Note, Reason, Result, ResultKind
from bot.conversation import Context
from bot.follow_up import completed, context_from
from bot.gc_pause import paused_gc
from bot.model import Knowledge
from bot.periods import events_in
from bot.question import QUESTION_LIMIT, Question, QuestionParser, word_role
from bot.reading import read
from bot.text import stems, tokenize

MIN_SCORE = 0.3  # below this a result is noise
MAX_RESULTS = 20

_NAME_WEIGHT = 2.0  # a name the user typed says more than anything else
_ROLE_WEIGHT = 1.0
_THEME_WEIGHT = 1.0
_YEAR_WEIGHT = 1.0
_THEME_ANY = 0.7
_THEME_PEOPLE = 0.9  # the people of an entry with the theme, just below the entry's own kind
_PLACE_WEIGHT = {"municipality": 1.0, "county": 0.8, "planning_region": 0.8, "country": 0.5}

_IN_PLACE = 1.0
_WORKS_IN = 0.9
_ORGANISER_IN = 0.8  # an event with no place of its own, organised by a body based there
_IN_COUNTY = 0.75  # widened from a municipality to its county
_REGIONAL = 1.0  # a node, or a person, responsible for the county
_NODE_STAFF = 0.95  # someone at that node with no region of their own
_REGIONAL_OTHER = 0.9  # another body that serves the county
_NATIONAL = 0.9  # the national office and its staff, where no node serves the county
_LOCATED_FOR_CONTACT = 0.8  # an organisation merely located in the place, when a contact is asked for
_LISTED = 1.0  # "evenemang", "sociala företag": everything of the kind asked for
_LISTED_EXTRA = 0.4  # the same, next to results that meet the question's own constraints
_LISTED_KIND = 0.8  # events whose name says the kind of event asked for ("summit", "study trip")
_CONTEXT = 0.85  # an organisation named only as the context of a person or event also named

# How well each kind answers each intent.
_KIND_FIT: Mapping[Intent, Mapping[ResultKind, float]] = {
    "enterprises": {"enterprise": 1.0, "organisation": 0.8, "contact": 0.7, "event": 0.6},
    "contact": {"contact": 1.0, "organisation": 0.95, "enterprise": 0.7, "event": 0.6},
    "events": {"event": 1.0, "organisation": 0.7, "enterprise": 0.6, "contact": 0.6},
    "about": {"enterprise": 1.0, "organisation": 1.0, "contact": 1.0, "event": 1.0},
}
# Bodies whose job is to help (support organisations, networks, regional nodes) come first among equals.
_HELPING_KINDS = frozenset({"support", "network", "node"})
_OTHER_KIND = 0.97
# Entries only in other countries than the places asked about, with no evidence but a theme.
_ELSEWHERE = 0.4
# The country whose language a question is written in (English says nothing about where the asker is).
_HOME_COUNTRY: Mapping[str, str] = {"sv": "SE", "lv": "LV"}
# Related results (the people of a named enterprise, what a named organisation runs), per intent.
_RELATED_FIT: Mapping[Intent, float] = {"contact": 0.9, "enterprises": 0.75, "events": 0.8, "about": 0.6}


class _Index:
    """Entries of one kind that share something (a place, a theme), as a set for membership and a
    tuple in tie-break order (by name) for taking the first few without sorting thousands."""

    __slots__ = ("keys", "ordered")

    def __init__(self, ordered: Iterable[str]) -> None:
        self.ordered = tuple(ordered)
        self.keys = frozenset(self.ordered)

    def __len__(self) -> int:
        return len(self.ordered)


@dataclass(frozen=True, slots=True)
class _Group:
    """One contribution to many entries at once: everything of a kind located in a county, everything
    with a theme. A country with 20,000 enterprises costs set operations, not 20,000 records."""

    component: str  # "place", "theme", "listed"
    value: float
    index: _Index
    reason: Callable[[str], Reason | None]


@dataclass(slots=True)
class _Board:
    """A question's evidence: small per-entry maps (names, people, regional contacts) and groups."""

    name: dict[str, float] = field(default_factory=dict)
    related: dict[str, float] = field(default_factory=dict)
    role: dict[str, float] = field(default_factory=dict)
    place: dict[str, float] = field(default_factory=dict)
    year: set[str] = field(default_factory=set)
    groups: list[_Group] = field(default_factory=list)
    reasons: dict[str, list[Reason]] = field(default_factory=dict)

    def note(self, table: dict[str, float], key: str, value: float, reason: Reason | None) -> None:
        if value > table.get(key, 0.0):
            table[key] = value
        if reason is not None:
            found = self.reasons.setdefault(key, [])
            if reason not in found:
                found.append(reason)


_LARGE = 256  # a group this big is walked in order, not scored entry by entry


def _reason(code: str, **args: str) -> Reason:
    return Reason(code, MappingProxyType(dict(args)))  # type: ignore[arg-type]


def _note(code: str, **args: str) -> Note:
    return Note(code, MappingProxyType(dict(args)))  # type: ignore[arg-type]


class Matcher:
    """Answers questions about one knowledge snapshot."""

    @paused_gc()  # hundreds of thousands of index entries, no reference cycles (see bot.gc_pause)
    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self.parser = QuestionParser(knowledge)
        k = knowledge
        self._tables: Mapping[str, Mapping[str, Any]] = {
            "enterprise": k.enterprises,
            "organisation": k.organisations,
            "contact": k.contacts,
            "event": k.events,
        }
        self._sort_name: dict[str, str] = {
            f"{kind}:{entry_id}": entry.name.casefold()
            for kind, table in self._tables.items()
            for entry_id, entry in table.items()
        }
        self._country_ids = {r.country: r.id for r in k.regions.values() if r.kind == "country"}
        self._county: dict[str, str | None] = {}
        self._country: dict[str, str | None] = {}  # region id -> the id of its country's region
        for region_id, region in k.regions.items():
            county = k.county_of(region_id)
            self._county[region_id] = county.id if county else None
            self._country[region_id] = self._country_ids.get(region.country)
        located: dict[str, dict[str, list[str]]] = {}  # region -> kind -> keys located there or below
        self._home: dict[str, str] = {}  # key -> the region it is located in
        works_in: dict[str, list[str]] = {}
        organised_in: dict[str, list[str]] = {}
        named_in: dict[str, list[str]] = {}
        by_theme: dict[str, dict[str, list[str]]] = {}
        self._linked: dict[str, list[str]] = {}  # organisation id -> enterprise keys linked with it
        self._organises: dict[str, list[str]] = {}  # organisation id -> event keys
        for e in k.enterprises.values():
            key = f"enterprise:{e.id}"
            if e.municipality:
                self._locate(located, key, "enterprise", e.municipality)
            for area in e.areas:
                for region in self._up(area):
                    works_in.setdefault(region, []).append(key)
            self._tag(by_theme, key, "enterprise", e.themes)
            for org in e.organisations:
                self._linked.setdefault(org, []).append(key)
        for o in k.organisations.values():
            key = f"organisation:{o.id}"
            if o.home:
                self._locate(located, key, "organisation", o.home)
            self._tag(by_theme, key, "organisation", o.themes)
        self._named_places: dict[str, tuple[str, ...]] = {}  # event key -> places its names say
        self._in_year: dict[int, list[str]] = {}  # year -> events taking place in it
        for v in k.events.values():
            key = f"event:{v.id}"
            if not v.place:  # "SIC study trips to Russia and Denmark": where it went, said in its name
                self._named_places[key] = self._places_in(v.name, *v.aliases)
                for region in {r for place in self._named_places[key] for r in self._up(place)}:
                    named_in.setdefault(region, []).append(key)
            if v.place:
                self._locate(located, key, "event", v.place)
            elif not v.digital and v.organiser and k.organisations[v.organiser].home:
                for region in self._up(k.organisations[v.organiser].home or ""):
                    organised_in.setdefault(region, []).append(key)
            if v.organiser:
                self._organises.setdefault(v.organiser, []).append(key)
            for year in range(v.start.day.year, v.end.day.year + 1):
                self._in_year.setdefault(year, []).append(key)
            self._tag(by_theme, key, "event", v.themes)
        self._located = {
            r: {kind: self._index(keys) for kind, keys in kinds.items()} for r, kinds in located.items()
        }
        self._works_in = {r: self._index(keys) for r, keys in works_in.items()}
        self._organised_in = {r: self._index(keys) for r, keys in organised_in.items()}
        self._named_in = {r: self._index(keys) for r, keys in named_in.items()}
        self._by_theme = {
            t: {kind: self._index(keys) for kind, keys in kinds.items()} for t, kinds in by_theme.items()
        }
        self._all = {
            "enterprise": self._index(f"enterprise:{i}" for i in k.enterprises),
            "event": self._index(f"event:{i}" for i in k.events),
        }
        # Who serves a region, best first: nodes and their people, then other bodies and people.
        self._serving: dict[str, dict[str, float]] = {}
        self._staff: dict[str, list[str]] = {}
        for c in k.contacts.values():
            if c.organisation:
                self._staff.setdefault(c.organisation, []).append(c.id)
        node_ids = {o.id for o in k.organisations.values() if o.kind == "node"}
        parents_of_nodes = {k.organisations[n].parent for n in node_ids}
        self._national_offices: dict[str, list[str]] = {}
        self._children: dict[str, list[str]] = {}
        for o in k.organisations.values():
            if o.parent:
                self._children.setdefault(o.parent, []).append(o.id)
            for region in o.serves:
                weight = _REGIONAL if o.id in node_ids else _REGIONAL_OTHER
                self._serve(region, f"organisation:{o.id}", weight)
                if o.id in node_ids:
                    for contact_id in self._staff.get(o.id, ()):
                        self._serve(region, f"contact:{contact_id}", _NODE_STAFF)
            if o.id in parents_of_nodes:
                for region in o.serves:
                    if region in k.regions and k.regions[region].kind == "country":
                        self._national_offices.setdefault(region, []).append(o.id)
        for c in k.contacts.values():
            weight = _REGIONAL if c.organisation in node_ids else _REGIONAL_OTHER
            for region in c.regions:
                self._serve(region, f"contact:{c.id}", weight)
        # "kontakter", "contacts": everyone who answers for a region, nodes and people alike.
        self._all["contact"] = self._index(key for entries in self._serving.values() for key in entries)
        self._people: dict[str, list[str]] = {}
        for e in k.enterprises.values():
            if e.people:
                self._people[f"enterprise:{e.id}"] = list(e.people)
        for org_id, staff in self._staff.items():
            self._people.setdefault(f"organisation:{org_id}", []).extend(staff)
        # The people of entries with a theme, for "who can I call about homework help?".
        self._theme_people: dict[str, tuple[_Index, dict[str, str]]] = {}
        for theme, kinds in self._by_theme.items():
            owners: dict[str, str] = {}  # contact key -> the entry they are a person of
            for kind in ("enterprise", "organisation"):
                index = kinds.get(kind)
                for key in index.ordered if index is not None else ():
                    for contact_id in self._people.get(key, ()):
                        owners.setdefault(f"contact:{contact_id}", key.partition(":")[2])
            if owners:
                self._theme_people[theme] = (self._index(owners), owners)
        # Events by the kind of event their names say ("Summit", "study trips"), also by stem.
        self._event_words: dict[str, list[str]] = {}
        for v in k.events.values():
            key = f"event:{v.id}"
            kinds = {word for word in self.parser.names.words_of(key) if word_role(word) == "event"}
            for form in {form for word in kinds for form in stems(word)}:
                self._event_words.setdefault(form, []).append(key)
        self._mentioned = self.parser.roles.mentions(k, self.parser.names)
        self._countries = self._entry_countries()
        self._served = frozenset(r.country for r in k.regions.values() if r.kind == "municipality")

    # ----- index building -----

    def _index(self, keys: Iterable[str]) -> _Index:
        return _Index(sorted(dict.fromkeys(keys), key=self._sort_name.__getitem__))

    def _places_in(self, *names: str) -> tuple[str, ...]:
        """The places a name says ("… Latvijā, Polijā un Krievijā"), Latvian case endings included."""
        found = (m for name in names for m in self.parser.gazetteer.find(tokenize(name), "lv") if m.strong)
        return tuple(dict.fromkeys(m.region for m in found))

    def _up(self, region_id: str) -> list[str]:
        """The region and every region above it."""
        chain: list[str] = []
        region = self.knowledge.regions.get(region_id)
        while region is not None and region.id not in chain:
            chain.append(region.id)
            region = self.knowledge.regions.get(region.parent) if region.parent else None
        return chain

    def _locate(self, table: dict[str, dict[str, list[str]]], key: str, kind: str, region_id: str) -> None:
        self._home[key] = region_id
        for region in self._up(region_id):
            table.setdefault(region, {}).setdefault(kind, []).append(key)

    @staticmethod
    def _tag(table: dict[str, dict[str, list[str]]], key: str, kind: str, themes: Iterable[str]) -> None:
        for theme in themes:
            table.setdefault(theme, {}).setdefault(kind, []).append(key)

    def _entry_countries(self) -> dict[str, frozenset[str]]:
        """Key -> the countries (ISO codes) an entry is located in, works in or serves. Without a place
        of its own an entry counts where what it is linked with is: a person their organisation (else
        the enterprises they are a person of), an enterprise its people and the bodies it worked with."""
        k = self.knowledge
        by_org = {o.id: (*((o.home,) if o.home else ()), *o.serves) for o in k.organisations.values()}
        found: dict[str, tuple[str, ...]] = {}
        for org_id, regions in by_org.items():
            found[f"organisation:{org_id}"] = regions
        for c in k.contacts.values():
            found[f"contact:{c.id}"] = tuple(c.regions) or by_org.get(c.organisation or "", ())
        for e in k.enterprises.values():
            own = (*((e.municipality,) if e.municipality else ()), *e.areas)
            linked = (
                *(r for p in e.people for r in found.get(f"contact:{p}", ())),
                *(r for o in e.organisations for r in by_org.get(o, ())),
            )
            found[f"enterprise:{e.id}"] = own or linked
        for e in k.enterprises.values():
            for person in e.people:
                key = f"contact:{person}"
                if not found.get(key):
                    found[key] = found[f"enterprise:{e.id}"]
        for v in k.events.values():
            organiser = by_org.get(v.organiser or "", ())
            found[f"event:{v.id}"] = (
                (v.place,) if v.place else (*self._named_places[f"event:{v.id}"], *organiser)
            )
        country = {region_id: region.country for region_id, region in k.regions.items()}
        shared: dict[tuple[str, ...], frozenset[str]] = {}  # thousands of firms share a municipality
        for regions in set(found.values()):
            shared[regions] = frozenset(country[r] for r in regions if r in country)
        return {key: shared[regions] for key, regions in found.items()}

    def _serve(self, region: str, key: str, weight: float) -> None:
        entries = self._serving.setdefault(region, {})
        entries[key] = max(entries.get(key, 0.0), weight)

    # ----- answering -----

    def answer(self, question: str, *, today: date, context: Context | None = None) -> Answer:
        """The answer to `question` as of `today`. `context`: the previous question in the same
        conversation, which a follow-up ("och i Umeå?") leans on."""
        reading = read(question)
        q = self.parser.parse(reading.question)
        notes: list[Note] = []
        if reading.pasted:
            q = completed(q, context_from(self.parser.parse(reading.context)), pasted=True)
        if context:
            before = q
            q = completed(q, context)
            if q is not before:
                notes.append(_note("follow_up", regions=",".join(q.region_ids), themes=",".join(q.theme_ids)))
        if q.truncated:
            notes.append(_note("question_truncated", limit=str(QUESTION_LIMIT)))
        if q.empty:
            notes.append(_note("question_empty"))
            return self._answer(q, (), notes)
        if q.intent == "help":
            return self._answer(q, (), notes)
        if q.intent == "smalltalk":
            notes.append(_note(q.chat or "greeting"))
            return self._answer(q, (), notes)
        if q.intent == "out_of_domain":
            notes.append(_note("out_of_domain"))
            return self._answer(replace(q, places=(), themes=()), (), notes)
        if q.person is not None:
            notes.append(_note("person_unknown", name=q.person))
            return self._answer(replace(q, places=(), themes=()), (), notes)
        ranked = len(notes)
        results = self._rank(q, today, notes)
        # A theme nobody in the knowledge base works with is said outright, with whom to ask instead.
        unserved = [theme for theme in q.theme_ids if theme not in self._by_theme]
        if not results and q.region_ids and q.theme_ids and not unserved:
            # "vides uzņēmumi Latvijā": the theme exists, but not there; say so, and show the place.
            del notes[ranked:]  # the second pass notes again what it finds about the place ("widened")
            for theme in q.theme_ids:
                notes.append(_note("theme_elsewhere", theme=theme, place=q.region_ids[0]))
            results = self._rank(replace(q, themes=()), today, notes)
        for theme in unserved:
            contact = None if results or theme != unserved[0] else self._national_contact(q)
            notes.append(_note("theme_unserved", theme=theme, **({"contact": contact} if contact else {})))
        if q.intent == "events" and (q.period or q.years) and not self._asks_particular_events(q):
            results = self._in_period(q, results, today, notes)
        if not results and not unserved and not any(n.code.startswith("no_") for n in notes):
            notes.append(_note("nothing_found"))
        return self._answer(q, results, notes)

    def _in_period(
        self, q: Question, results: tuple[Result, ...], today: date, notes: list[Note]
    ) -> tuple[Result, ...]:
        """Events in the period asked about ("kommande", "i december", "2027"), soonest first; never a
        past event as upcoming. When none is known, say so, and point at what there is: the upcoming
        ones (for a month without any), else only the latest past one."""
        wanted = {e.id for e in events_in(self.knowledge.events.values(), q.period, today, q.years)}
        kept = [r for r in results if r.kind == "event" and r.id in wanted]
        # "only past events", "widened" no longer describe the answer; how the question was read still does.
        notes[:] = [n for n in notes if n.code in ("follow_up", "question_truncated")]
        if kept:
            return tuple(kept)
        window = q.period.window(today, q.years)
        ahead = replace(q.period, months=(), year_offset=None, upcoming=True)
        upcoming = events_in(self.knowledge.events.values(), ahead, today)
        if window is not None and (q.period.months or q.period.year_offset is not None or q.years):
            args = {"start": window[0].isoformat(), "end": window[1].isoformat()}
            if upcoming:  # nothing then, but something ahead: show what is ahead
                notes.append(_note("no_events_in_period", **args, more="1"))
                return tuple(self._event_result(e.id, today) for e in upcoming)
            notes.append(_note("no_events_in_period", **args))
        elif upcoming:
            return ()
        # Nothing ahead at all: say so, and point at the latest past one the question came nearest.
        past = [self.knowledge.events[r.id] for r in results if r.kind == "event"]
        past = past or [e for e in self.knowledge.events.values() if e.status(today) == "past"]
        latest = max(past, key=lambda e: (e.end.day, e.id), default=None)
        notes.append(_note("no_upcoming_events", **({"latest": latest.id} if latest else {})))
        return (self._event_result(latest.id, today),) if latest is not None else ()

    def _asks_particular_events(self, q: Question) -> bool:
        """ "när är summiten?", "kommande utbildningar om äldreomsorg": events named, or of a kind or
        theme some events' names say, are answered with their dates; only a general question about
        what is coming up is cut to a period (a month, a season or a year always is)."""
        if any(m.key.startswith("event:") for m in q.names):
            return True
        if q.period.months or q.period.year_offset is not None or q.years:
            return False
        kinds = {form for t in q.tokens if q.roles.get(t.index) == "event" for form in stems(t.text)}
        return bool(q.themes) or any(self._event_words.get(form) for form in kinds)

    def _event_result(self, event_id: str, today: date) -> Result:
        event = self.knowledge.events[event_id]
        past = event.status(today) == "past"
        why = (_reason("event_past" if past else "event_upcoming", event=event_id),)
        return Result("event", event_id, event.name, 0.5, why, event.organiser)

    def _national_contact(self, q: Question) -> str | None:
        """The organisation that answers for the asker's one country (its places', else its language's):
        the national office, else the body serving the country."""
        countries = frozenset(self.knowledge.regions[r].country for r in q.region_ids)
        countries = countries or self._asker_countries(q)
        if len(countries) != 1:
            return None
        (code,) = countries
        country = self._country_ids.get(code)
        if country is None:
            return None
        offices = self._national_offices.get(country)
        if offices:
            return offices[0]
        for key in self._serving.get(country, {}):  # a body, or the employer of a person, serving it
            kind, _, entry_id = key.partition(":")
            org = entry_id if kind == "organisation" else self.knowledge.contacts[entry_id].organisation
            if org:
                return org
        return None

    def parse(self, question: str) -> Question:
        """The parsed question, for tools that show how a question was understood."""
        return self.parser.parse(question)

    def _answer(self, q: Question, results: Iterable[Result], notes: list[Note]) -> Answer:
        return Answer(
            question=q.text,
            language=q.language,
            intent=q.intent,
            regions=q.region_ids,
            themes=q.theme_ids,
            results=tuple(results),
            notes=tuple(notes),
            knowledge_version=self.knowledge.version,
        )

    def _rank(self, q: Question, today: date, notes: list[Note]) -> tuple[Result, ...]:
        board = _Board()
        intent = q.intent
        named = {m.key for m in q.names}
        for match in q.names:
            board.note(board.name, match.key, match.score, _reason("name", text=match.text))
            self._related(match.key, match.score, board)
        for match in q.roles_of_people:
            role = self.knowledge.contacts[match.contact].role.get(q.language)
            board.note(
                board.role, f"contact:{match.contact}", match.score, _reason("contact_role", role=role)
            )
        self._as_context(named, board)
        for region_id in q.region_ids:
            self._place(region_id, intent, board, notes, topical=bool(q.theme_ids))
        themes = q.theme_ids
        asks_person = q.has_role("contact") or q.has_role("contact_who")  # not a bare "homework help"
        for theme in themes:
            reason = _reason("theme", theme=theme)
            for index in self._by_theme.get(theme, {}).values():
                board.groups.append(_Group("theme", 1.0, index, lambda key, r=reason: r))
            if intent == "contact" and asks_person and theme in self._theme_people:
                people, owners = self._theme_people[theme]
                board.groups.append(
                    _Group(
                        "theme",
                        _THEME_PEOPLE,
                        people,
                        lambda key, o=owners: _reason("person_of", entry=o[key]),
                    )
                )
        for year in q.years:
            board.year.update(self._in_year.get(year, ()))
        constrained = bool(q.names or q.region_ids or themes or q.roles_of_people or q.years)
        listing = _LISTED_EXTRA if constrained else _LISTED
        # "sociala företag", "kontakter": everything of the kind asked for; not "vad är ett socialt
        # företag?", which asks what one is, not for a list.
        listable = not constrained and not q.unknown and not q.defines
        if intent == "events" and not any(key.startswith("event:") for key in named):
            board.groups.append(_Group("listed", listing, self._all["event"], lambda key: None))
            # "är summiten digital?": the kind of event asked for is in one's name.
            kinds = {form for t in q.tokens if q.roles.get(t.index) == "event" for form in stems(t.text)}
            called = self._index(key for form in kinds for key in self._event_words.get(form, ()))
            if called.ordered:
                board.groups.append(_Group("listed", _LISTED_KIND, called, lambda key: None))
        elif intent == "enterprises" and listable and q.has_role("enterprise"):
            board.groups.append(_Group("listed", listing, self._all["enterprise"], lambda key: None))
        elif intent == "contact" and listable and q.has_role("contact"):
            board.groups.append(_Group("listed", listing, self._all["contact"], lambda key: None))
        place_weight = max(
            (_PLACE_WEIGHT.get(self.knowledge.regions[r].kind, 1.0) for r in q.region_ids), default=0.0
        )
        weights = (
            _NAME_WEIGHT if q.names else 0.0,
            _ROLE_WEIGHT if q.roles_of_people else 0.0,
            place_weight,
            _THEME_WEIGHT if themes else 0.0,
            _YEAR_WEIGHT if q.years and intent == "events" else 0.0,
        )
        placed = frozenset(self.knowledge.regions[r].country for r in q.region_ids)
        scorer = _Scorer(self, board, weights, intent, len(themes), placed=placed)
        scored = [(scorer.score(key), key) for key in self._candidates(board)]
        scored = [(score, key) for score, key in scored if score >= MIN_SCORE]
        # Best first; among equals the entry sharing most words with the question, then one doing what was
        # asked for over one merely in the place, then the one nearest the asker, upcoming events before
        # past ones, then by name. Only the best few are ordered in full.
        best = heapq.nlargest(MAX_RESULTS * 3, scored, key=lambda item: item[0])
        words = {t.text for t in q.tokens}
        near = placed or self._asker_countries(q)
        themed = [g.index.keys for g in board.groups if g.component == "theme"]
        tiers = (
            _Tiers(self, board, bool(themes), intent)
            if q.region_ids
            and not q.names
            and not q.roles_of_people
            and intent in _TIERED
            and all(self.knowledge.regions[r].kind != "country" for r in q.region_ids)
            else None
        )
        best.sort(
            key=lambda item: (
                tiers.of(item[1]) if tiers is not None else 0,
                # Matching more of the question's themes beats a better score on fewer of them.
                -sum(1 for keys in themed if item[1] in keys) if len(themes) > 1 else 0,
                -item[0],
                -sum(1 for keys in themed if item[1] in keys),
                *self._order(item[1], words, near, today),
            )
        )
        results = tuple(self._result(key, score, board, scorer, today) for score, key in best[:MAX_RESULTS])
        if tiers is not None:  # what is not in or for the place says where it is
            results = tuple(self._say_where(r, board) for r in results)
        if intent == "events":
            events = [r for r in results if r.kind == "event"]
            if events and all(self.knowledge.events[r.id].status(today) == "past" for r in events):
                notes.append(_note("only_past_events"))
        return results

    def _candidates(self, board: _Board) -> set[str]:
        """Every entry that could make the answer: all of the small evidence, and from big groups
        only the first few (in tie-break order) of each combination of groups."""
        found = set(board.name) | set(board.related) | set(board.role) | set(board.place) | board.year
        large = []
        for group in board.groups:
            if len(group.index) > _LARGE and not group.index.ordered[0].startswith("event:"):
                large.append(group)
            else:
                found.update(group.index.ordered)
        small = frozenset(found)
        for size in range(1, len(large) + 1):
            for combination in combinations(large, size):
                inside = [g.index.keys for g in combination]
                outside = [g.index.keys for g in large if g not in combination]
                base = min(combination, key=lambda g: len(g.index)).index.ordered
                taken = 0
                for key in base:
                    if key in small or not all(key in keys for keys in inside):
                        continue
                    if any(key in keys for keys in outside):
                        continue
                    found.add(key)
                    taken += 1
                    if taken >= MAX_RESULTS:
                        break
        return found

    def _say_where(self, result: Result, board: _Board) -> Result:
        """A result from elsewhere, with where it is as its first reason ("i Örebro")."""
        placed = {"in_place", "in_county", "works_in", "local_contact", "regional_contact", "national_office"}
        if any(r.code in placed for r in result.why):
            return result
        home = self._home.get(f"{result.kind}:{result.id}")
        if home is None:
            return result
        return replace(result, why=(_reason("in_place", place=home), *result.why))

    def _asker_countries(self, q: Question) -> frozenset[str]:
        """Where the asker probably is when the question names no place: the country whose language
        they wrote in, else every country the gazetteer covers municipality by municipality."""
        home = _HOME_COUNTRY.get(q.language)
        return frozenset({home}) if home in self._served else self._served

    def _order(
        self, key: str, words: set[str], near: frozenset[str], today: date
    ) -> tuple[int, int, int, int, str]:
        shared = -len(words & self.parser.names.words_of(key))
        countries = self._countries.get(key, frozenset())
        distance = 0 if countries & near else 1 if not countries or countries & self._served else 2
        if key.startswith("event:"):
            event = self.knowledge.events[key.partition(":")[2]]
            past = event.status(today) == "past"
            ordinal = event.start.day.toordinal()
            return (shared, distance, 1 if past else 0, -ordinal if past else ordinal, self._sort_name[key])
        return (shared, distance, 0, 0, self._sort_name[key])

    def _result(self, key: str, score: float, board: _Board, scorer: _Scorer, today: date) -> Result:
        kind, _, entry_id = key.partition(":")
        reasons = list(board.reasons.get(key, ()))
        for group in board.groups:
            if key in group.index.keys:
                reason = group.reason(key)
                if reason is not None and reason not in reasons:
                    reasons.append(reason)
        entry = self._tables[kind][entry_id]
        if kind == "event":
            past = entry.status(today) == "past"
            reasons.append(_reason("event_past" if past else "event_upcoming", event=entry_id))
        organisation = (
            entry.organisation if kind == "contact" else entry.organiser if kind == "event" else None
        )
        return Result(
            kind=kind,  # type: ignore[arg-type]
            id=entry_id,
            name=entry.name,
            score=score,
            why=tuple(reasons),
            organisation=organisation,
        )

    def _related(self, key: str, score: float, board: _Board) -> None:
        """What a named entry brings with it: the people of an enterprise or organisation (and people
        whose role names it), the enterprises an organisation worked with and the events it organised,
        an event's organiser."""
        kind, _, entry_id = key.partition(":")
        for contact_id in self._mentioned.get(key, ()):
            board.note(
                board.related, f"contact:{contact_id}", score * 0.9, _reason("person_of", entry=entry_id)
            )
        for contact_id in self._people.get(key, ()):
            reason = (
                _reason("works_at", organisation=entry_id)
                if kind == "organisation"
                else _reason("person_of", entry=entry_id)
            )
            board.note(board.related, f"contact:{contact_id}", score, reason)
        if kind == "organisation":
            for linked in self._linked.get(entry_id, ()):
                board.note(board.related, linked, score * 0.9, _reason("linked", organisation=entry_id))
            for event_key in self._organises.get(entry_id, ()):
                board.note(
                    board.related, event_key, score * 0.9, _reason("organised_by", organisation=entry_id)
                )
        if kind == "event":
            event = self.knowledge.events[entry_id]
            if event.organiser:
                board.note(
                    board.related,
                    f"organisation:{event.organiser}",
                    score * 0.8,
                    _reason("organiser", event=event.id),
                )

    def _as_context(self, named: set[str], board: _Board) -> None:
        """ "Ingela MSI", "CEO of SE Forum": an organisation named next to one of its people (or a
        person described by role) is context, and the person is the answer."""
        for key in named:
            if not key.startswith("organisation:"):
                continue
            org_id = key.partition(":")[2]
            people = list(self._staff.get(org_id, ()))
            for child in self._children.get(org_id, ()):
                people.extend(self._staff.get(child, ()))
            if any(f"contact:{p}" in named or f"contact:{p}" in board.role for p in people):
                board.name[key] *= _CONTEXT

    def _place(
        self, region_id: str, intent: Intent, board: _Board, notes: list[Note], *, topical: bool
    ) -> None:
        """What the place brings: entries located or working there, and who to call for it. `topical`:
        the question also asks for a theme, so its county's enterprises half meet the place."""
        k = self.knowledge
        home = self._home
        for kind, index in self._located.get(region_id, {}).items():
            value = _LOCATED_FOR_CONTACT if intent == "contact" and kind == "organisation" else _IN_PLACE
            board.groups.append(
                _Group("place", value, index, lambda key: _reason("in_place", place=home[key]))
            )
        works = self._works_in.get(region_id)
        if works is not None:
            reason = _reason("works_in", place=region_id)
            board.groups.append(_Group("place", _WORKS_IN, works, lambda key, r=reason: r))
        named = self._named_in.get(region_id)
        if named is not None:
            reason = _reason("in_place", place=region_id)
            board.groups.append(_Group("place", _WORKS_IN, named, lambda key, r=reason: r))
        organised = self._organised_in.get(region_id)
        if organised is not None:
            board.groups.append(
                _Group(
                    "place",
                    _ORGANISER_IN,
                    organised,
                    lambda key: _reason(
                        "organised_by", organisation=k.events[key.partition(":")[2]].organiser or ""
                    ),
                )
            )
        region = k.regions[region_id]
        county = self._county.get(region_id)
        has_enterprise = "enterprise" in self._located.get(region_id, {}) or works is not None
        if region.kind == "municipality" and intent == "enterprises" and not has_enterprise and county:
            wide = self._located.get(county, {}).get("enterprise")
            if wide is not None:
                reason = _reason("in_county", place=region_id, county=county)
                board.groups.append(_Group("place", _IN_COUNTY, wide, lambda key, r=reason: r))
            notes.append(_note("widened", place=region_id, county=county))
        elif region.kind == "municipality" and topical and county:
            # "fastigheter i Örebro": a firm doing it next door in the county beats one in town doing
            # something else, and a firm in town doing it beats both.
            near = self._located.get(county, {}).get("enterprise")
            if near is not None:
                board.groups.append(
                    _Group("place", _IN_COUNTY, near, lambda key: _reason("in_place", place=home[key]))
                )
        # Who to call: a body serving the place itself, and whoever serves its county (a regional
        # node), else the national office, else whoever serves the country.
        if region.kind == "municipality":
            for key, weight in self._serving.get(region_id, {}).items():
                board.note(
                    board.place, key, weight * _REGIONAL_OTHER, _reason("local_contact", place=region_id)
                )
        area = county if county else (region_id if region.kind != "country" else None)
        if area and self._serving.get(area):
            for key, weight in self._serving[area].items():
                board.note(board.place, key, weight, _reason("regional_contact", place=area))
            return
        country = self._country.get(region_id)
        if country is None:
            return
        if self._national_offices.get(country):
            place = area or region_id
            for office in self._national_offices[country]:
                for key in [f"organisation:{office}", *(f"contact:{c}" for c in self._staff.get(office, ()))]:
                    board.note(board.place, key, _NATIONAL, _reason("national_office", place=place))
            return
        for key, weight in self._serving.get(country, {}).items():
            if not key.startswith("contact:"):
                continue
            board.note(board.place, key, _NATIONAL * weight, _reason("regional_contact", place=country))
            org = k.contacts[key.partition(":")[2]].organisation
            if org:
                board.note(
                    board.place,
                    f"organisation:{org}",
                    _NATIONAL * weight * 0.95,
                    _reason("regional_contact", place=country),
                )


_TIERED: frozenset[str] = frozenset({"enterprises", "contact"})


class _Tiers:
    """Where an entry stands from the asker's place, which decides before the score: 0 in the place
    itself (doing what was asked, when a theme was; a body helping there), 1 the county's or planning
    region's (its node and contacts, its entries doing what was asked, and entries doing it whose place
    no source gives), 2 the national office (then bodies that merely serve the place), 3 the rest, from
    elsewhere. For a contact question only people and bodies stand in the place."""

    def __init__(self, matcher: Matcher, board: _Board, themed: bool, intent: Intent) -> None:
        self._board = board
        self._home = matcher._home
        self._organisations = matcher.knowledge.organisations
        self._contact = intent == "contact"
        self._kinds = (
            ("contact", "organisation") if self._contact else ("enterprise", "organisation", "contact")
        )
        self._themes = [g.index.keys for g in board.groups if g.component == "theme"] if themed else None
        places = [g for g in board.groups if g.component == "place"]
        self._local = [g.index.keys for g in places if g.value > _IN_COUNTY]
        self._county = [g.index.keys for g in places if g.value <= _IN_COUNTY]
        self._placed = [g.index.keys for g in places]

    def of(self, key: str) -> float:
        kind, _, entry_id = key.partition(":")
        codes = {r.code for r in self._board.reasons.get(key, ())}
        if kind not in self._kinds:  # "sociala företag i Stockholm": an event there is not one
            return 3
        if "local_contact" in codes:
            helping = kind != "organisation" or self._organisations[entry_id].kind in _HELPING_KINDS
            return 0 if helping else 2.5
        if "regional_contact" in codes:  # the node for the county, even when it sits in the place
            return 1
        themed = self._themes is None or any(key in keys for keys in self._themes)
        if themed and any(key in keys for keys in self._local):
            helping = kind != "organisation" or self._organisations[entry_id].kind in _HELPING_KINDS
            return 0 if helping or not self._contact else 2.5
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


class _Scorer:
    """One question's scoring rule, applied to any entry key."""

    def __init__(
        self,
        matcher: Matcher,
        board: _Board,
        weights: tuple[float, ...],
        intent: Intent,
        themes: int,
        *,
        placed: frozenset[str],
    ) -> None:
        """`placed`: the countries of the places the question names (none: no place asked about)."""
        self._board = board
        self._placed = placed
        self._countries = matcher._countries
        self._weights = weights
        self._total = sum(weights)
        self._fit = _KIND_FIT.get(intent, _KIND_FIT["about"])
        self._related_fit = _RELATED_FIT.get(intent, 0.6)
        self._themes = themes
        self._organisations = matcher.knowledge.organisations
        self._place_groups = [g for g in board.groups if g.component == "place"]
        self._theme_groups = [g for g in board.groups if g.component == "theme"]
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
        theme = (_THEME_ANY + (1 - _THEME_ANY) * len(values) / self._themes) * max(values) if values else 0.0
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
        if kind == "organisation" and self._organisations[entry_id].kind not in _HELPING_KINDS:
            factor *= _OTHER_KIND
        if self._placed and not place and not name and not b.role.get(key):
            # "sociālie uzņēmumi Rīgā bērniem": a Swedish enterprise for children answers only half of it.
            countries = self._countries.get(key)
            if countries and not countries & self._placed:
                factor *= _ELSEWHERE
        return round(min(1.0, max(weighted, listed) * factor), 4)
