"""The indexes a `Matcher` answers from, built once per knowledge snapshot.

Answering costs look-ups, not a scan of the knowledge base: entries by the region they are located
in (and every region above it), by where they work, by theme; who serves a region (nodes and their
people first); the people of each entry; events by year and by the kind of event their names say.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from bot.knowledge.gc_pause import paused_gc
from bot.knowledge.model import Knowledge
from bot.matching.ranking import NODE_STAFF, REGIONAL, REGIONAL_OTHER, Index
from bot.understanding.question import QuestionParser, word_role
from bot.understanding.relations import RelationIndex
from bot.understanding.text import stems, tokenize


class Indexes:
    """Every index over one knowledge snapshot, built once: the maps from regions, themes and
    organisations to entries, who serves which region, and the question parser's own indexes."""

    @paused_gc()  # hundreds of thousands of index entries, no reference cycles (see bot.knowledge.gc_pause)
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
                weight = REGIONAL if o.id in node_ids else REGIONAL_OTHER
                self._serve(region, f"organisation:{o.id}", weight)
                if o.id in node_ids:
                    for contact_id in self._staff.get(o.id, ()):
                        self._serve(region, f"contact:{contact_id}", NODE_STAFF)
            if o.id in parents_of_nodes:
                for region in o.serves:
                    if region in k.regions and k.regions[region].kind == "country":
                        self._national_offices.setdefault(region, []).append(o.id)
        for c in k.contacts.values():
            weight = REGIONAL if c.organisation in node_ids else REGIONAL_OTHER
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
        self._theme_people: dict[str, tuple[Index, dict[str, str]]] = {}
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
        self.relations = RelationIndex(k)
        self._served = frozenset(r.country for r in k.regions.values() if r.kind == "municipality")

    # ----- index building -----

    def _index(self, keys: Iterable[str]) -> Index:
        return Index(sorted(dict.fromkeys(keys), key=self._sort_name.__getitem__))

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
