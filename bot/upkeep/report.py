"""The maintainers' report: what people asked that the knowledge base could not answer well.

Pure: logged rows and a knowledge snapshot in, a `Report` out (its formats: `report_formats`).
Similar questions are grouped (rapidfuzz, within the same
detected places and themes, so "enterprises in Kiruna" and "… in Gällivare" stay two gaps), and
places and themes are compared with what the knowledge base covers, so a maintainer sees where
to add entries first.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from rapidfuzz import fuzz

from bot.knowledge.model import Knowledge, Region
from bot.understanding.text import key
from bot.upkeep.question_records import Feedback, LoggedQuestion

ReportFormat = Literal["text", "markdown", "csv", "html"]
FORMATS: tuple[ReportFormat, ...] = ("text", "markdown", "csv", "html")

SIMILARITY = 80  # rapidfuzz token_sort_ratio at or above which two questions are "the same question"
MAX_GROUPS = 50
MAX_LISTED = 25  # places, themes, rated answers shown
MAX_VARIANTS = 3
SHOWN_CHARS = 160  # a question as quoted in the report
MAX_ROWS = 50_000  # rows considered (newest kept); a report is a summary, not an export

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"\s+")


# ----- the report ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class QuestionGroup:
    text: str  # the most common wording
    count: int
    askers: int  # distinct people
    languages: tuple[str, ...]
    no_results: int
    widened: int
    low_confidence: int
    last_asked: datetime
    regions: tuple[str, ...]
    themes: tuple[str, ...]
    variants: tuple[str, ...] = ()  # other wordings, most common first


@dataclass(frozen=True, slots=True)
class PlaceGap:
    region_id: str
    name: str
    kind: str
    within: str  # county and/or country name, for orientation
    questions: int
    askers: int


@dataclass(frozen=True, slots=True)
class ThemeGap:
    theme_id: str
    label: str
    questions: int
    askers: int


@dataclass(frozen=True, slots=True)
class CountyRow:
    """Demand (questions not answered well that name a place in the county) against coverage."""

    region_id: str
    name: str
    country: str
    code: str
    demand: int
    enterprises: int


@dataclass(frozen=True, slots=True)
class RatedAnswer:
    question: str
    results: tuple[str, ...]  # names of the results shown, as the knowledge base calls them now
    up: int
    down: int
    language: str
    last_rated: datetime


@dataclass(frozen=True, slots=True)
class Report:
    since: datetime
    until: datetime
    knowledge_version: str
    questions: int
    no_results: int
    widened: int  # nothing in the place asked about: answered from its county or a nearest node
    low_confidence: int
    askers: int
    ratings_up: int
    ratings_down: int
    groups: tuple[QuestionGroup, ...]
    place_gaps: tuple[PlaceGap, ...]
    theme_gaps: tuple[ThemeGap, ...]
    counties: tuple[CountyRow, ...]
    worst: tuple[RatedAnswer, ...]
    no_place: int = 0  # questions naming no place at all
    omitted_groups: int = 0

    @property
    def empty(self) -> bool:
        return self.questions == 0 and self.ratings_up == 0 and self.ratings_down == 0


# ----- building ---------------------------------------------------------------------------------------
def build_report(
    questions: Sequence[LoggedQuestion],
    feedback: Sequence[Feedback],
    knowledge: Knowledge,
    *,
    since: datetime,
    until: datetime,
) -> Report:
    """Summarise the rows logged in [since, until) against `knowledge`."""
    rows = [q for q in questions if since <= q.asked_at < until][-MAX_ROWS:]
    rated = [f for f in feedback if since <= f.rated_at < until][-MAX_ROWS:]
    groups = group_questions(rows)
    coverage = _Coverage(knowledge)
    return Report(
        since=since,
        until=until,
        knowledge_version=knowledge.version,
        questions=len(rows),
        no_results=sum(1 for q in rows if q.outcome == "no_results"),
        widened=sum(1 for q in rows if q.outcome == "widened"),
        low_confidence=sum(1 for q in rows if q.outcome == "low_confidence"),
        askers=len({q.user_hash for q in rows if q.user_hash}),
        ratings_up=sum(1 for f in rated if f.rating > 0),
        ratings_down=sum(1 for f in rated if f.rating < 0),
        groups=tuple(groups[:MAX_GROUPS]),
        omitted_groups=max(0, len(groups) - MAX_GROUPS),
        place_gaps=tuple(_place_gaps(rows, knowledge, coverage)[:MAX_LISTED]),
        theme_gaps=tuple(_theme_gaps(rows, knowledge, coverage)[:MAX_LISTED]),
        counties=tuple(_counties(rows, knowledge, coverage)),
        worst=tuple(_worst(rated, knowledge)[:MAX_LISTED]),
        no_place=sum(1 for q in rows if not q.regions),
    )


def group_questions(rows: Iterable[LoggedQuestion]) -> list[QuestionGroup]:
    """Questions with the same places and themes and similar wording, most asked first."""
    members: list[list[LoggedQuestion]] = []
    keys: list[str] = []
    by_topic: dict[tuple[tuple[str, ...], tuple[str, ...]], list[int]] = defaultdict(list)
    for row in rows:
        norm = key(row.question) or row.question.strip().casefold()
        topic = (tuple(sorted(row.regions)), tuple(sorted(row.themes)))
        best, best_score = -1, -1.0
        for index in by_topic[topic]:
            score = 100.0 if keys[index] == norm else fuzz.token_sort_ratio(keys[index], norm)
            if score >= SIMILARITY and score > best_score:
                best, best_score = index, score
                if score == 100.0:
                    break
        if best < 0:
            best = len(members)
            members.append([])
            keys.append(norm)
            by_topic[topic].append(best)
        members[best].append(row)
    groups = [_group(rows) for rows in members]
    groups.sort(key=lambda g: (-g.count, -g.askers, -g.last_asked.timestamp(), g.text))
    return groups


def _group(rows: list[LoggedQuestion]) -> QuestionGroup:
    wordings = Counter(_shown(r.question) for r in rows)
    last = {w: max(r.asked_at for r in rows if _shown(r.question) == w) for w in wordings}
    ordered = sorted(wordings, key=lambda w: (-wordings[w], -last[w].timestamp(), w))
    languages = Counter(r.language for r in rows)
    return QuestionGroup(
        text=ordered[0],
        count=len(rows),
        askers=len({r.user_hash for r in rows if r.user_hash}),
        languages=tuple(sorted(languages, key=lambda lang: (-languages[lang], lang))),
        no_results=sum(1 for r in rows if r.outcome == "no_results"),
        widened=sum(1 for r in rows if r.outcome == "widened"),
        low_confidence=sum(1 for r in rows if r.outcome == "low_confidence"),
        last_asked=max(r.asked_at for r in rows),
        regions=tuple(sorted(rows[0].regions)),
        themes=tuple(sorted(rows[0].themes)),
        variants=tuple(ordered[1 : 1 + MAX_VARIANTS]),
    )


class _Coverage:
    """How many enterprises each region and theme has, counted once per snapshot."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self.by_region: Counter[str] = Counter()
        self.by_theme: Counter[str] = Counter()
        for enterprise in knowledge.enterprises.values():
            places: set[str] = set()
            for place in (enterprise.municipality, *enterprise.areas):
                places.update(self.ancestors(place))
            self.by_region.update(places)
            self.by_theme.update(set(enterprise.themes))

    def ancestors(self, region_id: str | None) -> list[str]:
        """The region and every region it lies in (municipality → county → country)."""
        chain: list[str] = []
        current = self.knowledge.regions.get(region_id or "")
        while current is not None and current.id not in chain:
            chain.append(current.id)
            current = self.knowledge.regions.get(current.parent or "")
        return chain


