"""The words of what entries do, as their descriptions say it: "deaf", "hospice", "cep maizi".

Themes cover what people usually ask about; a question may name something only an entry's own
description says ("social enterprises that employ deaf people", "sociālais uzņēmums, kas cep maizi").
Each description word is indexed by its stem in the description's language, once per snapshot; a
question word finds the entries whose description has it in any language's stem. Words that many
entries share ("social", "people") say nothing about which one is meant and are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.knowledge.model import LANGS, Knowledge, Lang
from bot.understanding.text import fold, stem, stems

_RAW_WORD = re.compile(r"[^\W_]+")
MIN_LETTERS = 4  # shorter words ("för", "and", "ar") are grammar, not what an entry does
MAX_SHARE = 0.04  # a word in more than this share of entries describes none of them
MIN_ENTRIES = 5  # ... but a small knowledge base may share a word among this many


class DescriptionIndex:
    """Entry keys by the stems of their descriptions' words."""

    def __init__(self, knowledge: Knowledge, *, ignore: Iterable[str] = ()) -> None:
        """`ignore`: words that never describe an entry (question words, the domain's own words)."""
        skip = frozenset(ignore)
        entries = [
            *((f"enterprise:{e.id}", e.description) for e in knowledge.enterprises.values()),
            *((f"organisation:{o.id}", o.description) for o in knowledge.organisations.values()),
            *((f"event:{v.id}", v.description) for v in knowledge.events.values()),
        ]
        limit = max(MIN_ENTRIES, int(len(entries) * MAX_SHARE))
        # Words first, each stemmed once: 20,000 descriptions share far fewer distinct words.
        by_word: dict[tuple[str, Lang], list[str]] = {}
        folded: dict[str, str] = {}  # each distinct word as typed, folded once
        for key, text in entries:
            for lang in LANGS:
                value = getattr(text, lang)
                if value:
                    for raw in set(_RAW_WORD.findall(value)):
                        word = folded.get(raw)
                        if word is None:
                            word = folded[raw] = fold(raw)
                        by_word.setdefault((word, lang), []).append(key)
        found: dict[str, set[str]] = {}
        for (word, lang), keys in by_word.items():
            if len(keys) > limit or len(word) < MIN_LETTERS or word in skip or word.isdigit():
                continue
            found.setdefault(stem(word, lang), set()).update(keys)
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
