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

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType

from bot.answers import Answer, Intent, Note, Reason, Result, ResultKind
from bot.model import Knowledge
from bot.phrases import event_status
from bot.question import QUESTION_LIMIT, Question, QuestionParser

MIN_SCORE = 0.3  # below this a result is noise
MAX_RESULTS = 20

_NAME_WEIGHT = 2.0  # a name the user typed says more than anything else
_ROLE_WEIGHT = 1.0
_THEME_WEIGHT = 1.0
_YEAR_WEIGHT = 1.0
_THEME_ANY = 0.7
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
# Related results (the people of a named enterprise, what a named organisation runs), per intent.
_RELATED_FIT: Mapping[Intent, float] = {"contact": 0.9, "enterprises": 0.75, "events": 0.8, "about": 0.6}


@dataclass(slots=True)
class _Candidate:
    kind: ResultKind
    id: str
    name: float = 0.0
    related: float = 0.0
    role: float = 0.0
    place: float = 0.0
    theme: float = 0.0
    year: float = 0.0
    listed: float = 0.0
    reasons: list[Reason] = field(default_factory=list)

    def add(self, reason: Reason) -> None:
        if reason not in self.reasons:
            self.reasons.append(reason)


_Get = Callable[[str], _Candidate]


def _reason(code: str, **args: str) -> Reason:
    return Reason(code, MappingProxyType(dict(args)))  # type: ignore[arg-type]


def _note(code: str, **args: str) -> Note:
    return Note(code, MappingProxyType(dict(args)))  # type: ignore[arg-type]


