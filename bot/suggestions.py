"""Did-you-mean suggestions for misspelt field names and references.

Maintainers type ids from memory ("se-orebro" for "se-orebro-lan", "eldercare" for
"elderly-care"); naming the closest real one turns a puzzling error into a one-second fix.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from rapidfuzz import fuzz, process, utils

_ID_CUTOFF = 80  # rapidfuzz score 0..100; below this a "suggestion" is more confusing than none


def closest_word(word: str, choices: Iterable[str]) -> str | None:
    """The closest of a few fixed names (field names, kinds), by difflib's ratio."""
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def closest_id(value: str, names: Mapping[str, str]) -> str | None:
    """The id whose id, name or alias is closest to `value`; `names` maps each such text to its id.

    Exact name matches win (someone wrote "Karlskoga" where the id "se-karlskoga" belongs).
    """
    folded = utils.default_process(value)
    for text, ident in names.items():
        if utils.default_process(text) == folded:
            return ident
    found = process.extractOne(
        value, names.keys(), scorer=fuzz.ratio, processor=utils.default_process, score_cutoff=_ID_CUTOFF
    )
    return names[found[0]] if found else None


def did_you_mean(suggestion: str | None) -> str:
    return f" (did you mean '{suggestion}'?)" if suggestion else ""
