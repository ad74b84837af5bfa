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
        # Candidates by length and first letter, and by length and last letter: one edit leaves at least
        # one end of a word as typed, so a look-up compares a few hundred words, not the vocabulary.
        by_first: dict[tuple[int, str], list[str]] = {}
        by_last: dict[tuple[int, str], list[str]] = {}
        for word in sorted(known):
            by_first.setdefault((len(word), word[0]), []).append(word)
            by_last.setdefault((len(word), word[-1]), []).append(word)
        self._near_first = self._spread(by_first)
        self._near_last = self._spread(by_last)

    @staticmethod
    def _spread(table: dict[tuple[int, str], list[str]]) -> dict[tuple[int, str], tuple[str, ...]]:
        """(length, letter) -> words of that letter within two letters of that length."""
        spread: dict[tuple[int, str], tuple[str, ...]] = {}
        for length, letter in {(n + d, c) for n, c in table for d in range(-_SPREAD, _SPREAD + 1)}:
            if length >= SWAP_LENGTH:
                spread[(length, letter)] = tuple(
                    w
                    for size in range(length - _SPREAD, length + _SPREAD + 1)
                    for w in table.get((size, letter), ())
                )
        return spread

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
        # Short words: only a dropped or doubled letter ("sumit"); "nästa" is not "Basta".
        scorer = Indel.distance if len(word) <= SHORT else OSA.distance
        # Choices are folded once at build time, so no processor runs per question.
        best = None
        for table, letter in ((self._near_first, word[0]), (self._near_last, word[-1])):
            choices = table.get((len(word), letter))
            if not choices:
                continue
            found = process.extractOne(
                word, choices, scorer=scorer, processor=None, score_cutoff=max_edits(len(word))
            )
            if found is not None and (best is None or found[1] < best[1]):
                best = found
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
