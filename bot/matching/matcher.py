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
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from itertools import combinations

from bot.matching.conversation import Context
from bot.matching.events import asks_particular_events, in_period
from bot.matching.evidence import as_context, by_description, place, related
from bot.matching.extras import funders, guide_results, named_guides, pointed_to, related_results
from bot.matching.follow_up import completed, context_from, referred
from bot.matching.index import Indexes
from bot.matching.place_choice import settle
from bot.matching.ranking import (
    HOME_COUNTRY,
    LARGE,
    LISTED,
    LISTED_EXTRA,
    LISTED_KIND,
    MAX_RESULTS,
    MIN_SCORE,
    NAME_WEIGHT,
    PLACE_WEIGHT,
    ROLE_WEIGHT,
    THEME_PEOPLE,
    THEME_WEIGHT,
    TIERED,
    YEAR_WEIGHT,
    Board,
    Group,
    Scorer,
    Tiers,
    note_code,
    why_code,
)
from bot.understanding.answers import Answer, Intent, Note, Result
from bot.understanding.guides import asks_how
from bot.understanding.intents import about_the_domain
from bot.understanding.parsed import Question
from bot.understanding.question import QUESTION_LIMIT
from bot.understanding.question_words import HOW_MUCH, PAST_TENSE, PERSON_WORDS
from bot.understanding.reading import read
from bot.understanding.slack_text import link_words
from bot.understanding.text import stems


def _names_the_domain(q: Question) -> bool:
    """Text that says it is about social enterprises: their words and the domain's, or a theme beside
    one of them."""
    roles = set(q.roles.values())
    return "enterprise" in roles and ("domain" in roles or bool(q.themes))


