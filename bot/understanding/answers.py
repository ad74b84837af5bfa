"""What the matcher returns: results and reasons, with no language and no markup in them.

Renderers (`bot.rendering_*`) turn an `Answer` into Block Kit, terminal text or JSON, so the same
answer reads the same in Slack, in `chat` and in `ask --json`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from bot.knowledge.model import Lang

ResultKind = Literal["enterprise", "contact", "organisation", "event", "guide"]
Intent = Literal[
    "enterprises", "contact", "events", "about", "howto", "relation", "help", "smalltalk", "out_of_domain"
]

ReasonCode = Literal[
    "in_place",  # args: place (region id)
    "in_county",  # args: place, county (region ids): widened from a municipality to its county
    "works_in",  # args: place: the entry works there beyond its home
    "theme",  # args: theme (theme id)
    "name",  # args: text (what the user typed that matched)
    "regional_contact",  # args: place (county id the contact or node serves)
    "local_contact",  # args: place (the municipality a body or person serves itself)
    "national_office",  # args: place: no node of its own, so the national office
    "nearest_node",  # args: place: the geographically nearest node, not responsible
    "event_upcoming",  # args: event
    "event_past",  # args: event
    "organiser",  # args: event: organises that event
    "works_at",  # args: organisation: a contact employed by an organisation that matched
    "person_of",  # args: entry: a contact named by an enterprise or organisation that matched
    "contact_role",  # args: role: the contact's role (as published) matches the question
    "linked",  # args: organisation: an enterprise the named organisation worked with in the source
    "organised_by",  # args: organisation: an event organised by the named (or located) organisation
    "guide",  # args: guide: a how-to guide that fits the question
    "guide_points_to",  # args: guide: an organisation the guide points to
    "relation",  # args: relation, other (entry id), role ("subject": the result funds the other; "object")
    "funder",  # an organisation whose kind is funder
]

NoteCode = Literal[
    "widened",  # args: place, county: nothing in the place itself, so its county
    "nothing_found",  # no result answers the question
    "theme_unserved",  # args: theme; contact (organisation id, optional): nobody in the knowledge has it
    "theme_elsewhere",  # args: theme, place: entries have the theme, but none in or for the place
    "only_past_events",  # events were asked for and none is upcoming
    "no_upcoming_events",  # args: latest (event id, optional): "upcoming" asked, none known; the latest shown
    "no_events_in_period",  # args: start, end (ISO dates): nothing known then; what is upcoming is shown
    "greeting",  # "hej", "hello", "sveiki"
    "thanks",  # "tack", "thanks", "paldies"
    "follow_up",  # args: regions, themes (ids, comma-separated): taken from the previous question
    "person_unknown",  # args: name: "who is Anna Berg?" and no one by that name is known
    "paste_read",  # a long text: its question sentence was answered
    "out_of_domain",
    "question_empty",
    "question_truncated",  # args: limit
    "nearest_only",  # args: place: no node serves the place; a nearest one is shown, labelled so
    "which_place",  # args: chosen, others (region ids, comma-separated): names that fold alike, asked back
]


@dataclass(frozen=True, slots=True)
class Reason:
    code: ReasonCode
    args: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class Note:
    code: NoteCode
    args: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class Result:
    kind: ResultKind
    id: str
    name: str
    score: float  # 0..1, best first in Answer.results
    why: tuple[Reason, ...]
    organisation: str | None = None  # organisation id: a contact's employer, an event's organiser


@dataclass(frozen=True, slots=True)
class Answer:
    question: str
    language: Lang
    intent: Intent
    regions: tuple[str, ...]  # region ids found in the question
    themes: tuple[str, ...]  # theme ids found in the question
    results: tuple[Result, ...]
    notes: tuple[Note, ...] = ()
    knowledge_version: str = ""
    named: tuple[str, ...] = ()  # "kind:id" of the entries the question named in full (for follow-ups)
