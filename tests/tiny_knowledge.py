"""A tiny, made-up knowledge snapshot and a scripted matcher, for Slack tests that must not depend on
the shipped knowledge base or on the matcher's ranking. Every name here is fictional and marked so
("Exempel …"); nothing here is presented as a fact about the real world."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import Any

from bot.knowledge.model import (
    Contact,
    Enterprise,
    Event,
    Knowledge,
    Organisation,
    Region,
    Source,
    Text,
    Theme,
    When,
)
from bot.understanding.answers import Answer, Note, Reason, Result

SOURCE = Source(
    id="test-source",
    seed="000_test.txt",
    publisher="Test publisher",
    title="Test page",
    url="https://example.org/test-source",
    published=date(2025, 6, 1),
    retrieved=date(2026, 1, 1),
)
VERIFIED = date(2026, 1, 1)


def _map(items: list[Any]) -> MappingProxyType:
    return MappingProxyType({item.id: item for item in items})


def tiny_knowledge(*, version: str = "v-tiny", enterprises: int = 1) -> Knowledge:
    regions = [
        Region(id="se", kind="country", name="Sverige", country="SE", code="SE", names_en="Sweden"),
        Region(id="se-testlan", kind="county", name="Testlän", country="SE", code="SE-Z", parent="se"),
        Region(
            id="se-exempelby",
            kind="municipality",
            name="Exempelby",
            country="SE",
            code="9999",
            parent="se-testlan",
        ),
    ]
    theme = Theme(
        id="elderly-care",
        label=Text(sv="Äldreomsorg", en="Elderly care", lv="Veco ļaužu aprūpe"),
        synonyms={"en": ("elderly",)},
    )
    org = Organisation(
        id="exempel-nod",
        name="Exempel nod",
        kind="node",
        description=Text(sv="En påhittad nod för tester."),
        source=(SOURCE.id,),
        serves=("se-testlan",),
        website="https://example.org/nod",
    )
    contact = Contact(
        id="exempel-person",
        name="Exempel Person",
        role=Text(sv="utvecklingsledare", en="development manager"),
        source=(SOURCE.id,),
        organisation="exempel-nod",
        regions=("se-testlan",),
        phone="000-000 00 00",
        email="exempel@example.org",
    )
    firms = [
        Enterprise(
            id=f"exempel-foretag-{n}",
            name=f"Exempel Företag {n}",
            description=Text(
                sv=f"Ett påhittat socialt företag nummer {n}.", en=f"A made-up social enterprise no. {n}."
            ),
            source=(SOURCE.id,),
            municipality="se-exempelby",
            themes=("elderly-care",),
            people=("exempel-person",),
            website="https://example.org/foretag",
        )
        for n in range(1, enterprises + 1)
    ]
    events = [
        Event(
            id="exempel-dagen",
            name="Exempeldagen",
            description=Text(en="A made-up event."),
            start=When(date(2030, 5, 10), "day"),
            end=When(date(2030, 5, 11), "day"),
            source=(SOURCE.id,),
            place="se-exempelby",
            venue="Exempelhallen",
            organiser="exempel-nod",
            link="https://example.org/dagen",
        ),
        Event(
            id="gamla-dagen",
            name="Gamla dagen",
            description=Text(en="A made-up past event."),
            start=When(date(2019, 3, 1), "month"),
            end=When(date(2019, 3, 1), "month"),
            source=(SOURCE.id,),
            digital=True,
        ),
    ]
    return Knowledge(
        version=version,
        sources=_map([SOURCE]),
        regions=_map(regions),
        themes=_map([theme]),
        organisations=_map([org]),
        contacts=_map([contact]),
        enterprises=_map(firms),
        events=_map(events),
    )


def enterprise_result(enterprise_id: str, score: float = 0.9) -> Result:
    return Result(
        kind="enterprise",
        id=enterprise_id,
        name=enterprise_id,
        score=score,
        why=(
            Reason("in_place", MappingProxyType({"place": "se-exempelby"})),
            Reason("theme", MappingProxyType({"theme": "elderly-care"})),
        ),
    )


def answer_of(question: str, *results: Result) -> Answer:
    """An English answer about enterprises with `results` (none: nothing found), knowledge version "v"."""
    return Answer(question, "en", "enterprises", (), (), tuple(results), knowledge_version="v")


class ScriptedMatcher:
    """Answers every question with every enterprise in the snapshot (or with `results` when given),
    in English unless the question starts with "sv:"/"lv:"; records the questions it was asked."""

    def __init__(self, knowledge: Knowledge, results: tuple[Result, ...] | None = None) -> None:
        self.knowledge = knowledge
        self.results = results
        self.questions: list[tuple[str, date]] = []

    def answer(self, question: str, *, today: date, context: object = None) -> Answer:
        self.questions.append((question, today))
        lang = "en"
        if question[:3] in ("sv:", "lv:"):
            lang = question[:2]
        if question.strip().lower() in ("help", "hjälp"):
            return Answer(question, lang, "help", (), (), (), knowledge_version=self.knowledge.version)  # type: ignore[arg-type]
        results = self.results
        if results is None:
            results = tuple(
                Result(
                    kind="enterprise",
                    id=e.id,
                    name=e.name,
                    score=1 - i / 100,
                    why=(Reason("in_place", MappingProxyType({"place": "se-exempelby"})),),
                )
                for i, e in enumerate(self.knowledge.enterprises.values())
            )
        notes = () if results else (Note("nothing_found"),)
        return Answer(question, lang, "enterprises", (), (), results, notes, self.knowledge.version)  # type: ignore[arg-type]


FIXED_NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