class Matcher(Indexes):
    """Answers questions about one knowledge snapshot."""

    def answer(self, question: str, *, today: date, context: Context | None = None) -> Answer:
        """The answer to `question` as of `today`. `context`: the previous question in the same
        conversation, which a follow-up ("och i Umeå?") leans on."""
        reading = read(question)
        q = self.parser.parse(reading.question, quiet=link_words(question))
        notes: list[Note] = []
        if reading.pasted:
            around = self.parser.parse(reading.context)
            if not q.in_domain and q.chat is None and _names_the_domain(around):
                # "vai ir kāda šāda vieta Ogrē?" at the end of an e-mail about a social café
                q = about_the_domain(q)
            q = completed(q, context_from(around), pasted=True)
        q, asked = settle(q, self.knowledge, context)  # "Håbo" or "Habo": by context, else ask
        notes.extend(asked)
        if context:
            before = q
            q = completed(referred(q, context, self.knowledge, self._people), context)
            if q is not before and (q.region_ids or q.theme_ids):
                notes.append(
                    note_code("follow_up", regions=",".join(q.region_ids), themes=",".join(q.theme_ids))
                )
        if q.truncated:
            notes.append(note_code("question_truncated", limit=str(QUESTION_LIMIT)))
        if q.empty:
            notes.append(note_code("question_empty"))
            return self._answer(q, (), notes)
        if q.intent == "help":
            return self._answer(q, (), notes)
        if q.intent == "smalltalk":
            notes.append(note_code(q.chat or "greeting"))
            return self._answer(q, (), notes)
        if q.intent == "out_of_domain":
            notes.append(note_code("out_of_domain"))
            return self._answer(replace(q, places=(), themes=()), (), notes)
        if q.person is not None:
            notes.append(note_code("person_unknown", name=q.person))
            return self._answer(replace(q, places=(), themes=()), (), notes)
        first = self._first(q)
        if first:  # a how-to or relation question: guides and related entries, then the usual ranking
            return self._answer(*self._with_first(q, first, today, notes), notes)
        ranked = len(notes)
        results = self._rank(q, today, notes)
        # A theme nobody in the knowledge base works with is said outright, with whom to ask instead.
        unserved = [theme for theme in q.theme_ids if theme not in self._by_theme]
        if not results and q.region_ids and q.theme_ids and not unserved:
            # "vides uzņēmumi Latvijā": the theme exists, but not there; say so, and show the place.
            del notes[ranked:]  # the second pass notes again what it finds about the place ("widened")
            for theme in q.theme_ids:
                notes.append(note_code("theme_elsewhere", theme=theme, place=q.region_ids[0]))
            results = self._rank(replace(q, themes=()), today, notes)
        for theme in unserved:
            contact = None if results or theme != unserved[0] else self._national_contact(q)
            notes.append(
                note_code("theme_unserved", theme=theme, **({"contact": contact} if contact else {}))
            )
        # "summit 2027?", "när är nästa summit?": a named event asked for in a period
        dated = (q.years or q.period.upcoming) and any(m.key.startswith("event:") for m in q.names)
        if (q.intent == "events" or dated) and (q.period or q.years) and not asks_particular_events(self, q):
            results = in_period(self, q, results, today, notes)
        if not results and not unserved and not any(n.code.startswith("no_") for n in notes):
            notes.append(note_code("nothing_found"))
        return self._answer(q, results, notes)

    def _first(self, q: Question) -> tuple[Intent, list[Result]] | None:
        """What a how-to or relation question puts first, and the intent it answers."""
        # "who's the person at ALTUM for grants?" asks for its people, not for its funders.
        person = q.has_role("contact") or any(t.text in PERSON_WORDS for t in q.tokens)
        funding = (
            q.relation is not None
            and q.relation.relation == "funds"
            and not q.has_role("contact_who")
            and not person
            # not "Nordic Council of Ministers funding", but "ALTUM … cik lielu grantu var dabūt?"
            and (
                not any(m.exact for m in q.names)
                or asks_how(q.tokens)
                or any(t.text in HOW_MUCH for t in q.tokens)
            )
        )
        guides = guide_results(q)
        if funding and guides and self.knowledge.guides[guides[0].id].topic == "funding":
            # "cik lielu grantu var dabūt?", "what grants can we apply for?": how, then who.
            found = related_results(self, q) or funders(self, self._countries_of(q))
            return "howto", guides[:2] + found
        related = related_results(self, q) if not person else []
        if related:
            return "relation", related
        if q.relation is not None and q.relation.relation == "funds" and not q.names:
            # "who funds social enterprises in Sweden?": the funders there, then the funding guide.
            found = funders(self, self._countries_of(q))
            if found:
                return "relation", found + guides[:2]
        asks_events = q.has_role("event") and (q.period or q.has_role("event_cue"))
        if q.howto and not asks_events:  # "seminars on social entrepreneurship this month?" asks for events
            return "howto", guides + pointed_to(self, guides)
        return None

    def _with_first(
        self, q: Question, first: tuple[Intent, list[Result]], today: date, notes: list[Note]
    ) -> tuple[Question, list[Result]]:
        """The first results, then what the ordinary ranking adds: the place's contacts for a how-to
        question that names a place, the named entry itself for a relation question."""
        intent, results = first
        rest: tuple[Result, ...] = ()
        if intent == "relation" and q.names:
            rest = self._rank(q, today, notes)
        elif q.region_ids:
            rest = self._rank(replace(q, intent="contact"), today, notes)
        seen = {(r.kind, r.id) for r in results}
        merged = results + [r for r in rest if (r.kind, r.id) not in seen]
        return replace(q, intent=intent), named_guides(merged[:MAX_RESULTS], self, q)

    def _countries_of(self, q: Question) -> frozenset[str]:
        """The countries of the question's places, else where the asker probably is."""
        countries = frozenset(self.knowledge.regions[r].country for r in q.region_ids)
        return countries or self._asker_countries(q)

    def _national_contact(self, q: Question) -> str | None:
        """The organisation that answers for the asker's one country (its places', else its language's):
        the national office, else the body serving the country."""
        countries = self._countries_of(q)
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
            named=tuple(dict.fromkeys(m.key for m in q.names if m.exact and m.tokens)),
        )

    def _rank(self, q: Question, today: date, notes: list[Note]) -> tuple[Result, ...]:
        board = Board()
        intent = q.intent
        named = {m.key for m in q.names}
        for match in q.names:
            # A name pointed back at ("har hon …?") was not typed: no "name matches" to show.
            reason = why_code("name", text=match.text) if match.text else None
            board.note(board.name, match.key, match.score, reason)
            related(self, match.key, match.score, board)
        for match in q.roles_of_people:
            role = self.knowledge.contacts[match.contact].role.get(q.language)
            board.note(
                board.role, f"contact:{match.contact}", match.score, why_code("contact_role", role=role)
            )
        as_context(self, named, board)
        for region_id in q.region_ids:
            place(self, region_id, intent, board, notes, topical=bool(q.theme_ids))
        themes = q.theme_ids
        asks_person = q.has_role("contact") or q.has_role("contact_who")  # not a bare "homework help"
        for theme in themes:
            reason = why_code("theme", theme=theme)
            for index in self._by_theme.get(theme, {}).values():
                board.groups.append(Group("theme", 1.0, index, lambda key, r=reason: r))
            if intent == "contact" and asks_person and theme in self._theme_people:
                people, owners = self._theme_people[theme]
                board.groups.append(
                    Group(
                        "theme",
                        THEME_PEOPLE,
                        people,
                        lambda key, o=owners: why_code("person_of", entry=o[key]),
                    )
                )
        described = by_description(self, q, board)
        for year in q.years:
            board.year.update(self._in_year.get(year, ()))
        constrained = bool(q.names or q.region_ids or themes or q.roles_of_people or q.years or described)
        listing = LISTED_EXTRA if constrained else LISTED
        # "sociala företag", "kontakter": everything of the kind asked for; not "vad är ett socialt
        # företag?", which asks what one is, not for a list.
        listable = not constrained and not q.unknown and not q.defines
        if intent == "events" and not any(key.startswith("event:") for key in named):
            board.groups.append(Group("listed", listing, self._all["event"], lambda key: None))
            # "är summiten digital?": the kind of event asked for is in one's name.
            kinds = {form for t in q.tokens if q.roles.get(t.index) == "event" for form in stems(t.text)}
            called = self._index(key for form in kinds for key in self._event_words.get(form, ()))
            if called.ordered:
                board.groups.append(Group("listed", LISTED_KIND, called, lambda key: None))
        elif intent == "enterprises" and listable and q.has_role("enterprise"):
            board.groups.append(Group("listed", listing, self._all["enterprise"], lambda key: None))
        elif intent == "contact" and listable and q.has_role("contact"):
            board.groups.append(Group("listed", listing, self._all["contact"], lambda key: None))
        place_weight = max(
            (PLACE_WEIGHT.get(self.knowledge.regions[r].kind, 1.0) for r in q.region_ids), default=0.0
        )
        weights = (
            NAME_WEIGHT if q.names else 0.0,
            ROLE_WEIGHT if q.roles_of_people else 0.0,
            place_weight,
            THEME_WEIGHT if themes or described else 0.0,
            YEAR_WEIGHT if q.years and intent == "events" else 0.0,
        )
        placed = frozenset(self.knowledge.regions[r].country for r in q.region_ids)
        home = (
            frozenset({HOME_COUNTRY[q.language]})
            if q.language in HOME_COUNTRY and not q.names
            else frozenset()
        )
        scorer = Scorer(self, board, weights, intent, len(themes) + described, placed=placed, home=home)
        # In tie-break order, so that which of many equals make the cut never depends on set order.
        candidates = sorted(self._candidates(board), key=self._sort_name.__getitem__)
        scored = [(scorer.score(key), key) for key in candidates]
        scored = [(score, key) for score, key in scored if score >= MIN_SCORE]
        # Best first; among equals the entry sharing most words with the question, then one doing what was
        # asked for over one merely in the place, then the one nearest the asker, upcoming events before
        # past ones, then by name. Only the best few are ordered in full.
        best = heapq.nlargest(MAX_RESULTS * 3, scored, key=lambda item: item[0])
        words = {t.text for t in q.tokens}
        near = placed or self._asker_countries(q)
        themed = [g.index.keys for g in board.groups if g.component == "theme"]
        tiers = (
            Tiers(self, board, bool(themes), intent)
            if q.region_ids
            and not q.names
            and not q.roles_of_people
            and intent in TIERED
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
            past = all(self.knowledge.events[r.id].status(today) == "past" for r in events)
            # "när var summiten?" knows it is past; "when is the summit?" is told.
            told = any(key.startswith("event:") for key in named) and words & PAST_TENSE
            if events and past and not told:
                notes.append(note_code("only_past_events"))
        return results

    def _candidates(self, board: Board) -> set[str]:
        """Every entry that could make the answer: all of the small evidence, and from big groups
        only the first few (in tie-break order) of each combination of groups."""
        found = set(board.name) | set(board.related) | set(board.role) | set(board.place) | board.year
        large = []
        for group in board.groups:
            if len(group.index) > LARGE and not group.index.ordered[0].startswith("event:"):
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

    def _say_where(self, result: Result, board: Board) -> Result:
        """A result from elsewhere, with where it is as its first reason ("i Örebro")."""
        placed = {"in_place", "in_county", "works_in", "local_contact", "regional_contact", "national_office"}
        if any(r.code in placed for r in result.why):
            return result
        home = self._home.get(f"{result.kind}:{result.id}")
        if home is None:
            return result
        return replace(result, why=(why_code("in_place", place=home), *result.why))

    def _asker_countries(self, q: Question) -> frozenset[str]:
        """Where the asker probably is when the question names no place: the country whose language
        they wrote in, else every country the gazetteer covers municipality by municipality."""
        home = HOME_COUNTRY.get(q.language)
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

    def _result(self, key: str, score: float, board: Board, scorer: Scorer, today: date) -> Result:
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
            reasons.append(why_code("event_past" if past else "event_upcoming", event=entry_id))
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
