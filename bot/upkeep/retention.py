"""Personal data kept only while it is used: delivery-ledger rows and event subscriptions of
events that ended more than `PERSONAL_DATA_RETENTION_DAYS` ago are deleted by the upkeep job.

A ledger row is what makes a message go out once, so a row is deleted only when no plan can ask
for its key again: a reminder's key names the day its event starts, and reminders of an event that
has begun are never sent (only recorded as skipped, for `MISSED_LOOKBACK`); an announcement is
planned only while its event is not over. The decision (`expires_at`) is pure; `purge_ended` does
the database part. Maintainers' digests and notices (no event) are not touched: their ids are in
`MAINTAINERS` anyway, and an invalid-knowledge notice's row is what stops a restart repeating it.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import delete, select

from bot.knowledge.model import Knowledge
from bot.reminders.service import MISSED_LOOKBACK
from bot.storage.store import Delivery, Store, Subscription

log = logging.getLogger(__name__)

DEFAULT_RETENTION = timedelta(days=30)
# A day in BOT_TIMEZONE is over everywhere two UTC days after it began (offsets are within ±14 h).
_DAY_OVER = timedelta(days=2)
# An event no longer in the knowledge base: its date is unknown, so its announcement rows are kept
# this long after they were written (an event is rarely announced more than a year ahead).
GONE_EVENT_MARGIN = timedelta(days=365)
_REMINDER_DAY = re.compile(r":(\d{4}-\d\d-\d\d):\d+d:")
_CHUNK = 500


def expires_at(
    kind: str,
    key: str,
    event_id: str | None,
    send_at: datetime,
    *,
    knowledge: Knowledge,
    retention: timedelta,
) -> datetime | None:
    """When a ledger row may go (None: keep it): `retention` after the last day it can matter."""
    if event_id is None:
        return None
    keep = max(retention, MISSED_LOOKBACK)
    event = knowledge.events.get(event_id)
    days: list[date] = [send_at.astimezone(UTC).date()]
    if event is not None:
        days.append(event.end.last_day)
    if kind == "reminder":
        match = _REMINDER_DAY.search(key)
        if match is None:
            return None  # not a key this code writes: keep it rather than guess
        days.append(date.fromisoformat(match.group(1)))
    elif event is None:
        keep += GONE_EVENT_MARGIN
    return datetime.combine(max(days), time(0), tzinfo=UTC) + _DAY_OVER + keep


def purge_ended(store: Store, knowledge: Knowledge, now: datetime, retention: timedelta) -> dict[str, int]:
    """Delete expired ledger rows, and event subscriptions of events that ended `retention` ago."""
    if retention <= timedelta(0):
        raise ValueError("retention must be positive")
    # A row is kept at least a day past its own time plus the retention: no younger one can expire.
    oldest_kept = now - max(retention, MISSED_LOOKBACK) - timedelta(days=1)
    with store.begin() as connection:
        rows = connection.execute(
            select(Delivery.key, Delivery.kind, Delivery.event_id, Delivery.send_at).where(
                Delivery.event_id.is_not(None), Delivery.send_at < oldest_kept
            )
        ).all()
    expired = []
    for row in rows:
        until = expires_at(
            row.kind, row.key, row.event_id, row.send_at, knowledge=knowledge, retention=retention
        )
        if until is not None and until <= now:
            expired.append(row.key)
    ended = [
        event.id
        for event in knowledge.events.values()
        if datetime.combine(event.end.last_day, time(0), tzinfo=UTC) + _DAY_OVER + retention <= now
    ]
    deliveries = subscriptions = 0
    with store.begin() as connection:
        for start in range(0, len(expired), _CHUNK):
            chunk = expired[start : start + _CHUNK]
            deliveries += connection.execute(delete(Delivery).where(Delivery.key.in_(chunk))).rowcount
        for start in range(0, len(ended), _CHUNK):
            chunk = ended[start : start + _CHUNK]
            subscriptions += connection.execute(
                delete(Subscription).where(Subscription.kind == "event", Subscription.value.in_(chunk))
            ).rowcount
    if deliveries or subscriptions:
        log.info(
            "retention: purged %d delivery rows and %d event subscriptions of events over for %d days",
            deliveries,
            subscriptions,
            retention.days,
        )
    return {"deliveries": deliveries, "subscriptions": subscriptions}
