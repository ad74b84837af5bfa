"""A question completed from what surrounds it: the previous question in a conversation, or the
rest of a pasted e-mail.

"och i Umeå?" after a question about elderly care in Örebro asks about elderly care in Umeå; a
pasted e-mail that ends "Which social enterprises could we work with?" is asked from the place its
writer names further up. Only places and themes are carried over, and only into a question that
leaves them out.
"""

from __future__ import annotations

from dataclasses import replace

from bot.matching.conversation import Context
from bot.understanding.places import PlaceMatch
from bot.understanding.question import Question
from bot.understanding.themes import ThemeMatch

_CARRIES = frozenset({"enterprises", "contact", "events", "about", "out_of_domain"})
_ASKING = frozenset({"enterprise", "contact", "event", "contact_who", "contact_cue", "event_cue", "period"})


def completed(q: Question, context: Context, *, pasted: bool = False) -> Question:
    """`q` with the context's places and themes where it has none of its own; unchanged when it does
    not lean on the context (it names something, or asks about something new)."""
    if not context or q.intent not in _CARRIES or q.names or q.person:
        return q
    if pasted and not q.in_domain:
        return q  # the question sentence of an e-mail must itself be about the domain
    if not pasted and not q.follow_up:
        return q
    places, themes = q.places, q.themes
    if not places and context.regions:
        places = tuple(PlaceMatch(r, 0, 0, "", True) for r in context.regions)
    if not themes and context.themes:
        themes = tuple(ThemeMatch(t, 0, 0, "") for t in context.themes)
    if places is q.places and themes is q.themes:
        return q
    if not q.places and not q.themes and not pasted:
        return q  # "och?" brings nothing new to ask about
    asks = any(role in _ASKING for role in q.roles.values())
    intent = q.intent
    if not asks and context.intent is not None:
        intent = context.intent
    elif intent in ("out_of_domain", "about"):
        intent = "enterprises"
    return replace(q, places=places, themes=themes, intent=intent, in_domain=True)


def context_from(q: Question) -> Context:
    """The places and themes a parsed text names, as a context for another question."""
    return Context(q.region_ids, q.theme_ids)
