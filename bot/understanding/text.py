"""Text normalisation shared by the index builder and the question parser.

Both sides of every comparison go through the same functions, so "Örebro", "orebro" and "ÖREBRO",
or "Rīgā" and "riga", meet in the middle. Folding throws away case and diacritics (officials type
on whatever keyboard they have); stemming throws away inflection per language.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from bot.knowledge.model import Lang

# Letters NFKD does not decompose into base + combining mark.
_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "ø": "o",
        "œ": "oe",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "’": "",
        "'": "",
        "`": "",
        "´": "",
    }
)

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_APOSTROPHE = re.compile(r"(?<=\w)['’´`](?=\w)")


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Casefold and strip diacritics: "Jēkabpilī" -> "jekabpili", "Örebro" -> "orebro"."""
    lowered = text.casefold().translate(_SPECIAL)
    if lowered.isascii():  # most text: nothing to decompose
        return lowered
    return _COMBINING.sub("", unicodedata.normalize("NFKD", lowered))


def words(text: str) -> list[str]:
    """Folded words; apostrophes inside a word join it ("Children's" -> "childrens")."""
    return _WORD.findall(fold(_APOSTROPHE.sub("", text)))


def squash(text: str) -> str:
    """A name with every separator removed, so "Re:form" and "reform" are the same key."""
    return "".join(words(text))


def key(text: str) -> str:
    """A phrase as one comparable string: folded words joined by single spaces."""
    return " ".join(words(text))


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a question: folded form plus what the original looked like."""

    text: str  # folded
    raw: str  # as typed
    index: int  # position among the question's tokens
    capitalised: bool  # starts with an upper-case letter as typed
    sentence_start: bool  # first word of a sentence (so its capital says nothing)


_RAW_WORD = re.compile(r"[^\W_]+(?:['’´`][^\W_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?;\n]\s*$")


def tokenize(text: str) -> tuple[Token, ...]:
    """The question's words with enough context to judge whether a capital letter means a name."""
    tokens: list[Token] = []
    last_end = 0
    for match in _RAW_WORD.finditer(text):
        raw = _APOSTROPHE.sub("", match.group())
        between = text[last_end : match.start()]
        starts = not tokens or bool(_SENTENCE_END.search(between))
        last_end = match.end()
        for part in words(raw):
            tokens.append(
                Token(
                    text=part,
                    raw=raw,
                    index=len(tokens),
                    capitalised=raw[:1].isupper(),
                    sentence_start=starts,
                )
            )
            starts = False
    return tuple(tokens)


@lru_cache(maxsize=4)
def _snowball(lang: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer({"sv": "swedish", "en": "english"}[lang])


# Latvian case endings on folded words, longest first. A stem keeps at least three letters so
# "uz", "par", "kas" stay themselves.
_LV_ENDINGS = (
    "ajiem",
    "ajam",
    "ajai",
    "ajas",
    "ajos",
    "iem",
    "ajs",
    "aja",
    "ija",
    "ijas",
    "iju",
    "am",
    "em",
    "im",
    "um",
    "ai",
    "ei",
    "ij",
    "as",
    "es",
    "is",
    "us",
    "os",
    "ie",
    "a",
    "e",
    "i",
    "u",
    "s",
    "o",
)
_LV_MIN_STEM = 3


@lru_cache(maxsize=65_536)
def lv_stem(word: str) -> str:
    """Strip one Latvian case ending from a folded word: "rigas"/"riga"/"rigai" -> "rig"."""
    for ending in _LV_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _LV_MIN_STEM:
            return word[: -len(ending)]
    return word


@lru_cache(maxsize=65_536)  # snowball is pure Python; questions repeat their words
def stem(word: str, lang: Lang) -> str:
    """The stem of one folded word in `lang` (snowball for sv/en, suffix rules for lv)."""
    if lang == "lv":
        return lv_stem(word)
    stemmed = _snowball(lang).stemWord(word)
    if lang == "sv" and stemmed.endswith("alt") and len(stemmed) > 5:
        stemmed = stemmed[:-1]  # "socialt" -> "social": snowball keeps the neuter -t
    return stemmed


def stems(word: str) -> frozenset[str]:
    """The word's stem in every language, for matching when the language is unsure."""
    return frozenset({word, stem(word, "sv"), stem(word, "en"), lv_stem(word)})


def wordset(text: str) -> frozenset[str]:
    """The whitespace-separated words of a lexicon written as a block of text."""
    return frozenset(text.split())
