"""A question completed from what surrounds it: the previous question in a conversation, or the
rest of a pasted e-mail.

"och i Umeå?" after a question about elderly care in Örebro asks about elderly care in Umeå; a
pasted e-mail that ends "Which social enterprises could we work with?" is asked from the place its
writer names further up. Only places and themes are carried over, and only into a question that
leaves them out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from bot.knowledge.model import Knowledge
from bot.matching.conversation import Context
from bot.understanding.guides import GuideMatch
from bot.understanding.names import NameMatch
from bot.understanding.parsed import Question
from bot.understanding.places import PlaceMatch
from bot.understanding.text import wordset
from bot.understanding.themes import ThemeMatch

_CARRIES = frozenset({"enterprises", "contact", "events", "about", "out_of_domain"})
_ASKING = frozenset({"enterprise", "contact", "event", "contact_who", "contact_cue", "event_cue", "period"})
# Words that point back at what was just shown (folded): a person, a thing, or "something like it".
_PERSON_WORDS = wordset("han hon hen honom henne hans hennes he she him her his vins vina vinu vinam vinai")
_THING_WORDS = wordset(
    "den det dess de dem dom deras it its they them their tas ta to tam tie tiem vini viniem vinu vinas "
    "dar there tur"
)
_SIMILAR = wordset("liknande likadan likadant liknar similar alike lidzigs lidziga lidzigu lidzigi lidzigas")
# Contact details asked about what was shown: "har hon ett telefonnummer?", "their e-mail?".
_DETAIL_PREFIXES = (
    "telefon", "phone", "nummer", "number", "mejl", "mail", "epost", "e-post", "email", "epast",
    "talrun", "adres", "address", "hemsid", "website", "webb", "vietn", "kontakt", "contact", "sazin",
    "reach", "ring", "call", "zvan",
)  # fmt: skip
_SHOWN_AGAIN = 0.8  # the entry pointed back at, after its people when a person is asked for
_REFERRING_LENGTH = 10  # a follow-up pointing back is short; a long question is a new one
_LEANING_LENGTH = 8  # a short question without a place of its own is asked about the previous place


def completed(q: Question, context: Context, *, pasted: bool = False) -> Question:
    """`q` with the context's places and themes where it has none of its own; unchanged when it does
    not lean on the context (it names something, or asks about something new)."""
    if not context or q.intent not in _CARRIES or any(m.exact for m in q.names) or q.person:
        return q
    if pasted and not q.in_domain:
        return q  # the question sentence of an e-mail must itself be about the domain
    leans = q.follow_up or (not q.places and len(q.tokens) <= _LEANING_LENGTH and q.in_domain)
    if not pasted and not leans:
        return q
    places, themes = q.places, q.themes
    if not places and context.regions:
        places = tuple(PlaceMatch(r, 0, 0, "", True) for r in context.regions)
    if not themes and context.themes and (q.follow_up or pasted):
        themes = tuple(ThemeMatch(t, 0, 0, "") for t in context.themes)
    asks = any(role in _ASKING for role in q.roles.values())
    if places is q.places and themes is q.themes:
        # "bet Kurzemē?" after whom to ask in Latgale, "samma fråga för Liepāja": the same kind of
        # answer, for the new place.
        if (
            q.follow_up
            and q.places
            and (not asks or not q.in_domain)
            and context.intent is not None
            and context.intent != q.intent
        ):
            return replace(q, intent=context.intent, in_domain=True)
        return q
    if not q.places and not q.themes and not q.names and not asks and not pasted:
        return q  # "och?" brings nothing new to ask about; "vem kan man prata med där?" does
    intent = q.intent
    if not asks and context.intent is not None:
        intent = context.intent
    elif intent in ("out_of_domain", "about"):
        intent = "enterprises"
    return replace(q, places=places, themes=themes, intent=intent, in_domain=True)


def referred(
    q: Question, context: Context, knowledge: Knowledge, staff_of: Mapping[str, Sequence[str]]
) -> Question:
    """`q` about what the previous answer showed first, when it points back at it: "har hon ett
    telefonnummer?" (the first person shown), "who runs it?" (the first entry), "något liknande i
    Lund?" (the first enterprise's themes, in Lund). Unchanged otherwise. `staff_of`: the people of
    each enterprise and organisation key, as the matcher indexes them."""
    if not (context.entries or context.named) or q.names or q.person or len(q.tokens) > _REFERRING_LENGTH:
        return q
    words = {t.text for t in q.tokens}
    shown = (context.named or context.entries)[0]
    # "and is there something similar in Latvia?", "un kā tas ir Zviedrijā?" after a guide
    other_place = bool(q.places) and not q.themes and (q.follow_up or bool(words & _THING_WORDS))
    if shown.startswith("guide:") and (words & _SIMILAR or other_place):
        return _similar_guide(q, shown.partition(":")[2], knowledge)
    if words & _SIMILAR:
        kind, _, entry_id = shown.partition(":")
        entry = knowledge.enterprises.get(entry_id) if kind == "enterprise" else None
        if entry is None or not entry.themes or q.themes:
            return q
        themes = tuple(ThemeMatch(t, 0, 0, "") for t in entry.themes)
        return replace(q, themes=themes, intent="enterprises", in_domain=True)
    if q.places or q.themes:
        return q
    person = bool(words & _PERSON_WORDS)
    details = any(w.startswith(_DETAIL_PREFIXES) for w in words)
    asks_who = q.has_role("contact_who") or q.has_role("contact")
    # "projektledare för den?", "vem är vd där?", "who organised it?"
    about = q.relation is not None or details or bool(q.roles_of_people) or asks_who
    if not person and not (words & _THING_WORDS and about):
        return q
    people = [key for key in (*context.named, *context.entries) if key.startswith("contact:")]
    if person and people:
        key = people[0]
    else:  # "un kas to tagad vada?" after "kas dibināja LSUA?": LSUA, not its founder
        key = next((k for k in context.entries if k in context.named), (context.named or context.entries)[0])
        if q.relation is not None and q.relation.relation == "organises":  # "who organised it?": the event
            key = next((k for k in (*context.named, *context.entries) if k.startswith("event:")), key)
    pointer = next(t for t in q.tokens if t.text in _PERSON_WORDS or t.text in _THING_WORDS)
    names = (NameMatch(key, 1.0, "", True, (pointer.index,)),)  # pointed at, not typed: no "name matches"
    staff = staff_of.get(key, ()) if asks_who and not key.startswith("contact:") else ()
    if staff:  # "who runs it?", "vem är vd där?": its people first, then the entry itself
        found = tuple(NameMatch(f"contact:{c}", 1.0, "", True, (pointer.index,)) for c in staff)
        names = (*found, replace(names[0], score=_SHOWN_AGAIN))
    # "har hon ett telefonnummer?" asks for her; "vai viņiem ir telefona numurs?" for them, as shown.
    intent = "contact" if asks_who or (details and person) else "about"
    return replace(q, names=names, intent=intent, in_domain=True)


def _similar_guide(q: Question, guide_id: str, knowledge: Knowledge) -> Question:
    """ "and is there something similar in Latvia?" after a guide: the guides on the same topic, those
    for the place asked about first."""
    shown = knowledge.guides.get(guide_id)
    if shown is None:
        return q
    countries = {knowledge.regions[p.region].country for p in q.places if p.region in knowledge.regions}
    same = [g for g in knowledge.guides.values() if g.topic == shown.topic and g.id != guide_id]
    if countries:
        same = [
            g
            for g in same
            if knowledge.regions.get(g.country) and knowledge.regions[g.country].country in countries
        ]
    if not same:
        return q
    found = tuple(GuideMatch(g.id, 1.0, 1.0, False, ()) for g in same)
    return replace(q, guides=found, howto=True, intent="enterprises", in_domain=True)


def context_from(q: Question) -> Context:
    """The places and themes a parsed text names, as a context for another question."""
    return Context(q.region_ids, q.theme_ids)
