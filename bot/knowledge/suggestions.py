"""Did-you-mean suggestions for misspelt field names and references.

Maintainers type ids from memory ("se-orebro" for "se-orebro-lan", "eldercare" for
"elderly-care"); naming the closest real one turns a puzzling error into a one-second fix.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping

from rapidfuzz import fuzz, process, utils

_ID_CUTOFF = 80  # rapidfuzz score 0..100; below this a "suggestion" is more confusing than none


def closest_word(word: str, choices: Iterable[str]) -> str | None:
    """The closest of a few fixed names (field names, kinds), by difflib's ratio."""
    cutoff = 0.5 if len(word) <= 3 else 0.6  # "se" for "sv" is a typo worth naming
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return found[0] if found else None


def closest_id(value: str, names: Mapping[str, str]) -> str | None:
    """The id whose id, name or alias is closest to `value`; `names` maps each such text to its id.

    Exact name matches win (someone wrote "Karlskoga" where the id "se-karlskoga" belongs).
    """
    folded = _fold(value)
    for text, ident in names.items():
        if _fold(text) == folded:
            return ident
    found = process.extractOne(
        value, names.keys(), scorer=fuzz.ratio, processor=_fold, score_cutoff=_ID_CUTOFF
    )
    return names[found[0]] if found else None


def _fold(text: str) -> str:
    """Lower case, no punctuation, no diacritics: "lv-jekabpils" is close to "Jēkabpils"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return utils.default_process("".join(c for c in decomposed if not unicodedata.combining(c)))


def did_you_mean(suggestion: str | None) -> str:
    return f" (did you mean '{suggestion}'?)" if suggestion else ""
