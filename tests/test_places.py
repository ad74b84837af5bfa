"""The gazetteer index: inflections, spellings, multi-word names and place names that are words."""

from __future__ import annotations

import pytest

from bot.understanding.places import Gazetteer
from bot.understanding.text import tokenize
from tests.matcher_knowledge import shipped


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(shipped().regions)


def places(gazetteer: Gazetteer, question: str, lang: str = "sv", explained=()) -> list[str]:
    return [p.region for p in gazetteer.find(tokenize(question), lang, explained=explained) if p.strong]


@pytest.mark.parametrize(
    ("question", "region", "lang"),
    [
        ("Karlskogas sociala företag", "se-karlskoga", "sv"),
        ("Örebros företag", "se-orebro", "sv"),
        ("karlskoga", "se-karlskoga", "sv"),
        ("orebro", "se-orebro", "sv"),
        ("Rīgā", "lv-riga", "lv"),
        ("Jēkabpilī", "lv-jekabpils-novads", "lv"),
        ("jekabpils", "lv-jekabpils-novads", "lv"),
        ("Latvijā", "lv", "lv"),
        ("Cēsīs", "lv-cesu-novads", "lv"),
        ("Upplands Väsby", "se-upplands-vasby", "sv"),
        ("Malung-Sälen", "se-malung-salen", "sv"),
        ("i Norrbotten", "se-norrbottens-lan", "sv"),
        ("Stockholms län", "se-stockholms-lan", "sv"),
        ("Gothenburg", "se-goteborg", "en"),
    ],
)
def test_places_are_found_in_their_forms(gazetteer, question, region, lang):
    assert region in places(gazetteer, question, lang)


def test_longest_name_wins(gazetteer):
    assert places(gazetteer, "sociala företag i Stockholms län") == ["se-stockholms-lan"]


@pytest.mark.parametrize(
    "question",
    [
        "vad kan vara bra",
        "Who is Mark Zuckerberg",
        "Vem är Anna Berg",
        "what are you",
        "an island in the sun",
    ],
)
def test_common_words_are_not_places(gazetteer, question):
    assert places(gazetteer, question, "en") == []


@pytest.mark.parametrize(
    ("question", "region"),
    [
        ("sociala företag i mark", "se-mark"),  # after a preposition
        ("Mark kommun", "se-mark"),  # before "kommun"
        ("finns det något i Vara", "se-vara"),
        ("social enterprises in Åre", "se-are"),
        ("Vi sitter i Lund", "se-lund"),
    ],
)
def test_common_words_are_places_when_the_sentence_says_so(gazetteer, question, region):
    assert places(gazetteer, question) == [region]


def test_a_lone_ambiguous_name_is_a_place_among_domain_words(gazetteer):
    tokens = tokenize("sociala företag lund")
    assert places(gazetteer, "sociala företag lund", explained={0, 1}) == ["se-lund"]
    assert places(gazetteer, "lund") == ["se-lund"]
    assert len(tokens) == 3


def test_latvian_case_forms_of_swedish_places_need_latvian(gazetteer):
    assert places(gazetteer, "Stokholmā", "lv") == ["se-stockholm"]
