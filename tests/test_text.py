"""Normalisation: both sides of every comparison are folded, split and stemmed the same way."""

from __future__ import annotations

import pytest

from bot.understanding.text import fold, key, lv_stem, squash, stem, tokenize, words


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Jēkabpilī", "jekabpili"),
        ("ĀĒĪŪ ņļģķ ŠŽČ", "aeiu nlgk szc"),
        ("Örebro Skåne Västerås", "orebro skane vasteras"),
        ("Straße", "strasse"),
        ("ÖREBRO", "orebro"),
    ],
)
def test_fold_strips_case_and_diacritics(typed, folded):
    assert fold(typed) == folded


def test_words_join_apostrophes_and_split_on_punctuation():
    assert words("Children's discovery house") == ["childrens", "discovery", "house"]
    assert words("Re:form, Malung-Sälen!") == ["re", "form", "malung", "salen"]
    assert squash("Re:form") == "reform"
    assert key("  Upplands   Väsby ") == "upplands vasby"


def test_tokens_remember_capitals_and_sentence_starts():
    tokens = tokenize("Vem är Anders Bro? Mark kommun. Re:form")
    by_text = {t.text: t for t in tokens}
    assert by_text["vem"].sentence_start and by_text["vem"].capitalised
    assert by_text["anders"].capitalised and not by_text["anders"].sentence_start
    assert by_text["mark"].sentence_start  # after "?"
    assert not by_text["form"].sentence_start  # a colon inside a name does not end a sentence
    assert [t.index for t in tokens] == list(range(len(tokens)))


@pytest.mark.parametrize(
    ("forms", "stem_"),
    [
        (("riga", "rigas", "rigai", "rigu"), "rig"),
        (("jekabpils", "jekabpili", "jekabpilij"), "jekabpil"),
        (("tukums", "tukuma"), "tukum"),
        (("cesis", "cesu"), "ces"),
    ],
)
def test_latvian_case_endings_share_a_stem(forms, stem_):
    assert {lv_stem(form) for form in forms} == {stem_}


def test_short_latvian_words_keep_their_ending():
    assert lv_stem("uz") == "uz"
    assert lv_stem("kas") == "kas"


def test_snowball_stems_for_swedish_and_english():
    assert stem("sociala", "sv") == stem("socialt", "sv") == "social"
    assert stem("enterprises", "en") == stem("enterprise", "en")
    assert stem("uznemumi", "lv") == stem("uznemums", "lv")
