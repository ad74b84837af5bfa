"""Subscriptions: a person follows an event ("Remind me"), a theme or a place.

Following an event gets them the event's reminders as DMs, at the event's own offsets. Following a
theme or a place gets them a DM, once, about each new event that matches; the events already known
when they subscribed are listed in the reply instead (and recorded so they are not announced
again). "Once" is the deliveries ledger's job: an announcement's key is (event, person), so a person
who follows both the theme and the place of an event hears about it once.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, cast

from sqlalchemy import delete, select

from bot.knowledge.model import Event, Knowledge, Lang
from bot.knowledge.suggestions import closest_id
from bot.knowledge.upcoming import upcoming_events
from bot.reminders.plan import USER_PREFIX, PersonalRequest
from bot.rendering.phrases import region_name
from bot.storage.store import Delivery, Store, Subscription
from bot.understanding.text import key as text_key

log = logging.getLogger(__name__)

TopicKind = Literal["event", "theme", "place"]
KINDS: tuple[TopicKind, ...] = ("event", "theme", "place")

# "theme: elderly care", "plats: Örebro", "pasākums: …" pin the kind when a name is ambiguous.
_PREFIXES: dict[str, TopicKind] = {
    "event": "event",
    "evenemang": "event",
    "pasakums": "event",
    "theme": "theme",
    "tema": "theme",
    "tēma": "theme",
    "place": "place",
    "plats": "place",
    "vieta": "place",
}
_PREFIX = re.compile(r"^\s*([^\W\d_]+)\s*:\s*(.+)$", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Topic:
    kind: TopicKind
    value: str  # event, theme or region id

    @property
    def token(self) -> str:
        return f"{self.kind}:{self.value}"


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a typed name means: one topic, several (ambiguous), or none (with a suggestion)."""

    topics: tuple[Topic, ...]
    suggestion: Topic | None = None

    @property
    def topic(self) -> Topic | None:
        return self.topics[0] if len(self.topics) == 1 else None


@dataclass(frozen=True, slots=True)
class SubscriptionRow:
    user_id: str
    topic: Topic
    lang: Lang
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Announcement:
    key: str
    user_id: str
    event_id: str
    topic: Topic  # the subscription that matched (the first, when several did)
    lang: Lang


def announcement_key(event_id: str, user_id: str) -> str:
    return f"announce:{event_id}:{USER_PREFIX}{user_id}"


def _names(knowledge: Knowledge) -> dict[TopicKind, dict[str, set[str]]]:
    """Folded name -> ids, per kind: ids, names, aliases, labels and plain synonyms."""
    names: dict[TopicKind, dict[str, set[str]]] = {kind: {} for kind in KINDS}

    def add(kind: TopicKind, text: str, ident: str) -> None:
        folded = text_key(text.rstrip("*"))
        if folded:
            names[kind].setdefault(folded, set()).add(ident)

    for event in knowledge.events.values():
        for text in (event.id, event.name, *event.aliases):
            add("event", text, event.id)
    for theme in knowledge.themes.values():
        for text in (theme.id, *theme.label.all()):
            add("theme", text, theme.id)
        for synonyms in theme.synonyms.values():
            for text in synonyms:
                if not text.endswith("*"):
                    add("theme", text, theme.id)
    for region in knowledge.regions.values():
        for text in (region.id, *region.names):
            add("place", text, region.id)
    return names


def resolve_topic(knowledge: Knowledge, text: str) -> Resolution:
    """The event, theme or place `text` names; a "kind:" prefix settles ambiguity."""
    wanted: Sequence[TopicKind] = KINDS
    match = _PREFIX.match(text)
    if match and text_key(match.group(1)) in {text_key(p) for p in _PREFIXES}:
        prefix = next(kind for p, kind in _PREFIXES.items() if text_key(p) == text_key(match.group(1)))
        wanted = (prefix,)
        text = match.group(2)
    folded = text_key(text)
    if not folded:
        return Resolution(())
    names = _names(knowledge)
    found: list[Topic] = []
    for kind in wanted:
        ids = names[kind].get(folded, set())
        if kind == "place" and len(ids) > 1:  # "Örebro": the municipality before the county
            order = {"municipality": 0, "county": 1, "planning_region": 1, "country": 2}
            ids = {min(ids, key=lambda i: (order.get(knowledge.regions[i].kind, 3), i))}
        found.extend(Topic(kind, ident) for ident in sorted(ids))
    if found:
        return Resolution(tuple(found))
    choices = {
        f"{text}": f"{kind}:{ident}" for kind in wanted for text, ids in names[kind].items() for ident in ids
    }
    close = closest_id(folded, choices)
    suggestion = Topic(cast(TopicKind, close.split(":", 1)[0]), close.split(":", 1)[1]) if close else None
    return Resolution((), suggestion)


def topic_label(knowledge: Knowledge, topic: Topic, lang: Lang) -> str:
    """The name a person knows the topic by; the id when the knowledge no longer has it."""
    if topic.kind == "event":
        event = knowledge.events.get(topic.value)
        return event.name if event else topic.value
    if topic.kind == "theme":
        theme = knowledge.themes.get(topic.value)
        return theme.label.get(lang) if theme else topic.value
    region = knowledge.regions.get(topic.value)
    return region_name(region, lang) if region else topic.value


