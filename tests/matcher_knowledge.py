"""Knowledge for matcher tests: the shipped gazetteer and themes (public reference data) with a few
made-up entries, all named "Exempel …", so tests of ranking rules do not move when the real
knowledge base is edited. Nothing here is presented as a fact about a real enterprise or person."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.knowledge.loading import load_knowledge
from bot.knowledge.model import Contact, Enterprise, Event, Knowledge, Organisation, Source, Text, When

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Source(
    id="exempel-kalla",
    seed="000_exempel.txt",
    publisher="Exempel",
    title="Exempelsida",
    url="https://example.org/exempel-kalla",
    published=date(2025, 6, 1),
    retrieved=date(2026, 1, 1),
)
VERIFIED = date(2026, 1, 1)
TODAY = date(2026, 11, 23)


@cache
def shipped() -> Knowledge:
    """The knowledge base in the repository, loaded once per test run."""
    return load_knowledge(ROOT / "knowledge")


def _by_id(items: list[Any]) -> MappingProxyType:
    return MappingProxyType({item.id: item for item in items})


def _org(id: str, name: str, kind: str, **kw: Any) -> Organisation:
    return Organisation(
        id=id,
        name=name,
        kind=kind,
        description=Text(sv=f"{name}: påhittad för tester."),
        source=(SOURCE.id,),
        **kw,
    )


def _person(id: str, name: str, role: str, **kw: Any) -> Contact:
    return Contact(id=id, name=name, role=Text(sv=role), source=(SOURCE.id,), **kw)


def _firm(id: str, name: str, **kw: Any) -> Enterprise:
    return Enterprise(
        id=id,
        name=name,
        description=Text(sv=f"{name}: ett påhittat socialt företag."),
        source=(SOURCE.id,),
        **kw,
    )


def _event(id: str, name: str, start: date, end: date, **kw: Any) -> Event:
    return Event(
        id=id,
        name=name,
        description=Text(en=f"{name}: a made-up event."),
        start=When(start, "day"),
        end=When(end, "day"),
        source=(SOURCE.id,),
        **kw,
    )


def fictional() -> Knowledge:
    """Real places and themes; made-up organisations, people, enterprises and events."""
    real = shipped()
    organisations = [
        _org("exempel-kansli", "Exempel Nationellt Kansli", "network", home="se", serves=("se",)),
        _org(
            "exempel-nod-norr",
            "Exempel Nod Norr",
            "node",
            home="se-lulea",
            serves=("se-norrbottens-lan",),
            parent="exempel-kansli",
        ),
        _org("exempel-lettland", "Exempel Centrs", "support", home="lv"),
    ]
    contacts = [
        _person(
            "exempel-nordlund",
            "Exempla Nordlund",
            "Regionsansvarig",
            organisation="exempel-nod-norr",
            regions=("se-norrbottens-lan",),
            phone="000-111 22 33",
        ),
        _person(
            "exempel-kanslist",
            "Exempla Kanslist",
            "Verksamhetsledare",
            organisation="exempel-kansli",
            regions=("se",),
        ),
        _person(
            "exempel-latvis",
            "Exempla Latve",
            "projekta vadītāja",
            organisation="exempel-lettland",
            regions=("lv",),
            email="exempla@example.org",
        ),
    ]
    enterprises = [
        _firm("exempel-omsorg", "Exempel Omsorg", municipality="se-karlskoga", themes=("elderly-care",)),
        _firm(
            "exempel-atervinning", "Exempel Återvinning", municipality="se-karlskoga", themes=("environment",)
        ),
        _firm(
            "exempel-markbolaget", "Exempel Markbolaget", municipality="se-mark", themes=("work-integration",)
        ),
        _firm(
            "exempel-laxor",
            "Stiftelsen Exempelläxor",
            aliases=("Exempelläxor",),
            themes=("homework-help",),
            areas=("se-umea", "se-mora"),
            people=("exempel-nordlund",),
        ),
    ]
    events = [
        _event(
            "exempel-dagen-2027",
            "Exempeldagen 2027",
            date(2027, 3, 2),
            date(2027, 3, 2),
            place="se-lulea",
            organiser="exempel-nod-norr",
        ),
        _event(
            "exempel-forum-2020",
            "Exempelforum 2020",
            date(2020, 11, 10),
            date(2020, 11, 11),
            digital=True,
            organiser="exempel-kansli",
            link="https://www.exempelforum.example",
        ),
    ]
    return Knowledge(
        version="fictional-test",
        sources=MappingProxyType({SOURCE.id: SOURCE}),
        regions=real.regions,
        themes=real.themes,
        organisations=_by_id(organisations),
        contacts=_by_id(contacts),
        enterprises=_by_id(enterprises),
        events=_by_id(events),
        _children=real._children,
    )
