"""Which events are still ahead: the list `/samverka events` and App Home show.

Judged on the day in the bot's time zone (events carry dates, rarely reliable times), so an event
that runs today is still listed; the caller passes `today` in, nothing here reads the clock.
"""

from __future__ import annotations

from datetime import date

from bot.knowledge.model import Event, Knowledge


def upcoming_events(knowledge: Knowledge, today: date) -> list[Event]:
    """Events not yet over on `today`, soonest first (ties by name); callers cut the list to fit."""
    return sorted(
        (event for event in knowledge.events.values() if event.status(today) != "past"),
        key=lambda event: (event.start.day, event.name.casefold(), event.id),
    )
