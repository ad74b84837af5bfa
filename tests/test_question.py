"""Parsing a question: intent, typos, themes (stems, compounds), names, roles and the domain check."""

from __future__ import annotations

import pytest

from bot.understanding.question import QUESTION_LIMIT, QuestionParser
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
        ("hej", "smalltalk"),
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
    assert "hanna-sigsjo" in {m.contact for m in q.roles_of_people}
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


@pytest.mark.parametrize(
    "question",
    ["var ligger Ale kommun", "where is Jönköping", "hur stor är Umeå kommun", "Kur atrodas Jēkabpils?"],
)
def test_where_a_place_is_or_what_it_is_like_is_geography(parser, question):
    assert parser.parse(question).intent == "out_of_domain"


def test_geography_words_beside_a_topic_stay_in_domain(parser):
    assert parser.parse("var ligger MSI Syd?").intent == "about"
    assert parser.parse("where are the social enterprises in Örebro located?").intent == "enterprises"


def test_a_place_noun_belongs_to_its_place(parser):
    q = parser.parse("Ale kommun")
    assert q.region_ids == ("se-ale",)
    assert "domain" not in q.roles.values()  # "kommun" here says which place, not what about


def test_a_one_word_name_used_as_an_ordinary_word_is_not_the_name(parser):
    q = parser.parse("Raise money for a school trip")
    assert not q.names
    assert q.intent == "out_of_domain"
    assert parser.parse("Raise").names[0].key == "organisation:raise"  # the whole question is the name
    assert parser.parse("vad gjorde RaiSE i Karlskoga?").names[0].key == "organisation:raise"  # as written
    assert parser.parse("sisummit.se").names  # a web address: nothing else in the question


def test_a_theme_that_only_restates_the_domain_is_no_constraint_beside_a_place(parser):
    assert parser.parse("Malmös sociala entreprenörer").theme_ids == ()
    alone = parser.parse("vad är socialt entreprenörskap")
    assert alone.theme_ids == ("social-entrepreneurship-support",)
    with_topic = parser.parse("utbildning för sociala entreprenörer")
    assert with_topic.theme_ids == ("education-of-social-entrepreneurs",)


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("who works with unemployed young people?", "enterprises"),  # who does the work
        ("kas strādā ar jauniešiem?", "enterprises"),
        ("who works at MSI?", "contact"),  # whom to call there
        ("vem ansvarar för Norrbotten?", "contact"),
    ],
)
def test_who_does_the_work_or_whom_to_call(parser, question, intent):
    assert parser.parse(question).intent == intent


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("vad är Samverka?", "help"),
        ("who are you", "help"),
        ("jag behöver hjälp", "help"),
        ("tack för hjälpen!", "smalltalk"),  # chatter: nothing to look up, answered as such
        ("hej, kan du hjälpa mig?", "smalltalk"),
        ("hej, vem kan hjälpa mig i Luleå?", "contact"),
        ("hur ansöker man om pengar från Vinnova?", "about"),  # a name written as one outweighs two words
        ("I bought new Prisma glasses yesterday", "out_of_domain"),
    ],
)
def test_help_chatter_and_written_names(parser, question, intent):
    assert parser.parse(question).intent == intent


def test_a_long_word_and_its_inflection_are_one_theme_word(parser):
    assert parser.parse("samverka med kommuner").theme_ids == ("municipal-collaboration",)


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("kontaktpersona Luleå", "lv"),  # a Latvian word as listed beats fitting Swedish "kontakt*"
        ("Örebro's social enterprises", "en"),  # a genitive place's ö is no Swedish vote
        ("Karlskogas sociala företag", "sv"),
    ],
)
def test_language_of_a_question_with_places(parser, question, lang):
    assert parser.parse(question).language == lang