def _askers(rows: Iterable[LoggedQuestion]) -> int:
    return len({r.user_hash for r in rows if r.user_hash})


def _asked_about(rows: Sequence[LoggedQuestion], attribute: str) -> dict[str, list[LoggedQuestion]]:
    """The questions naming each place (`regions`) or theme (`themes`), each question once per id."""
    asked: dict[str, list[LoggedQuestion]] = defaultdict(list)
    for row in rows:
        for ident in set(getattr(row, attribute)):
            asked[ident].append(row)
    return asked


def _place_gaps(rows: Sequence[LoggedQuestion], knowledge: Knowledge, coverage: _Coverage) -> list[PlaceGap]:
    gaps = []
    for region_id, hits in _asked_about(rows, "regions").items():
        region = knowledge.regions.get(region_id)
        if coverage.by_region[region_id] > 0:
            continue
        if region is None:  # a place the knowledge base no longer knows: still a gap, shown by id
            gaps.append(PlaceGap(region_id, region_id, "unknown", "", len(hits), _askers(hits)))
            continue
        within = _within(region, knowledge)
        gaps.append(PlaceGap(region_id, region.name, region.kind, within, len(hits), _askers(hits)))
    gaps.sort(key=lambda g: (-g.questions, -g.askers, g.name))
    return gaps


