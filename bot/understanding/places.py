"""Finding the gazetteer's places in a question.

Officials write "Karlskogas", "Rīgā", "jekabpils", "Malung-Sälen", "i mark". The index is built once
per knowledge snapshot from every name, English name and alias (plus the short forms people use:
"Norrbotten" for "Norrbottens län", "Jēkabpils" for "Jēkabpils novads"); a question then costs a few
dictionary look-ups per word. Typos are not handled here: the speller corrects them first, so a
guessed place and a typed place go through the same rules.

Some places are also ordinary words (Mark, Berg, Vara, Lund, Åre -> "are", Island). Those only count
when the sentence means a place: capitalised mid-sentence, after a preposition such as "i"/"in"/"från",
before "kommun"/"län", in a Latvian case form, or with nothing but domain words around them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from bot.knowledge.model import Lang, Region
from bot.understanding.language import LEXICON
from bot.understanding.text import Token, lv_stem, words, wordset

# Words that are place names too, beyond the everyday words of `bot.understanding.language.LEXICON`.
COMMON_WORDS: frozenset[str] = wordset(
    """
    mark berg lund boden vara sala ale are ange kil eda hjo mora nora orsa bjuv tibro kinda salem skara
    trosa sunne ogre island habo heby osby ydre flen bro valka madona lomma kumla hylte tanum
    """
) | frozenset().union(*LEXICON.values())

# A place name this short is a word in some language more often than it is a place.
SHORT = 4

PREPOSITIONS: frozenset[str] = wordset(
    """
    i pa fran kring runt nara inom utanfor till for vid in near around from at to within outside
    of across throughout uz no pie ap
    """
)
PLACE_NOUNS: frozenset[str] = wordset(
    """
    kommun kommuns kommunen lan lans lanet stad stads staden municipality county city region town
    novads novada novadam novadu pilseta pilsetas pilsetai pilsetu planosanas
    """
)

# Trailing words that official names carry and people leave out.
_DROPPABLE_TAILS: tuple[tuple[str, ...], ...] = (
    ("lan",),
    ("county",),
    ("novads",),
    ("planosanas", "regions"),
    ("planning", "region"),
    ("regions",),
)

_KIND_ORDER = {"municipality": 0, "county": 1, "planning_region": 1, "country": 2}
_MIN_LV_STEM = 4


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    region: str  # region id
    start: int  # first token index
    end: int  # one past the last token index
    text: str  # as typed
    strong: bool  # the context says it means a place (not the word "mark", "vara", "are")
    # Other places of the same kind whose names fold to the same words ("Håbo", "Habo"): the question's
    # context must settle which one is meant, or the answer asks (bot.matching.place_choice).
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Form:
    regions: tuple[str, ...]  # most specific first
    primary: bool  # a name or alias as written in the knowledge base, not a short form we derived


class Gazetteer:
    """Every place name form, indexed for look-up by word sequence."""

    def __init__(self, regions: Mapping[str, Region]) -> None:
        self._regions = regions
        exact: dict[tuple[str, ...], dict[str, bool]] = {}
        for region in regions.values():
            for name in region.names:
                form = tuple(words(name))
                if not form:
                    continue
                exact.setdefault(form, {})[region.id] = True
                for tail in _DROPPABLE_TAILS:
                    if len(form) > len(tail) and form[-len(tail) :] == tail:
                        short = form[: -len(tail)]
                        exact.setdefault(short, {}).setdefault(region.id, False)
                        if (
                            short[-1].endswith("s") and len(short[-1]) > 4
                        ):  # "Norrbottens län" -> "Norrbotten"
                            bare = (*short[:-1], short[-1][:-1])
                            exact.setdefault(bare, {}).setdefault(region.id, False)
        self._exact: dict[tuple[str, ...], _Form] = {form: self._form(ids) for form, ids in exact.items()}
        stemmed: dict[tuple[str, ...], dict[str, bool]] = {}
        for form, entry in self._exact.items():
            last = lv_stem(form[-1])
            if len(last) >= _MIN_LV_STEM:
                bucket = stemmed.setdefault((*form[:-1], last), {})
                for region_id in entry.regions:
                    bucket[region_id] = bucket.get(region_id, False) or entry.primary
        self._stemmed: dict[tuple[str, ...], _Form] = {form: self._form(ids) for form, ids in stemmed.items()}
        self._longest = max((len(form) for form in self._exact), default=1)

    def _form(self, ids: Mapping[str, bool]) -> _Form:
        primary = [region_id for region_id, is_primary in ids.items() if is_primary]
        chosen = primary or list(ids)
        chosen.sort(key=lambda rid: (_KIND_ORDER.get(self._regions[rid].kind, 3), rid))
        return _Form(tuple(chosen), bool(primary))

    def vocabulary(self) -> frozenset[str]:
        """Every word of every place name form, for the speller."""
        return frozenset(word for form in self._exact for word in form)

    def is_place_word(self, word: str) -> bool:
        return (word,) in self._exact

    def ambiguous(self) -> list[tuple[str, ...]]:
        """Every set of places of one kind whose names fold to the same words, for tests and checks."""
        found: list[tuple[str, ...]] = []
        for entry in (*self._exact.values(), *self._stemmed.values()):
            by_kind: dict[str, list[str]] = {}
            for region_id in entry.regions:
                by_kind.setdefault(self._regions[region_id].kind, []).append(region_id)
            found.extend(tuple(ids) for ids in by_kind.values() if len(ids) > 1)
        return sorted(set(found))

    def _alternatives(self, form: tuple[str, ...], region_id: str, inflected: bool) -> tuple[str, ...]:
        last = form[-1]
        candidates = [self._exact.get(form)]
        if inflected:
            candidates += [
                self._exact.get((*form[:-1], last[:-1])),
                self._stemmed.get((*form[:-1], lv_stem(last))),
            ]
        entry = next((c for c in candidates if c is not None and region_id in c.regions), None)
        if entry is None:
            return ()
        kind = self._regions[region_id].kind
        return tuple(r for r in entry.regions if r != region_id and self._regions[r].kind == kind)

    def _spellings(self, region_id: str) -> frozenset[str]:
        region = self._regions[region_id]
        return frozenset(name.casefold() for name in region.names)

    def _typed_choice(self, raw: str, region_id: str, others: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
        """ "Håbo" typed with its ring is Håbo: a name typed with the very letters of one place settles it."""
        typed = raw.casefold()
        if typed.isascii():
            return region_id, others
        exact = [r for r in (region_id, *others) if self._regions[r].name.casefold() == typed]
        return (exact[0], ()) if len(exact) == 1 else (region_id, others)

    def _lookup(self, form: tuple[str, ...], lang: Lang) -> tuple[str | None, bool]:
        """(region id, inflected) for a word sequence, trying genitive and Latvian case endings."""
        entry = self._exact.get(form)
        if entry is not None:
            return entry.regions[0], False
        last = form[-1]
        if last.endswith("s") and len(last) > 3:  # Swedish/English genitive: "Karlskogas", "Örebros"
            entry = self._exact.get((*form[:-1], last[:-1]))
            if entry is not None:
                return entry.regions[0], True
        stem = lv_stem(last)
        if len(stem) >= _MIN_LV_STEM and stem != last:
            entry = self._stemmed.get((*form[:-1], stem))
            if entry is not None:
                region_id = entry.regions[0]
                if lang == "lv" or self._regions[region_id].country == "LV":
                    return region_id, True
        return None, False

    def find(
        self,
        tokens: Sequence[Token],
        lang: Lang,
        *,
        explained: Collection[int] = (),
        skip: Collection[int] = (),
    ) -> tuple[PlaceMatch, ...]:
        """Places in the question, longest match first; `explained` are token indices already known to
        be domain or function words (they make a lone ambiguous word a place); `skip` are never places."""
        found: list[PlaceMatch] = []
        looked_up: dict[tuple[str, ...], tuple[str | None, bool]] = {}  # long questions repeat words
        i = 0
        n = len(tokens)
        while i < n:
            match = None
            if i not in skip:
                for length in range(min(self._longest, n - i), 0, -1):
                    span = tokens[i : i + length]
                    if any(t.index in skip for t in span):
                        continue
                    form = tuple(t.text for t in span)
                    if form not in looked_up:
                        looked_up[form] = self._lookup(form, lang)
                    region_id, inflected = looked_up[form]
                    if region_id is None:
                        continue
                    strong = self._strong(
                        tokens,
                        i,
                        i + length,
                        region_id=region_id,
                        inflected=inflected,
                        lang=lang,
                        explained=explained,
                    )
                    raw = " ".join(t.raw for t in span)
                    others = self._alternatives(form, region_id, inflected)
                    if others:
                        region_id, others = self._typed_choice(raw, region_id, others)
                    match = PlaceMatch(region_id, i, i + length, raw, strong, others)
                    break
            if match is None:
                i += 1
                continue
            found.append(match)
            i = match.end
        return tuple(found)

    def _strong(
        self,
        tokens: Sequence[Token],
        start: int,
        end: int,
        *,
        region_id: str,
        inflected: bool,
        lang: Lang,
        explained: Collection[int],
    ) -> bool:
        span = tokens[start:end]
        text = " ".join(t.text for t in span)
        base = text[:-1] if inflected and text.endswith("s") else text
        ambiguous = end - start == 1 and (
            text in COMMON_WORDS
            or base in COMMON_WORDS
            or (len(base) <= SHORT and self._regions[region_id].kind == "municipality")
        )
        if not ambiguous:
            return True
        before = tokens[start - 1] if start > 0 else None
        after = tokens[end] if end < len(tokens) else None
        if before is not None and before.text in PREPOSITIONS:
            return True
        if after is not None and after.text in PLACE_NOUNS:
            return True
        first = span[0]
        # "valkā", "ogrē": a Latvian case form (which may fold to the name itself), or a Latvian place in
        # a Latvian question about the domain ("kur ir sociālie uzņēmumi valkā").
        latvian = lang == "lv" and self._regions[region_id].country == "LV"
        if latvian and (inflected or first.raw.casefold() not in self._spellings(region_id) or explained):
            return True
        if first.capitalised and not first.sentence_start and not first.raw.isupper():
            # "Mark Zuckerberg", "Anna Berg": a capital next to another unknown capital is a person.
            neighbours = [t for t in (before, after) if t is not None and t.index not in explained]
            if not any(
                t.capitalised and not t.sentence_start and not self.is_place_word(t.text) for t in neighbours
            ):
                return True
        others = [t for t in tokens if t.index < start or t.index >= end]
        return all(t.index in explained or self.is_place_word(t.text) for t in others)
