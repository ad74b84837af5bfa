"""Results for how-to and relation questions, which rank ahead of the ordinary entries.

"Hur startar jag ett socialt företag?" is answered by the guide on starting one (and the bodies it
points to); "who funds Mötesplats Social Innovation?" by the entries related to it by `funds`; "who
funds social enterprises in Sweden?" by the funders there (subjects of a `funds` relation, or
organisations whose kind is funder) and the funding guide. Each result says why in a `Reason`.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from bot.matching.ranking import why_code
from bot.understanding.answers import Result
from bot.understanding.guides import guide_title
from bot.understanding.parsed import Question

if TYPE_CHECKING:
    from bot.matching.index import Indexes

MAX_GUIDES = 3
_GUIDE_SHARE = 0.6  # guides below this share of the best one's score are left out
_RELATED = 0.95
_RELATED_OTHER_WAY = 0.8
_FUNDER = 0.9
MAX_FUNDERS = 4  # then the funding guide, inside the first five


def guide_results(q: Question) -> list[Result]:
    """The guides that answer a how-to question, best first."""
    if not q.guides:
        return []
    best = q.guides[0].score
    return [
        Result("guide", m.guide, m.guide, m.score, (why_code("guide", guide=m.guide),))
        for m in q.guides[:MAX_GUIDES]
        if m.score >= best * _GUIDE_SHARE
    ]


def named_guides(results: list[Result], matcher: Indexes, q: Question) -> list[Result]:
    """`results` (guides, by id) with their titles in the asker's language."""
    guides = matcher.knowledge.guides
    return [
        Result(r.kind, r.id, guide_title(guides[r.id], q.language), r.score, r.why)
        if r.kind == "guide" and r.id in guides
        else r
        for r in results
    ]


def pointed_to(matcher: Indexes, guides: list[Result]) -> list[Result]:
    """The organisations the best guide points to ("Upphandlingsmyndigheten", "Coompanion")."""
    if not guides:
        return []
    guide = matcher.knowledge.guides[guides[0].id]
    orgs = matcher.knowledge.organisations
    return [
        Result("organisation", o, orgs[o].name, 0.5, (why_code("guide_points_to", guide=guide.id),))
        for o in guide.organisations
        if o in orgs
    ]


def related_results(matcher: Indexes, q: Question) -> list[Result]:
    """ "Who funds X?": the entries related to the entry the question names, the asked direction first."""
    ask = q.relation
    if ask is None or not q.names:
        return []
    results: list[Result] = []
    seen: set[str] = set()
    for match in q.names:
        if not match.exact and match is not q.names[0]:
            continue
        entry_id = match.key.partition(":")[2]
        named_first = min(match.tokens) < ask.token
        for found in matcher.relations.related(entry_id, ask, named_first=named_first):
            if found.key in seen or found.key == match.key:
                continue
            seen.add(found.key)
            kind, _, ident = found.key.partition(":")
            role = "subject" if found.answer_is_subject else "object"
            why = why_code("relation", relation=found.relation, other=found.other, role=role)
            score = (_RELATED if found.preferred else _RELATED_OTHER_WAY) * match.score
            results.append(Result(kind, ident, _name(matcher, found.key), score, (why,)))  # type: ignore[arg-type]
    return sorted(results, key=lambda r: -r.score)


def funders(matcher: Indexes, countries: Collection[str]) -> list[Result]:
    """Who funds social enterprises in the asker's countries: subjects of `funds` relations (those
    funding the most first), then organisations whose kind is funder."""
    k = matcher.knowledge
    funded: dict[str, list[str]] = {}
    for relation in k.relations.values():
        if relation.relation == "funds":
            funded.setdefault(relation.subject, []).append(relation.object)
    keys = list(matcher.relations.subjects_of.get("funds", ()))
    keys.sort(key=lambda key: -len(funded.get(key.partition(":")[2], ())))
    keys += [f"organisation:{o.id}" for o in k.organisations.values() if o.kind == "funder"]
    results: list[Result] = []
    for key in dict.fromkeys(keys):
        where = matcher._countries.get(key, frozenset())
        if countries and where and not where & countries:
            continue
        ident = key.partition(":")[2]
        objects = funded.get(ident, ())
        why = (
            why_code("relation", relation="funds", other=objects[0], role="subject")
            if objects
            else why_code("funder")
        )
        results.append(Result(key.partition(":")[0], ident, _name(matcher, key), _FUNDER, (why,)))  # type: ignore[arg-type]
        if len(results) >= MAX_FUNDERS:
            break
    return results


def _name(matcher: Indexes, key: str) -> str:
    kind, _, ident = key.partition(":")
    table = {
        "enterprise": matcher.knowledge.enterprises,
        "organisation": matcher.knowledge.organisations,
        "contact": matcher.knowledge.contacts,
        "event": matcher.knowledge.events,
    }[kind]
    return table[ident].name  # type: ignore[attr-defined]