def _within(region: Region, knowledge: Knowledge) -> str:
    names = []
    current = knowledge.regions.get(region.parent or "")
    while current is not None and len(names) < 3:
        names.append(current.name)
        current = knowledge.regions.get(current.parent or "")
    return ", ".join(names)


def _theme_gaps(rows: Sequence[LoggedQuestion], knowledge: Knowledge, coverage: _Coverage) -> list[ThemeGap]:
    gaps = []
    for theme_id, hits in _asked_about(rows, "themes").items():
        if coverage.by_theme[theme_id] > 0:
            continue
        theme = knowledge.themes.get(theme_id)
        label = theme.label.get("en") if theme is not None else theme_id
        gaps.append(ThemeGap(theme_id, label, len(hits), _askers(hits)))
    gaps.sort(key=lambda g: (-g.questions, -g.askers, g.label))
    return gaps


def _counties(rows: Sequence[LoggedQuestion], knowledge: Knowledge, coverage: _Coverage) -> list[CountyRow]:
    demand: Counter[str] = Counter()
    for row in rows:
        counties = set()
        for region_id in row.regions:
            county = knowledge.county_of(region_id)
            if county is not None:
                counties.add(county.id)
        demand.update(counties)
    table = [
        CountyRow(
            region_id=region.id,
            name=region.name,
            country=region.country,
            code=region.code or "",
            demand=demand[region.id],
            enterprises=coverage.by_region[region.id],
        )
        for region in knowledge.regions.values()
        if region.kind in ("county", "planning_region")
    ]
    table.sort(key=lambda c: (c.country, c.code or c.name, c.name))
    return table


def _worst(rated: Sequence[Feedback], knowledge: Knowledge) -> list[RatedAnswer]:
    by_answer: dict[str, list[Feedback]] = defaultdict(list)
    for rating in rated:
        by_answer[rating.answer_key].append(rating)
    answers = []
    for ratings in by_answer.values():
        down = sum(1 for r in ratings if r.rating < 0)
        if not down:
            continue
        latest = max(ratings, key=lambda r: r.rated_at)
        answers.append(
            RatedAnswer(
                question=_shown(latest.question),
                results=tuple(_result_name(ref, knowledge) for ref in latest.results),
                up=sum(1 for r in ratings if r.rating > 0),
                down=down,
                language=latest.language,
                last_rated=latest.rated_at,
            )
        )
    answers.sort(key=lambda a: (-(a.down - a.up), -a.down, -a.last_rated.timestamp(), a.question))
    return answers


def _result_name(ref: str, knowledge: Knowledge) -> str:
    kind, _, ident = ref.partition(":")
    table = {
        "enterprise": knowledge.enterprises,
        "contact": knowledge.contacts,
        "organisation": knowledge.organisations,
        "event": knowledge.events,
    }.get(kind, {})
    entry = table.get(ident)
    return entry.name if entry is not None else f"{ident} (no longer in the knowledge base)"


def _shown(question: str) -> str:
    """A question as it may be printed anywhere: no control or direction characters, one line, short."""
    text = _SPACES.sub(" ", _CONTROL.sub("", question)).strip()
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1].rstrip() + "…"
