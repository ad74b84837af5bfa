"""Events by period ("kommande", "i december", "2027"): which events a period question keeps, and
what the answer says when none is known (bot.understanding.periods decides which events fall in a period)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from bot.matching.ranking import note_code, why_code
from bot.understanding.answers import Note, Result
from bot.understanding.parsed import Question
from bot.understanding.periods import events_in
from bot.understanding.text import stems

if TYPE_CHECKING:
    from bot.matching.index import Indexes


def in_period(
    matcher: Indexes, q: Question, results: tuple[Result, ...], today: date, notes: list[Note]
) -> tuple[Result, ...]:
    """Events in the period asked about ("kommande", "i december", "2027"), soonest first; never a
    past event as upcoming. When none is known, say so, and point at what there is: the upcoming
    ones (for a month without any), else name the latest past one in the note, not as a result (a
    past event is no answer to "what is coming up?")."""
    wanted = {e.id for e in events_in(matcher.knowledge.events.values(), q.period, today, q.years)}
    kept = [r for r in results if r.kind == "event" and r.id in wanted]
    # "only past events", "widened" no longer describe the answer; how the question was read still does.
    notes[:] = [n for n in notes if n.code in ("follow_up", "question_truncated")]
    if kept:
        return tuple(kept)
    window = q.period.window(today, q.years)
    ahead = replace(q.period, months=(), year_offset=None, upcoming=True)
    upcoming = events_in(matcher.knowledge.events.values(), ahead, today)
    if window is not None and (q.period.months or q.period.year_offset is not None or q.years):
        args = {"start": window[0].isoformat(), "end": window[1].isoformat()}
        if upcoming:  # nothing then, but something ahead: show what is ahead
            notes.append(note_code("no_events_in_period", **args, more="1"))
            return tuple(event_result(matcher, e.id, today) for e in upcoming)
        notes.append(note_code("no_events_in_period", **args))
    elif upcoming:
        return ()
    # Nothing ahead at all: say so, and point at the latest past one the question came nearest.
    past = [matcher.knowledge.events[r.id] for r in results if r.kind == "event"]
    past = past or [e for e in matcher.knowledge.events.values() if e.status(today) == "past"]
    latest = max(past, key=lambda e: (e.end.day, e.id), default=None)
    notes.append(note_code("no_upcoming_events", **({"latest": latest.id} if latest else {})))
    return ()


def asks_particular_events(matcher: Indexes, q: Question) -> bool:
    """ "när är summiten?", "kommande utbildningar om äldreomsorg": events named, or of a kind or
    theme some events' names say, are answered with their dates; only a general question about
    what is coming up is cut to a period (a month, a season or a year always is)."""
    named = [m.key.partition(":")[2] for m in q.names if m.key.startswith("event:")]
    if named and q.years:  # "summit 2027?": the named event in that year, else none is known then
        events = matcher.knowledge.events
        return any(events[e].start.day.year in q.years for e in named)
    if named and q.period.upcoming:  # "när är nästa summit?": the next one, which may not be known
        return False
    if named:
        return True
    if q.period.months or q.period.upcoming or q.period.year_offset is not None or q.years:
        return False
    kinds = {form for t in q.tokens if q.roles.get(t.index) == "event" for form in stems(t.text)}
    return bool(q.themes) or any(matcher._event_words.get(form) for form in kinds)


def event_result(matcher: Indexes, event_id: str, today: date) -> Result:
    event = matcher.knowledge.events[event_id]
    past = event.status(today) == "past"
    why = (why_code("event_past" if past else "event_upcoming", event=event_id),)
    return Result("event", event_id, event.name, 0.5, why, event.organiser)
