"""Language detection from the question's own words; Swedish when nothing decides."""

from __future__ import annotations

import pytest

from bot.understanding.language import detect_language
from bot.understanding.text import tokenize


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Which social enterprises are there in Karlskoga?", "en"),
        ("vem kan hjälpa oss i Skellefteå", "sv"),
        ("Kas var palīdzēt?", "lv"),
        ("Anyone working with elderly care?", "en"),
        ("när är nästa evenemang", "sv"),
        ("kur ir sociālie uzņēmumi", "lv"),
    ],
)
def test_function_words_and_letters_decide(question, lang):
    assert detect_language(tokenize(question)) == lang


def test_swedish_when_nothing_decides():
    assert detect_language(tokenize("aniara")) == "sv"
    assert detect_language(tokenize("")) == "sv"


def test_ignored_words_do_not_vote_with_their_letters():
    tokens = tokenize("social enterprises Örebro Västerås Göteborg")
    names = {t.index for t in tokens if t.text in {"orebro", "vasteras", "goteborg"}}
    assert detect_language(tokens, ignore=names, vocabulary={"enterprises": frozenset({"en"})}) == "en"


def test_vocabulary_hints_count():
    tokens = tokenize("missbruksvård")
    assert detect_language(tokens, vocabulary={"missbruksvard": frozenset({"sv"})}) == "sv"
    assert detect_language(tokenize("elderly"), vocabulary={"elderly": frozenset({"en"})}) == "en"
