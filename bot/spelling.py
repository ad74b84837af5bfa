"""Correcting typos against the words the knowledge base and the question lexicons know.

One vocabulary for places, names, themes and question words, so a typo is mended into whatever it
is closest to ("karlskga" -> a place, "sumit" -> a name, "eldery" -> a theme) and then goes through
the same rules as a correctly typed word. Candidates are bucketed by length once per snapshot, so a
look-up compares only words that could reach the score cut-off.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

MIN_LENGTH = 5  # shorter words have too many neighbours to guess from
_SPREAD = 2  # fuzz.ratio above the cut-offs needs lengths within two letters


def cutoff(length: int) -> float:
    """The fuzz.ratio a correction needs: one dropped or added letter in short words, about one
    wrong letter in seven in long ones."""
    if length <= 6:
        return 90.0
    if length <= 9:
        return 85.0
    return 82.0


class Speller:
    def __init__(self, vocabulary: Iterable[str]) -> None:
        known = {word for word in vocabulary if word.isalpha()}
        self._known = frozenset(known)
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
        if len(word) < MIN_LENGTH or not word.isalpha() or word in self._known:
            return None
        choices = self._near.get(len(word))
        if not choices:
            return None
        # Choices are folded once at build time, so no processor runs per question.
        best = process.extractOne(
            word, choices, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff(len(word))
        )
        if best is None:
            return None
        return best[0], best[1] / 100.0