class Matcher:
    """Answers questions about one knowledge snapshot."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self.parser = QuestionParser(knowledge)
        k = knowledge
        self._county: dict[str, str | None] = {}
        self._country: dict[str, str | None] = {}
        for region_id in k.regions:
            county = k.county_of(region_id)
            self._county[region_id] = county.id if county else None
            self._country[region_id] = self._country_of(region_id)
        # region id -> (key, where exactly) for entries located there or anywhere below
        self._located: dict[str, list[tuple[str, str]]] = {}
        self._works_in: dict[str, list[str]] = {}
        self._organised_in: dict[str, list[tuple[str, str]]] = {}
        self._by_theme: dict[str, list[str]] = {}
        self._linked: dict[str, list[str]] = {}  # organisation id -> enterprise keys linked with it
        self._organises: dict[str, list[str]] = {}  # organisation id -> event keys
        for e in k.enterprises.values():
            key = f"enterprise:{e.id}"
            if e.municipality:
                self._locate(self._located, key, e.municipality)
            for area in e.areas:
                for region in self._up(area):
                    self._works_in.setdefault(region, []).append(key)
            self._tag(key, e.themes)
            for org in e.organisations:
                self._linked.setdefault(org, []).append(key)
        for o in k.organisations.values():
            key = f"organisation:{o.id}"
            if o.home:
                self._locate(self._located, key, o.home)
            self._tag(key, o.themes)
        for v in k.events.values():
            key = f"event:{v.id}"
            if v.place:
                self._locate(self._located, key, v.place)
            elif not v.digital and v.organiser and k.organisations[v.organiser].home:
                self._locate(self._organised_in, key, k.organisations[v.organiser].home or "")
            if v.organiser:
                self._organises.setdefault(v.organiser, []).append(key)
            self._tag(key, v.themes)
        # Who serves a region, best first: nodes and their people, then other bodies and people.
        self._serving: dict[str, dict[str, float]] = {}
        self._staff: dict[str, list[str]] = {}
        for c in k.contacts.values():
            if c.organisation:
                self._staff.setdefault(c.organisation, []).append(c.id)
        node_ids = {o.id for o in k.organisations.values() if o.kind == "node"}
        self._national_offices: dict[str, list[str]] = {}
        for o in k.organisations.values():
            for region in o.serves:
                self._serve(
                    region, f"organisation:{o.id}", _REGIONAL if o.id in node_ids else _REGIONAL_OTHER
                )
                if o.id in node_ids:
                    for contact_id in self._staff.get(o.id, ()):
                        self._serve(region, f"contact:{contact_id}", _NODE_STAFF)
            if any(k.organisations[n].parent == o.id for n in node_ids):
                for region in o.serves:
                    if region in k.regions and k.regions[region].kind == "country":
                        self._national_offices.setdefault(region, []).append(o.id)
        for c in k.contacts.values():
            weight = _REGIONAL if c.organisation in node_ids else _REGIONAL_OTHER
            for region in c.regions:
                self._serve(region, f"contact:{c.id}", weight)
        self._people: dict[str, list[str]] = {}
        for e in k.enterprises.values():
            if e.people:
                self._people[f"enterprise:{e.id}"] = list(e.people)
        for org_id, staff in self._staff.items():
            self._people.setdefault(f"organisation:{org_id}", []).extend(staff)
        self._mentioned = self.parser.roles.mentions(k, self.parser.names)
        self._event_keys = tuple(f"event:{v.id}" for v in k.events.values())
        self._enterprise_keys = tuple(f"enterprise:{e.id}" for e in k.enterprises.values())
        self._tables: Mapping[str, Mapping[str, object]] = {
            "enterprise": k.enterprises,
            "organisation": k.organisations,
            "contact": k.contacts,
            "event": k.events,
        }

    # ----- index building -----

    def _country_of(self, region_id: str) -> str | None:
        region = self.knowledge.regions.get(region_id)
        while region is not None and region.kind != "country":
            region = self.knowledge.regions.get(region.parent) if region.parent else None
        return region.id if region is not None else None

    def _up(self, region_id: str) -> list[str]:
        """The region and every region above it."""
        chain: list[str] = []
        region = self.knowledge.regions.get(region_id)
        while region is not None and region.id not in chain:
            chain.append(region.id)
            region = self.knowledge.regions.get(region.parent) if region.parent else None
        return chain

    def _locate(self, table: dict[str, list[tuple[str, str]]], key: str, region_id: str) -> None:
        for region in self._up(region_id):
            table.setdefault(region, []).append((key, region_id))

    def _tag(self, key: str, themes: Iterable[str]) -> None:
        for theme in themes:
            self._by_theme.setdefault(theme, []).append(key)

    def _serve(self, region: str, key: str, weight: float) -> None:
        entries = self._serving.setdefault(region, {})
        entries[key] = max(entries.get(key, 0.0), weight)

    # ----- answering -----

    def answer(self, question: str, *, today: date) -> Answer:
        q = self.parser.parse(question)
        notes: list[Note] = []
        if q.truncated:
            notes.append(_note("question_truncated", limit=str(QUESTION_LIMIT)))
        if q.empty:
            notes.append(_note("question_empty"))
            return self._answer(q, (), notes)
        if q.intent == "help":
            return self._answer(q, (), notes)
        if q.intent == "out_of_domain":
            notes.append(_note("out_of_domain"))
            return self._answer(replace(q, places=(), themes=()), (), notes)
        results = self._rank(q, today, notes)
        if not results:
            notes.append(_note("nothing_found"))
        return self._answer(q, results, notes)

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
        cands: dict[str, _Candidate] = {}

        def cand(key: str) -> _Candidate:
            found = cands.get(key)
            if found is None:
                kind, _, entry_id = key.partition(":")
                found = cands[key] = _Candidate(kind, entry_id)  # type: ignore[arg-type]
            return found

        intent = q.intent
        named = {m.key for m in q.names}
        for match in q.names:
            c = cand(match.key)
            c.name = max(c.name, match.score)
            c.add(_reason("name", text=match.text))
            self._related(match.key, match.score, cand)
        for match in q.roles_of_people:
            c = cand(f"contact:{match.contact}")
            c.role = max(c.role, match.score)
            role = self.knowledge.contacts[match.contact].role.get(q.language)
            c.add(_reason("contact_role", role=role))
        self._as_context(named, cands)
        place_weight = max(
            (_PLACE_WEIGHT.get(self.knowledge.regions[r].kind, 1.0) for r in q.region_ids), default=0
        )
        for region_id in q.region_ids:
            self._place(region_id, intent, cand, notes)
        themes = q.theme_ids
        for theme in themes:
            for key in self._by_theme.get(theme, ()):
                c = cand(key)
                c.theme += 1.0
                c.add(_reason("theme", theme=theme))
        if q.years:
            for key in self._event_keys:
                event = self.knowledge.events[key.partition(":")[2]]
                if any(event.start.day.year <= y <= event.end.day.year for y in q.years):
                    cand(key).year = 1.0
        constrained = bool(q.names or q.region_ids or themes or q.roles_of_people or q.years)
        listing = _LISTED_EXTRA if constrained else _LISTED
        if intent == "events" and not any(key.startswith("event:") for key in named):
            for key in self._event_keys:
                cand(key).listed = listing
        elif intent == "enterprises" and not constrained and not q.unknown and q.has_role("enterprise"):
            for key in self._enterprise_keys:
                cand(key).listed = listing
        weights = (
            _NAME_WEIGHT if q.names else 0.0,
            _ROLE_WEIGHT if q.roles_of_people else 0.0,
            place_weight,
            _THEME_WEIGHT if themes else 0.0,
            _YEAR_WEIGHT if q.years and intent == "events" else 0.0,
        )
        total = sum(weights)
        fit = _KIND_FIT.get(intent, _KIND_FIT["about"])
        related_fit = _RELATED_FIT.get(intent, 0.6)
        overlap = self.parser.names.overlap(q.tokens)
        scored: list[tuple[float, tuple[int, int, int, str], _Candidate]] = []
        for c in cands.values():
            name = max(c.name, c.related * related_fit)
            # One theme of several counts most of the way: the others often describe the asker.
            theme = _THEME_ANY + (1 - _THEME_ANY) * c.theme / len(themes) if c.theme else 0.0
            parts = (name, c.role, c.place, theme, c.year)
            weighted = sum(w * v for w, v in zip(weights, parts, strict=True)) / total if total else 0.0
            raw = max(weighted, c.listed)
            score = round(min(1.0, raw * fit.get(c.kind, 0.6) * self._kind_factor(c)), 4)
            if score < MIN_SCORE:
                continue
            shared = -overlap.get(f"{c.kind}:{c.id}", 0)
            order = (shared, 0, 0, "")
            if c.kind == "event":
                event = self.knowledge.events[c.id]
                past = event_status(event, today) == "past"
                c.add(_reason("event_past" if past else "event_upcoming", event=c.id))
                ordinal = event.start.day.toordinal()
                order = (shared, 1 if past else 0, -ordinal if past else ordinal, c.id)
            scored.append((score, order, c))
        scored.sort(key=lambda item: (-item[0], item[1], self._name_of(item[2]).casefold()))
        results = tuple(
            Result(
                kind=c.kind,
                id=c.id,
                name=self._name_of(c),
                score=score,
                why=tuple(c.reasons),
                organisation=self._organisation_of(c),
            )
            for score, _, c in scored[:MAX_RESULTS]
        )
        if intent == "events":
            events = [r for r in results if r.kind == "event"]
            if events and all(event_status(self.knowledge.events[r.id], today) == "past" for r in events):
                notes.append(_note("only_past_events"))
        return results

    def _kind_factor(self, c: _Candidate) -> float:
        if c.kind != "organisation":
            return 1.0
        return 1.0 if self.knowledge.organisations[c.id].kind in _HELPING_KINDS else _OTHER_KIND

    def _related(self, key: str, score: float, cand: _Get) -> None:
        """What a named entry brings with it: the people of an enterprise or organisation, the
        enterprises an organisation worked with and the events it organised, an event's organiser."""
        kind, _, entry_id = key.partition(":")
        for contact_id in self._mentioned.get(key, ()):
            c = cand(f"contact:{contact_id}")
            c.related = max(c.related, score * 0.9)
            c.add(_reason("person_of", entry=entry_id))
        for contact_id in self._people.get(key, ()):
            c = cand(f"contact:{contact_id}")
            c.related = max(c.related, score)
            if kind == "organisation":
                c.add(_reason("works_at", organisation=entry_id))
            else:
                c.add(_reason("person_of", entry=entry_id))
        if kind == "organisation":
            for linked in self._linked.get(entry_id, ()):
                c = cand(linked)
                c.related = max(c.related, score * 0.9)
                c.add(_reason("linked", organisation=entry_id))
            for event_key in self._organises.get(entry_id, ()):
                c = cand(event_key)
                c.related = max(c.related, score * 0.9)
                c.add(_reason("organised_by", organisation=entry_id))
        if kind == "event":
            event = self.knowledge.events[entry_id]
            if event.organiser:
                c = cand(f"organisation:{event.organiser}")
                c.related = max(c.related, score * 0.8)
                c.add(_reason("organiser", event=event.id))

    def _as_context(self, named: set[str], cands: Mapping[str, _Candidate]) -> None:
        """ "Ingela MSI", "CEO of SE Forum": an organisation named next to one of its people (or a
        person described by role) is context, and the person is the answer."""
        for key in named:
            if not key.startswith("organisation:"):
                continue
            org_id = key.partition(":")[2]
            people = self._staff.get(org_id, ())
            for node in self.knowledge.organisations.values():
                if node.parent == org_id:
                    people = (*people, *self._staff.get(node.id, ()))
            if any(
                (f"contact:{p}" in named) or cands.get(f"contact:{p}", _Candidate("contact", p)).role > 0
                for p in people
            ):
                cands[key].name *= _CONTEXT

    def _place(self, region_id: str, intent: Intent, cand: _Get, notes: list[Note]) -> None:
        k = self.knowledge
        located = self._located.get(region_id, [])
        for key, home in located:
            c = cand(key)
            value = _LOCATED_FOR_CONTACT if intent == "contact" and c.kind == "organisation" else _IN_PLACE
            c.place = max(c.place, value)
            c.add(_reason("in_place", place=home))
        for key in self._works_in.get(region_id, ()):
            c = cand(key)
            c.place = max(c.place, _WORKS_IN)
            c.add(_reason("works_in", place=region_id))
        for key, _home in self._organised_in.get(region_id, ()):
            c = cand(key)
            c.place = max(c.place, _ORGANISER_IN)
            organiser = k.events[key.partition(":")[2]].organiser or ""
            c.add(_reason("organised_by", organisation=organiser))
        region = k.regions[region_id]
        county = self._county.get(region_id)
        has_enterprise = any(key.startswith("enterprise:") for key, _ in located) or any(
            key.startswith("enterprise:") for key in self._works_in.get(region_id, ())
        )
        if region.kind == "municipality" and intent == "enterprises" and not has_enterprise and county:
            for key, _home in self._located.get(county, []):
                if key.startswith("enterprise:"):
                    c = cand(key)
                    c.place = max(c.place, _IN_COUNTY)
                    c.add(_reason("in_county", place=region_id, county=county))
            notes.append(_note("widened", place=region_id, county=county))
        # Who to call: a body serving the place itself, and whoever serves its county (a regional
        # node), else the national office, else whoever serves the country.
        if region.kind == "municipality":
            for key, weight in self._serving.get(region_id, {}).items():
                c = cand(key)
                c.place = max(c.place, weight * _REGIONAL_OTHER)
                c.add(_reason("regional_contact", place=region_id))
        area = county if county else (region_id if region.kind != "country" else None)
        if area and self._serving.get(area):
            for key, weight in self._serving[area].items():
                c = cand(key)
                c.place = max(c.place, weight)
                c.add(_reason("regional_contact", place=area))
            return
        country = self._country.get(region_id)
        if country is None:
            return
        if self._national_offices.get(country):
            self._national(area or region_id, country, cand)
            return
        for key, weight in self._serving.get(country, {}).items():
            if not key.startswith("contact:"):
                continue
            c = cand(key)
            c.place = max(c.place, _NATIONAL * weight)
            c.add(_reason("regional_contact", place=country))
            org = k.contacts[key.partition(":")[2]].organisation
            if org:
                o = cand(f"organisation:{org}")
                o.place = max(o.place, _NATIONAL * weight * 0.95)
                o.add(_reason("regional_contact", place=country))

    def _national(self, place: str, country: str, cand: _Get) -> None:
        """The national office(s) and their staff; `place` is what has no node of its own."""
        for office in self._national_offices.get(country, ()):
            for key in [f"organisation:{office}", *(f"contact:{c}" for c in self._staff.get(office, ()))]:
                c = cand(key)
                c.place = max(c.place, _NATIONAL)
                c.add(_reason("national_office", place=place))

    def _entry(self, c: _Candidate):  # type: ignore[no-untyped-def]
        return self._tables[c.kind][c.id]

    def _name_of(self, c: _Candidate) -> str:
        return self._entry(c).name

    def _organisation_of(self, c: _Candidate) -> str | None:
        entry = self._entry(c)
        if c.kind == "contact":
            return entry.organisation
        if c.kind == "event":
            return entry.organiser
        return None
