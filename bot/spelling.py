"""Correcting typos against the words the knowledge base and the question lexicons know.

One vocabulary for places, names, themes and question words, so a typo is mended into whatever it
is closest to ("karlskga" -> a place, "sumit" -> a name, "eldery" -> a theme) and then goes through
the same rules as a correctly typed word. Candidates are bucketed by length once per snapshot, so a
look-up compares only words that could reach the score cut-off.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel

MIN_LENGTH = 5  # shorter words have too many neighbours to guess from
SWAP_LENGTH = 4  # four-letter words: only a swap of neighbours
SHORT = 6  # up to this length only a dropped or added letter
_SPREAD = 2  # at most two edits: lengths within two letters


def max_edits(length: int) -> int:
    """Edits a correction may need: one in words of up to eight letters, two in longer ones. More
    turns "invånare" into "invandrare"."""
    return 1 if length <= 8 else 2


class Speller:
    def __init__(self, targets: Iterable[str], *, also_known: Iterable[str] = ()) -> None:
        """`targets`: words a typo may be corrected into (names, places, themes); `also_known`: words
        left alone but never guessed (question words: "besökte" must not become "besöket")."""
        known = {word for word in targets if word.isalpha()}
        self._targets = frozenset(known)
        self._known = self._targets | frozenset(also_known)
        by_length: dict[int, list[str]] = {}
        for word in sorted(known):
            if len(word) >= MIN_LENGTH - _SPREAD:
                by_length.setdefault(len(word), []).append(word)
        longest = max(by_length, default=0)
        self._near: dict[int, tuple[str, ...]] = {
            length: tuple(
                word
                for size in range(max(MIN_LENGTH, length - _SPREAD), length + _SPREAD + 1)
                for word in by_length.get(size, ())
            )
            for length in range(MIN_LENGTH, longest + _SPREAD + 1)
        }

    def __contains__(self, word: str) -> bool:
        return word in self._known

    def correct(self, word: str) -> tuple[str, float] | None:
        """The known word `word` most likely stands for and the similarity (0..1), or None."""
        if not word.isalpha() or word in self._known:
            return None
        if len(word) == SWAP_LENGTH:
            return self._swapped(word)
        if len(word) < MIN_LENGTH:
            return None
        choices = self._near.get(len(word))
        if not choices:
            return None
        # Short words: only a dropped or doubled letter ("sumit"); "nästa" is not "Basta".
        scorer = Indel.distance if len(word) <= SHORT else OSA.distance
        # Choices are folded once at build time, so no processor runs per question.
        best = process.extractOne(
            word, choices, scorer=scorer, processor=None, score_cutoff=max_edits(len(word))
        )
        if best is None:
            return None
        return best[0], 1.0 - best[1] / max(len(word), len(best[0]))

    def _swapped(self, word: str) -> tuple[str, float] | None:
        """Four letters: only two neighbours swapped ("phil" for "Pihl")."""
        for i in range(len(word) - 1):
            swapped = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            if swapped != word and swapped in self._targets:
                return swapped, 0.75
        return None
