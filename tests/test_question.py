"""Parsing a question: intent, typos, themes (stems, compounds), names, roles and the domain check."""

from __future__ import annotations

import pytest

from bot.question import QUESTION_LIMIT, QuestionParser
from tests.matcher_knowledge import shipped


@pytest.fixture(scope="module")
def parser() -> QuestionParser:
    return QuestionParser(shipped())


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Which social enterprises are there in Karlskoga?", "enterprises"),
        ("vem kan hjälpa oss i Skellefteå", "contact"),
        ("Who can I talk to in Luleå?", "contact"),
        ("kontakts Latvijā", "contact"),
        ("När är Social Innovation Summit?", "events"),
        ("evenemang", "events"),
        ("aniara", "about"),
        ("vad gör SE Forum?", "about"),
        ("help", "help"),
        ("hjälp", "help"),
        ("what can you do", "help"),
        ("Vad blir det för väder imorgon?", "out_of_domain"),
        ("What is the capital of France?", "out_of_domain"),
        ("hej", "out_of_domain"),
        ("asdkjh qwe zxcvb", "out_of_domain"),
        ("Is Riga the capital of Latvia?", "out_of_domain"),
    ],
)
def test_intent(parser, question, intent):
    assert parser.parse(question).intent == intent


@pytest.mark.parametrize(
    ("typo", "region"),
    [
        ("karlskga", "se-karlskoga"),
        ("sociala företag i halsberg", "se-hallsberg"),
        ("Skelleftea", "se-skelleftea"),
    ],
)
def test_typos_in_places_are_mended(parser, typo, region):
    q = parser.parse(typo)
    assert region in q.region_ids


def test_typos_in_names_are_mended_and_flagged(parser):
    q = parser.parse("social inovation sumit")
    assert q.names[0].key == "event:social-innovation-summit-2020"
    assert q.corrected  # the answer knows it guessed
    assert q.names[0].score < 1.0


def test_short_words_are_not_guessed_into_names(parser):
    q = parser.parse("när går nästa tåg till Göteborg?")
    assert not q.names
    assert q.intent == "out_of_domain"


def test_typed_diacritics_are_respected(parser):
    assert not parser.parse("bästa pizzan i Örebro?").names  # "bästa" is not "Basta"
    assert parser.parse("basta").names[0].key == "enterprise:basta"


@pytest.mark.parametrize(
    ("question", "theme"),
    [
        ("missbruksvård", "addiction-and-rehabilitation"),  # compound of a prefix synonym
        ("äldreomsorg", "elderly-care"),
        ("Anyone working with elderly care?", "elderly-care"),
        ("eldery care", "elderly-care"),  # typo
        ("ungdomsarbetslöshet", "youth-and-school"),
        ("hur kan kommunen samarbeta med sociala företag", "municipal-collaboration"),  # words in any order
    ],
)
def test_themes(parser, question, theme):
    assert theme in parser.parse(question).theme_ids


def test_a_place_is_not_a_theme_prefix(parser):
    q = parser.parse("Laxå sociala företag")  # "läx*" is homework help; Laxå is a place
    assert q.region_ids == ("se-laxa",)
    assert q.theme_ids == ()


def test_derived_words_are_not_themes(parser):
    # "företagande" stems like "företag", but "sociala företag" is not "socialt företagande"
    assert parser.parse("sociala företag i Karlskoga").theme_ids == ()


def test_partial_and_full_names(parser):
    assert parser.parse("reform örebro").names[0].key == "enterprise:re-form"
    aniara = parser.parse("aniara").names[0]
    assert aniara.key == "enterprise:aniara-maskin-och-fastighet"
    full = parser.parse("Idrott Utan Gränser").names[0]
    assert full.exact and full.score == 1.0


def test_people_by_published_role(parser):
    q = parser.parse("verksamhetsledare MSI")
    assert q.roles_of_people[0].contact == "hanna-sigsjo"
    assert q.intent == "contact"


def test_long_questions_are_cut(parser):
    q = parser.parse("sociala företag i Karlskoga " * 2000)
    assert q.truncated
    assert len(q.text) <= QUESTION_LIMIT


def test_empty_question(parser):
    q = parser.parse("   ")
    assert q.empty
    assert q.intent == "help"


def test_years_are_read(parser):
    assert parser.parse("events in 2018").years == (2018,)
