"""Places whose names fold alike ("Håbo" in Uppsala län, "Habo" in Jönköpings län): settled by the
question's context, or asked back, never silently the wrong one.

In order: a county (or planning region) named in the question; the asker's earlier place in the same
conversation (its county); otherwise the place whose name is typed letter for letter is answered for,
and a note asks "Did you mean Håbo (Uppsala län) or Habo (Jönköpings län)?".
"""

from __future__ import annotations

from dataclasses import replace

from bot.knowledge.model import Knowledge
from bot.matching.conversation import Context
from bot.matching.ranking import note_code
from bot.understanding.answers import Note
from bot.understanding.parsed import Question


def settle(q: Question, knowledge: Knowledge, context: Context | None) -> tuple[Question, list[Note]]:
    """`q` with every ambiguous place settled where its context says which, and the notes that ask."""
    if not any(p.alternatives for p in q.places):
        return q, []
    named_counties = {p.region for p in q.places if not p.alternatives}
    earlier = {c.id for r in (context.regions if context else ()) if (c := knowledge.county_of(r))}
    notes: list[Note] = []
    places = []
    for place in q.places:
        if not place.alternatives:
            places.append(place)
            continue
        options = (place.region, *place.alternatives)
        county = {r: (c.id if (c := knowledge.county_of(r)) else None) for r in options}
        chosen = _only(r for r in options if county[r] in named_counties) or _only(
            r for r in options if county[r] in earlier
        )
        if chosen is None:
            typed = place.text.casefold()
            chosen = (
                _only(r for r in options if knowledge.regions[r].name.casefold() == typed) or place.region
            )
            others = [r for r in options if r != chosen]
            notes.append(note_code("which_place", chosen=chosen, others=",".join(others)))
        places.append(replace(place, region=chosen, alternatives=()))
    return replace(q, places=tuple(places)), notes


def _only(found: object) -> str | None:
    items = list(dict.fromkeys(found))  # type: ignore[call-overload]
    return items[0] if len(items) == 1 else None
