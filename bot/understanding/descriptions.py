"""The words of what entries do, as their descriptions say it: "deaf", "hospice", "cep maizi".

Themes cover what people usually ask about; a question may name something only an entry's own
description says ("social enterprises that employ deaf people", "sociālais uzņēmums, kas cep maizi").
Each description word is indexed by its stem in the description's language, once per snapshot; a
question word finds the entries whose description has it in any language's stem. Words that many
entries share ("social", "people") say nothing about which one is meant and are left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from bot.knowledge.model import LANGS, Knowledge, Lang
from bot.understanding.text import stem, stems, words

MIN_LETTERS = 4  # shorter words ("för", "and", "ar") are grammar, not what an entry does
MAX_SHARE = 0.04  # a word in more than this share of entries describes none of them
MIN_ENTRIES = 5  # ... but a small knowledge base may share a word among this many


@lru_cache(maxsize=262_144)
def _stem(word: str, lang: Lang) -> str:
    return stem(word, lang)


class DescriptionIndex:
    """Entry keys by the stems of their descriptions' words."""

    def __init__(self, knowledge: Knowledge, *, ignore: Iterable[str] = ()) -> None:
        """`ignore`: words that never describe an entry (question words, the domain's own words)."""
        skip = frozenset(ignore)
        found: dict[str, set[str]] = {}
        entries = [
            *((f"enterprise:{e.id}", e.description) for e in knowledge.enterprises.values()),
            *((f"organisation:{o.id}", o.description) for o in knowledge.organisations.values()),
        ]
        for key, text in entries:
            for lang in LANGS:
                value = getattr(text, lang)
                if not value:
                    continue
                for word in set(words(value)):
                    if len(word) < MIN_LETTERS or word in skip or word.isdigit():
                        continue
                    found.setdefault(_stem(word, lang), set()).add(key)
        limit = max(MIN_ENTRIES, int(len(entries) * MAX_SHARE))
        self._keys: dict[str, tuple[str, ...]] = {
            form: tuple(sorted(keys)) for form, keys in found.items() if len(keys) <= limit
        }

    def find(self, word: str) -> tuple[str, ...]:
        """The entries whose description has `word` (a folded question word), in any language."""
        if len(word) < MIN_LETTERS:
            return ()
        keys: set[str] = set()
        for form in stems(word):
            keys.update(self._keys.get(form, ()))
        return tuple(sorted(keys))
