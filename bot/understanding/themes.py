"""Finding the knowledge base's themes in a question.

Built once per snapshot from each theme's synonyms. A synonym is a word ("seniorer"), a phrase
("elderly care") or a prefix ("äldre*", which also covers Swedish compounds such as "äldreomsorg").
Words match exactly or by stem in the synonym's language; short words (under five letters) only in
their own language, so Latvian "kurš" (who) never reads as Swedish "kurs" (course).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.knowledge.model import LANGS, Lang, Theme
from bot.understanding.language import LEXICON
from bot.understanding.text import Token, stem, words


@lru_cache(maxsize=65_536)  # questions repeat their words; a pasted page repeats them many times
def _stems_by_language(word: str) -> Mapping[Lang, str]:
    """The word's stem per language (shared: never changed by its users)."""
    return {lang: stem(word, lang) for lang in LANGS}


_SHORT = 5  # words and prefixes shorter than this only match in their own language
_MIN_STEM = 5  # a shorter stem is too vague to equate two words ("jobbar" is not "jobb")
_MAX_STEM_GAP = 2  # inflection adds a few letters; derivation adds more and changes the meaning
_MIN_PREFIX_WORD = 7  # a word this long that another merely extends by a letter or two is the same word
_COMPOUND_HEAD = 5  # a prefix at least this long may end a Swedish compound ("ungdomsarbetslöshet")
_COMPOUND_MODIFIER = 3
_LOOSE_WINDOW = 5  # the words of an unordered phrase lie within this many tokens
_FUNCTION_WORDS = frozenset().union(*LEXICON.values())


@dataclass(frozen=True, slots=True)
class ThemeMatch:
    theme: str
    start: int
    end: int
    text: str  # as typed


@dataclass(frozen=True, slots=True)
class _Part:
    word: str  # folded
    prefix: bool
    lang: Lang

    def matches(self, token: str, lang: Lang, token_stems: Mapping[Lang, str]) -> bool:
        if len(self.word) < _SHORT and lang != self.lang:
            return False
        if self.prefix:
            return token.startswith(self.word)
        if token == self.word:
            return True
        if abs(len(token) - len(self.word)) > _MAX_STEM_GAP:  # "företagande" is not "företag"
            return False
        shorter, longer = sorted((token, self.word), key=len)
        if len(shorter) >= _MIN_PREFIX_WORD and longer.startswith(shorter):  # "samverka" / "samverkan"
            return True
        word_stem = stem(self.word, self.lang)
        return len(word_stem) >= _MIN_STEM and token_stems[self.lang] == word_stem


@dataclass(frozen=True, slots=True)
class _Synonym:
    theme: str
    parts: tuple[_Part, ...]


