"""Questions about who funds, partners with, organises, received from, leads, owns or founded whom.

"Who funds Mötesplats Social Innovation?", "vem finansierar MSI", "kas finansē Altum?", "who are
Yalla Trappan's partners", "who did SE Forum hand its report to?". The verbs are language, not facts;
the answers come from `Knowledge.relations` (subject --relation--> object). A name typed after the
verb is the relation's object ("who funds X": the funders are answers), before it the subject ("what
does X fund"); giving verbs turn "received" round ("X handed its report to …": X is the giver, the
object of "received").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.knowledge.model import Knowledge
from bot.understanding.text import Token

# Folded word prefixes per relation, in sv, en and lv; a trailing * means "starts with".
_VERBS: dict[str, str] = {
    "funds": "finansier* finansiar* finansiering* bidrag* sponsr* fund* financ* grant* sponsor* "
    "betalar betalade betalat paid pays finanse* finansej* finansu",
    "partner": "partner* samarbetspartner* samarbetar samarbetat collaborat* sadarbojas sadarbibas",
    "organises": "arrangera* arrangor* anordna* organiserar organiserade organise organises organised "
    "organising organiser organisers organize organizes organized organizing organizer organizers hosts "
    "hosted hosting riko rikoja rikotajs organize organizeja",
    "received": "fick mottog mottagit emot tilldela* receiv* got awarded sanem* sanema",
    "leads": "leder ledare ledde chef chefen leads lead leading leader leaders heads headed director* runs "
    "vada vadija vaditaj*",
    "member": "medlem* member* biedrs biedri biedriem",
    "owns": "ager agare agd* own* owner* pieder ipasniek*",
    "founded": "grundade grundat grundare grundades startade startat found* founder* started "
    "dibinaja dibinatai* dibinat* izveidoja izveidojis izveidojusi",
    # "who is behind X", "vem driver X", "who runs X": whoever founded, owns, leads or funds it.
    "behind": "bakom behind driver drivs runs operates operated",
}
_BEHIND = ("owns", "organises", "leads", "founded", "funds")
# Giving verbs: "X handed its report to Y", "X lämnade till Y": X gave, so X is the object of received.
_GIVING = frozenset(
    [
        "hand",  # "hand its report to"; not a prefix: "handikapp", "handicraft", "handling" give nothing
        "handed",
        "hands",
        "handing",
        "gave",
        "give",
        "giv*",
        "submit*",
        "deliver*",
        "sent",
        "lamnade",
        "lamnat",
        "overlamna*",
        "gav",
        "nodeva",
        "nodev*",
        "iesniedz*",
    ]
)
_EXCLUDE = frozenset(
    {"organisation", "organisations", "organization", "organizations", "foundation", "headline"}
    # Swedish "fundera" (to think it over) is no funding.
    | {"fundera", "funderar", "funderade", "funderat", "fundering", "funderingar"}
)


@dataclass(frozen=True, slots=True)
class RelationAsk:
    """A relation a question asks about: which one, where its verb stands, and whether the entry
    named before the verb gives (a giving verb)."""

    relation: str
    token: int  # index of the verb
    giving: bool = False


def _compile(patterns: frozenset[str] | str) -> tuple[frozenset[str], tuple[str, ...]]:
    words = patterns.split() if isinstance(patterns, str) else sorted(patterns)
    return frozenset(w for w in words if not w.endswith("*")), tuple(w[:-1] for w in words if w.endswith("*"))


_COMPILED = [(relation, *_compile(patterns)) for relation, patterns in _VERBS.items()]
_GIVING_EXACT, _GIVING_PREFIXES = _compile(_GIVING)


@lru_cache(maxsize=65_536)
def relation_of(word: str) -> tuple[str, bool] | None:
    """(relation, giving) for one folded word, or None: "finansierar" -> ("funds", False)."""
    if word in _EXCLUDE or len(word) < 3:
        return None
    if word in _GIVING_EXACT or word.startswith(_GIVING_PREFIXES):
        return "received", True
    for relation, exact, prefixes in _COMPILED:
        if word in exact or word.startswith(prefixes):
            return relation, False
    return None


def find_relation(tokens: Sequence[Token]) -> RelationAsk | None:
    """The first relation verb in the question, if any."""
    for token in tokens:
        found = relation_of(token.text)
        if found is not None and token.index > 0 and tokens[token.index - 1].text == "second":
            continue  # "second hand" is a trade, not a giving hand
        if found is not None:
            return RelationAsk(found[0], token.index, giving=found[1])
    return None


@dataclass(frozen=True, slots=True)
class Related:
    """An entry related to the one asked about: its key, the relation, and whether the answer is
    the relation's subject (it funds the named one) or its object (it is funded by it)."""

    key: str  # "kind:id" of the answer
    relation: str
    other: str  # id of the entry named in the question
    answer_is_subject: bool
    preferred: bool  # in the direction the question asks


class RelationIndex:
    """Relations by subject and by object, with each id's kind."""

    def __init__(self, knowledge: Knowledge) -> None:
        self._kinds: dict[str, str] = {}
        for kind, table in (
            ("event", knowledge.events),
            ("contact", knowledge.contacts),
            ("enterprise", knowledge.enterprises),
            ("organisation", knowledge.organisations),
        ):
            for entry_id in table:
                self._kinds[entry_id] = kind
        self._by_subject: dict[tuple[str, str], list[str]] = {}
        self._by_object: dict[tuple[str, str], list[str]] = {}
        self.subjects_of: dict[str, list[str]] = {}  # relation -> keys of its subjects
        for r in knowledge.relations.values():
            self._by_subject.setdefault((r.subject, r.relation), []).append(r.object)
            self._by_object.setdefault((r.object, r.relation), []).append(r.subject)
            key = self.key(r.subject)
            if key and key not in self.subjects_of.setdefault(r.relation, []):
                self.subjects_of[r.relation].append(key)

    def key(self, entry_id: str) -> str | None:
        kind = self._kinds.get(entry_id)
        return f"{kind}:{entry_id}" if kind else None

    def related(self, entry_id: str, ask: RelationAsk, *, named_first: bool) -> list[Related]:
        """Entries related to `entry_id` by the asked relation, the asked direction first.
        `named_first`: the name stands before the verb ("what does Vinnova fund")."""
        if ask.relation == "behind":
            return [
                found
                for relation in _BEHIND
                for found in self.related(entry_id, RelationAsk(relation, ask.token), named_first=False)
            ]
        relation = ask.relation
        # The named entry is the relation's subject when it stands before the verb, unless it gives.
        named_is_subject = named_first != ask.giving
        if relation == "partner":  # partners either way round
            named_is_subject = True
        found: list[Related] = []
        seen: set[str] = set()
        directions = ((named_is_subject, True), (not named_is_subject, relation == "partner"))
        for is_subject, preferred in directions:
            table = self._by_subject if is_subject else self._by_object
            for other_id in table.get((entry_id, relation), ()):
                key = self.key(other_id)
                if key is None or key in seen:
                    continue
                seen.add(key)
                found.append(Related(key, relation, entry_id, not is_subject, preferred))
        return found