def _within(knowledge: Knowledge, region_id: str | None, wanted: str) -> bool:
    seen: set[str] = set()
    while region_id and region_id not in seen:
        if region_id == wanted:
            return True
        seen.add(region_id)
        region = knowledge.regions.get(region_id)
        region_id = region.parent if region else None
    return False


def event_matches(knowledge: Knowledge, event: Event, topic: Topic) -> bool:
    """Does a new event concern a topic: same event, one of its themes, in the place or within it."""
    if topic.kind == "event":
        return event.id == topic.value
    if topic.kind == "theme":
        return topic.value in event.themes
    return _within(knowledge, event.place, topic.value)


def matching_upcoming(knowledge: Knowledge, topic: Topic, today: date) -> list[Event]:
    return [e for e in upcoming_events(knowledge, today) if event_matches(knowledge, e, topic)]


def plan_announcements(
    knowledge: Knowledge, subscriptions: Iterable[SubscriptionRow], today: date
) -> list[Announcement]:
    """One announcement per (upcoming event, person) that one of their theme/place subscriptions matches."""
    upcoming = upcoming_events(knowledge, today)
    planned: dict[str, Announcement] = {}
    for row in subscriptions:  # in subscription order: the oldest matching one is named
        if row.topic.kind == "event":
            continue
        for event in upcoming:
            key = announcement_key(event.id, row.user_id)
            if key not in planned and event_matches(knowledge, event, row.topic):
                planned[key] = Announcement(key, row.user_id, event.id, row.topic, row.lang)
    return list(planned.values())


@dataclass
class Subscriptions:
    """The subscriptions table."""

    store: Store

    def add(self, user_id: str, topic: Topic, lang: Lang, now: datetime) -> bool:
        """Subscribe; False when the person already had this subscription."""
        with self.store.begin() as connection:
            inserted = connection.execute(
                self.store.insert(Subscription)
                .values(user_id=user_id, kind=topic.kind, value=topic.value, lang=lang, created_at=now)
                .on_conflict_do_nothing(index_elements=["user_id", "kind", "value"])
                .returning(Subscription.id)
            )
            return inserted.first() is not None

    def remove(self, user_id: str, topic: Topic, knowledge: Knowledge) -> bool:
        """Unsubscribe, and in the same transaction delete the person's delivery rows that only
        this subscription needed: an event's personal reminders, or the announcements (sent or
        recorded as already known) of events no other theme or place they follow matches.

        Safe for exactly-once: the subscription goes first, and a personal message is claimed
        only while its subscription exists (`Outgoing.subscription`), so no tick can send again
        what is purged here; a later re-subscription plans only reminder times after it."""
        target = USER_PREFIX + user_id
        with self.store.begin() as connection:
            removed = connection.execute(
                delete(Subscription)
                .where(
                    Subscription.user_id == user_id,
                    Subscription.kind == topic.kind,
                    Subscription.value == topic.value,
                )
                .returning(Subscription.id)
            ).first()
            if removed is None:
                return False
            if topic.kind == "event":
                purge = delete(Delivery).where(
                    Delivery.target == target, Delivery.kind == "reminder", Delivery.event_id == topic.value
                )
            else:
                remaining = connection.execute(
                    select(Subscription.kind, Subscription.value).where(
                        Subscription.user_id == user_id, Subscription.kind != "event"
                    )
                ).all()
                topics = [Topic(cast(TopicKind, kind), value) for kind, value in remaining if kind in KINDS]
                events = knowledge.events.values()
                still = [e.id for e in events if any(event_matches(knowledge, e, t) for t in topics)]
                purge = delete(Delivery).where(
                    Delivery.target == target,
                    Delivery.kind == "announcement",
                    Delivery.event_id.is_(None) | Delivery.event_id.not_in(still),
                )
            purged = connection.execute(purge).rowcount
        log.info("unsubscribed from a %s; %d delivery rows purged", topic.kind, purged)
        return True

    def _rows(self, *conditions: object) -> list[SubscriptionRow]:
        table = Subscription.__table__
        with self.store.begin() as connection:
            rows = connection.execute(
                select(table).where(*conditions).order_by(table.c.created_at, table.c.id)  # type: ignore[arg-type]
            ).all()
        return [
            SubscriptionRow(
                r.user_id, Topic(cast(TopicKind, r.kind), r.value), cast(Lang, r.lang), r.created_at
            )
            for r in rows
            if r.kind in KINDS
        ]

    def for_user(self, user_id: str) -> list[SubscriptionRow]:
        return self._rows(Subscription.user_id == user_id)

    def all(self) -> list[SubscriptionRow]:
        return self._rows()

    @staticmethod
    def personal_requests(rows: Iterable[SubscriptionRow]) -> list[PersonalRequest]:
        """Event subscriptions as reminder requests for `bot.reminders.plan.plan_reminders`."""
        return [
            PersonalRequest(r.user_id, r.topic.value, r.lang, since=r.created_at)
            for r in rows
            if r.topic.kind == "event"
        ]
