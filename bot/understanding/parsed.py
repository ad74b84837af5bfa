"""A question as the matcher sees it: one frozen `Question`, what `bot.understanding.question` parses
a text into and `bot.understanding.intents` reads the kind of answer from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from bot.knowledge.model import Lang
from bot.understanding.answers import Intent
from bot.understanding.guides import GuideMatch
from bot.understanding.names import NameMatch, RoleMatch
from bot.understanding.periods import Period
from bot.understanding.places import PlaceMatch
from bot.understanding.relations import RelationAsk
from bot.understanding.text import Token
from bot.understanding.themes import ThemeMatch


@dataclass(frozen=True, slots=True)
class Question:
    """A question as the matcher sees it. `tokens` carry spelling corrections."""

    text: str  # what was considered (cut at QUESTION_LIMIT)
    language: Lang
    intent: Intent
    places: tuple[PlaceMatch, ...] = ()
    themes: tuple[ThemeMatch, ...] = ()
    names: tuple[NameMatch, ...] = ()
    roles_of_people: tuple[RoleMatch, ...] = ()  # contacts whose published role the question describes
    years: tuple[int, ...] = ()  # "2017", "2020": when the question is about a year
    tokens: tuple[Token, ...] = ()
    roles: Mapping[int, str] = field(default_factory=lambda: MappingProxyType({}))  # token index -> role
    corrected: tuple[int, ...] = ()  # token indices mended by the speller
    unknown: tuple[int, ...] = ()  # content words nothing explains ("väder", "capital")
    truncated: bool = False
    in_domain: bool = True
    defines: bool = False  # "vad är ett socialt företag?", "what is a …": what one is, not which ones
    period: Period = field(default_factory=Period)  # "kommande", "i december", "next year"
    chat: str | None = None  # "greeting" or "thanks": conversation, nothing to look up
    person: str | None = None  # "who is Anna Berg?": a person's name as typed, asked about by context
    guides: tuple[GuideMatch, ...] = ()  # guides that fit the question, best first
    howto: bool = False  # asks how something is done, and a guide fits ("hur startar jag …")
    relation: RelationAsk | None = None  # "who funds …", "vem finansierar …", "kas finansē …"
    follow_up: bool = False  # shaped as a follow-up ("och i Umeå?"): may lean on the previous question
    described: tuple[int, ...] = ()  # words only entries' descriptions explain ("deaf", "maizi")

    @property
    def empty(self) -> bool:
        return not self.tokens

    @property
    def region_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.region for p in self.places))

    @property
    def theme_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.theme for t in self.themes))

    def has_role(self, role: str) -> bool:
        return role in self.roles.values()