class ThemeIndex:
    """Synonyms indexed by their first word (exact and stemmed) and by prefix."""

    def __init__(self, themes: Mapping[str, Theme]) -> None:
        self._by_word: dict[str, list[_Synonym]] = {}
        self._by_stem: dict[tuple[Lang, str], list[_Synonym]] = {}
        self._by_prefix: dict[str, list[_Synonym]] = {}  # keyed by the prefix's first three letters
        self._heads: dict[
            str, list[tuple[str, str]]
        ] = {}  # compound heads: first 3 letters -> (prefix, theme)
        self._loose: dict[str, list[_Synonym]] = {}  # phrases by each content word's first 3 letters
        vocabulary: dict[str, set[Lang]] = {}
        for theme in themes.values():
            for lang in LANGS:
                for synonym in theme.synonyms.get(lang, ()):
                    prefix = synonym.rstrip().endswith("*")
                    parts_words = words(synonym.rstrip().rstrip("*"))
                    if not parts_words:
                        continue
                    parts = tuple(
                        _Part(word, prefix and i == len(parts_words) - 1, lang)
                        for i, word in enumerate(parts_words)
                    )
                    entry = _Synonym(theme.id, parts)
                    first = parts[0]
                    if first.prefix:
                        self._by_prefix.setdefault(first.word[:3], []).append(entry)
                        if len(parts) == 1 and len(first.word) >= _COMPOUND_HEAD and lang == "sv":
                            self._heads.setdefault(first.word[:3], []).append((first.word, theme.id))
                    else:
                        self._by_word.setdefault(first.word, []).append(entry)
                        first_stem = stem(first.word, lang)
                        if len(first_stem) >= _MIN_STEM:
                            self._by_stem.setdefault((lang, first_stem), []).append(entry)
                    for word in parts_words:
                        vocabulary.setdefault(word, set()).add(lang)
                    content = [part for part in parts if part.word not in _FUNCTION_WORDS]
                    if len(content) >= 2:
                        for part in content:
                            bucket = self._loose.setdefault(part.word[:3], [])
                            if entry not in bucket:
                                bucket.append(entry)
        self.vocabulary: Mapping[str, frozenset[Lang]] = {w: frozenset(ls) for w, ls in vocabulary.items()}

    def _candidates(self, token: str, token_stems: Mapping[Lang, str]) -> list[_Synonym]:
        found = list(self._by_word.get(token, ()))
        for lang in LANGS:
            found.extend(self._by_stem.get((lang, token_stems[lang]), ()))
        found.extend(self._by_prefix.get(token[:3], ()))
        return found

    def languages(self, token: str) -> frozenset[Lang]:
        """The languages whose synonyms contain this word or a prefix of it (for language detection)."""
        found = set(self.vocabulary.get(token, ()))
        for synonym in self._by_prefix.get(token[:3], ()):
            first = synonym.parts[0]
            if len(synonym.parts) == 1 and token.startswith(first.word):
                found.add(first.lang)
        return frozenset(found)

    def knows(self, token: str) -> bool:
        """The word starts a synonym or fits a prefix: the speller must leave it alone."""
        if token in self._by_word:
            return True
        return any(
            s.parts[0].word and token.startswith(s.parts[0].word) for s in self._by_prefix.get(token[:3], ())
        )

    def find(
        self, tokens: Sequence[Token], lang: Lang, *, skip: Collection[int] = ()
    ) -> tuple[ThemeMatch, ...]:
        """Theme mentions, longest synonym first at each position; `skip` are tokens of names."""
        stems = [_stems_by_language(t.text) for t in tokens]
        found: list[ThemeMatch] = []
        i = 0
        n = len(tokens)
        while i < n:
            # Every theme the longest phrase here names ("second hand": reuse and environment alike).
            best: tuple[int, list[str]] | None = None
            if i not in skip:
                for synonym in self._candidates(tokens[i].text, stems[i]):
                    length = len(synonym.parts)
                    if i + length > n or any(j in skip for j in range(i, i + length)):
                        continue
                    if not all(
                        part.matches(tokens[i + k].text, lang, stems[i + k])
                        for k, part in enumerate(synonym.parts)
                    ):
                        continue
                    if best is None or length > best[0]:
                        best = (length, [synonym.theme])
                    elif length == best[0] and synonym.theme not in best[1]:
                        best[1].append(synonym.theme)
                if best is None:
                    head = self._compound_head(tokens[i].text, lang)
                    if head is not None:
                        best = (1, [head])
            if best is None:
                i += 1
                continue
            length, themes = best
            text = " ".join(t.raw for t in tokens[i : i + length])
            found.extend(ThemeMatch(theme, i, i + length, text) for theme in themes)
            i += length
        return (*found, *self._unordered(tokens, lang, stems, skip, found))

    def _unordered(
        self,
        tokens: Sequence[Token],
        lang: Lang,
        stems: Sequence[Mapping[Lang, str]],
        skip: Collection[int],
        found: Sequence[ThemeMatch],
    ) -> list[ThemeMatch]:
        """Phrases whose content words all occur, in any order, close together: "kommunen samarbeta
        med sociala företag" has the words of "samarbete med kommun*"."""
        taken = set(skip) | {i for m in found for i in range(m.start, m.end)}
        free = [t for t in tokens if t.index not in taken]
        seen: set[int] = set()
        extra: list[ThemeMatch] = []
        for token in free:
            near: list[Token] | None = None  # the free words around this one, found once
            for synonym in self._loose.get(token.text[:3], ()):
                if id(synonym) in seen or any(m.theme == synonym.theme for m in (*found, *extra)):
                    continue
                seen.add(id(synonym))
                hit: list[int] = []
                if near is None:
                    near = [t for t in free if abs(t.index - token.index) <= _LOOSE_WINDOW]
                for part in synonym.parts:
                    if part.word in _FUNCTION_WORDS:
                        continue
                    where = next(
                        (
                            t.index
                            for t in near
                            if t.index not in hit and part.matches(t.text, lang, stems[t.index])
                        ),
                        None,
                    )
                    if where is None:
                        break
                    hit.append(where)
                else:
                    if hit and max(hit) - min(hit) <= _LOOSE_WINDOW:
                        start, end = min(hit), max(hit) + 1
                        extra.append(
                            ThemeMatch(
                                synonym.theme, start, end, " ".join(tokens[i].raw for i in sorted(hit))
                            )
                        )
        return extra

    def _compound_head(self, token: str, lang: Lang) -> str | None:
        """A theme prefix that ends a compound: "ungdomsarbetslöshet" -> arbetslös*."""
        if lang != "sv" or len(token) < _COMPOUND_MODIFIER + _COMPOUND_HEAD:
            return None
        for cut in range(_COMPOUND_MODIFIER, len(token) - _COMPOUND_HEAD + 1):
            rest = token[cut:]
            for prefix, theme in self._heads.get(rest[:3], ()):
                if rest.startswith(prefix):
                    return theme
        return None
