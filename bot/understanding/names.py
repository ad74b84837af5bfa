"""Finding enterprises, organisations, people and events by name in a question.

Built once per snapshot from every name and alias. A name typed in full ("Ung Omsorg", "Re:form" as
"reform") is an exact match; part of a name ("aniara", "Storbacka") matches when the part is
distinctive: rare among all names and not a word the question would use anyway (places, "social",
"enterprise"). Rare words weigh more (inverse document frequency), so "social innovation summit"
prefers the Summit to Mötesplats Social Innovation.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, pairwise
from urllib.parse import urlsplit

from bot.knowledge.model import Knowledge
from bot.understanding.text import Token, fold, lv_stem, stem, tokenize, words

EXACT = 1.0
_PARTIAL_BASE = 0.45
_PARTIAL_SPAN = 0.4  # a partial match scores at most 0.85: below any exact one
_MIN_COVERAGE = 0.2
_MIN_DISTINCTIVE_LENGTH = 3
_WEAK_FACTOR = 0.25
_MIN_HOST = 5  # "www.msi.se" adds nothing; "sisummit" does
_FULL_NAME = 0.9  # first and last word of a name typed ("Gloria Lopez" for "Gloria-Karin Lopez")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)  # a name's words as written (case and diacritics kept)


_OWN_LETTERS = frozenset("åäöāēīūņļģķčšž")  # letters that make another word in Swedish or Latvian
_SQUASHED_SPAN = 2  # words a name written as one may be typed in


@dataclass(frozen=True, slots=True)
class NameMatch:
    key: str  # "kind:id"
    score: float  # 0..1: 1 for a full name or alias, less for a part
    text: str  # what the user typed that matched
    exact: bool
    tokens: tuple[int, ...]  # token indices that matched


@dataclass(frozen=True, slots=True)
class _Form:
    key: str
    words: tuple[str, ...]
    total: float  # sum of word weights


class NameIndex:
    def __init__(self, knowledge: Knowledge, *, weak: Callable[[str], bool] = lambda word: False) -> None:
        """`weak`: tells words that are places or ordinary question words; they never make a partial
        match on their own and weigh little in one."""
        forms: list[tuple[str, tuple[str, ...]]] = []
        self._spelled: dict[str, set[str]] = {}  # folded word -> how names spell it (case-folded)
        self._written: dict[str, set[str]] = {}  # folded word -> how names write it (case kept)
        folded: dict[str, str] = {}  # each distinct word of the names folded once (20,000 names repeat many)
        for key, names in entry_names(knowledge):
            seen: set[tuple[str, ...]] = set()
            for name in names:
                form = tuple(words(name))
                if form and form not in seen:
                    seen.add(form)
                    forms.append((key, form))
                for written in _WORD.findall(name):
                    plain = folded.get(written)
                    if plain is None:
                        plain = folded[written] = fold(written)
                    self._spelled.setdefault(plain, set()).add(written.casefold())
                    self._written.setdefault(plain, set()).add(written)
        key_words: dict[str, set[str]] = {}
        for key, form in forms:
            key_words.setdefault(key, set()).update(form)
        # How many entries have each word in their names.
        document_frequency = Counter(chain.from_iterable(key_words.values()))
        entries = len(key_words) or 1
        self._weak = frozenset(word for word in document_frequency if weak(word))
        self._weight: dict[str, float] = {
            word: math.log(1 + entries / df) * (_WEAK_FACTOR if word in self._weak or word.isdigit() else 1.0)
            for word, df in document_frequency.items()
        }
        self._idf_ceiling = math.log(1 + entries)
        self._phrases: dict[tuple[str, ...], set[str]] = {}
        self._squashed: dict[str, set[str]] = {}
        self._forms: list[_Form] = []
        self._forms_by_word: dict[str, list[int]] = {}
        weight = self._weight.__getitem__
        for index, (key, form) in enumerate(forms):
            self._phrases.setdefault(form, set()).add(key)
            if len(form) > 1:
                self._squashed.setdefault("".join(form), set()).add(key)
            self._forms.append(_Form(key, form, sum(map(weight, form))))
            for word in set(form):
                self._forms_by_word.setdefault(word, []).append(index)
        self._longest = max((len(form) for _, form in forms), default=1)
        self._starts = frozenset(form[0] for form in self._phrases if form) | frozenset(self._squashed)
        # "Latgales uzņēmējdarbības centru", "Zemgales plānošanas reģionam": a name of several words in
        # another case, its last word's ending changed.
        self._inflected: dict[tuple[str, ...], set[str]] = {}
        for form, keys in self._phrases.items():
            if len(form) > 1:
                self._inflected.setdefault((*form[:-1], lv_stem(form[-1])), set()).update(keys)
        self._key_words = {key: frozenset(found) for key, found in key_words.items()}

    def vocabulary(self) -> frozenset[str]:
        return frozenset(self._weight) | frozenset(self._squashed)

    def is_name(self, form: tuple[str, ...]) -> bool:
        """Whether these folded words are an entry's whole name or alias ("vinnova", "coompanion")."""
        return form in self._phrases

    def words_of(self, key: str) -> frozenset[str]:
        """Every word of an entry's names (for tie-breaks between equally good results)."""
        return self._key_words.get(key, frozenset())

    def distinctive(self, word: str) -> bool:
        """Rare enough among names, and not a place or question word, to point at one entry."""
        weight = self._weight.get(word)
        return (
            weight is not None
            and word not in self._weak
            and len(word) >= _MIN_DISTINCTIVE_LENGTH
            and not word.isdigit()
            and weight >= 0.5 * self._idf_ceiling
        )

    def spelled_differently(self, token: Token) -> bool:
        """The user typed letters the names do not have: "bästa" is not "Basta"."""
        typed = token.raw.casefold()
        if typed == token.text or not typed.isalpha() or token.text not in self._spelled:
            return False
        if typed in self._spelled[token.text]:
            return False
        # "López" for "Lopez": an accent Swedish and Latvian do not read as another letter says nothing.
        extra = set(typed) - set().union(*self._spelled[token.text])
        return bool(extra & _OWN_LETTERS)

    def written_as_name(self, token: Token) -> bool:
        """Typed the way a name writes it, so meant as the name: "RaiSE", or "Basta" capitalised
        mid-sentence. A lower-case "raise" or a sentence's first "Raise" may be the ordinary word."""
        if token.raw not in self._written.get(token.text, ()):
            # "Ramalla" capitalised mid-sentence and mended into "Ramala": a name misspelt, not a word.
            return fold(token.raw) != token.text and token.capitalised and not token.sentence_start
        return any(c.isupper() for c in token.raw[1:]) or (token.capitalised and not token.sentence_start)

    def _squash_starts(self, tokens: Sequence[Token], i: int) -> bool:
        """A name written as one word may be typed as two ("sina vita")."""
        if i + 1 >= len(tokens):
            return False
        joined = tokens[i].text + tokens[i + 1].text
        return joined in self._squashed or (joined,) in self._phrases  # "koop tjanst" is "KoopTjänst"

    def find(self, tokens: Sequence[Token], *, corrected: Collection[int] = ()) -> tuple[NameMatch, ...]:
        """Every entry named in the question, best score per entry."""
        tokens = [t for t in tokens if t.index in corrected or not self.spelled_differently(t)]
        best: dict[str, NameMatch] = {}
        covered: set[int] = set()
        n = len(tokens)
        for i in range(n):
            if tokens[i].text not in self._starts and not self._squash_starts(tokens, i):
                continue  # no name starts with this word
            for length in range(min(self._longest, n - i), 0, -1):
                span = tokens[i : i + length]
                if any(b.index - a.index != 1 for a, b in pairwise(span)):
                    continue
                keys = self._phrases.get(tuple(t.text for t in span))
                if keys is None and length <= _SQUASHED_SPAN:  # "sina vita" is "SinaVita"
                    joined = "".join(t.text for t in span)
                    keys = self._squashed.get(joined) or (
                        self._phrases.get((joined,)) if length > 1 else None
                    )
                if keys is None and length > 1:
                    keys = self._inflected.get((*(t.text for t in span[:-1]), lv_stem(span[-1].text)))
                if keys is None:
                    continue
                # A one-word name that is a place or question word ("Vinnova" is fine, "Region" is not)
                # only counts when typed with a capital mid-sentence.
                if (
                    length == 1
                    and span[0].text in self._weak
                    and span[0].index not in corrected
                    and not (span[0].capitalised and not span[0].sentence_start)
                ):
                    continue
                indices = tuple(t.index for t in span)
                penalty = 0.05 * sum(1 for k in indices if k in corrected)
                for key in keys:
                    _keep(best, NameMatch(key, EXACT - penalty, _typed(span), True, indices))
                covered.update(indices)
                break
        self._partial(tokens, best, covered, corrected)
        return tuple(sorted(best.values(), key=lambda m: (-m.score, m.key)))

    def _partial(
        self,
        tokens: Sequence[Token],
        best: dict[str, NameMatch],
        covered: set[int],
        corrected: Collection[int],
    ) -> None:
        by_index = {t.index: t for t in tokens}
        # Only names holding a distinctive word can match in part, so only those are looked at: a
        # common word ("Föreningen") would otherwise visit thousands of names.
        forms = {i for t in tokens if self.distinctive(t.text) for i in self._forms_by_word.get(t.text, ())}
        matched: dict[int, set[int]] = {}  # form index -> token indices
        for form_index in forms:
            words_in_form = set(self._forms[form_index].words)
            matched[form_index] = {t.index for t in tokens if t.text in words_in_form}
        for form_index, indices in matched.items():
            form = self._forms[form_index]
            texts = {by_index[i].text for i in indices}
            if best.get(form.key) is not None and best[form.key].exact:
                continue
            coverage = sum(self._weight[w] for w in texts) / form.total if form.total else 0.0
            if coverage < _MIN_COVERAGE:
                continue
            penalty = 0.05 * sum(1 for k in indices if k in corrected)
            score = _PARTIAL_BASE + _PARTIAL_SPAN * min(coverage, 1.0) - penalty
            if len(form.words) > 1 and {form.words[0], form.words[-1]} <= texts:
                score = max(score, _FULL_NAME - penalty)
            ordered = tuple(sorted(indices))
            _keep(best, NameMatch(form.key, score, _typed(by_index[i] for i in ordered), False, ordered))


def _typed(span: Iterable[Token]) -> str:
    raws: list[str] = []
    for token in span:
        if not raws or raws[-1] != token.raw:
            raws.append(token.raw)
    return " ".join(raws)


def _keep(best: dict[str, NameMatch], match: NameMatch) -> None:
    current = best.get(match.key)
    if current is None or match.score > current.score:
        best[match.key] = match


def _host(url: str | None) -> tuple[str, ...]:
    """The name in a web address ("https://www.sisummit.se" -> "sisummit"), which people type too."""
    if not url:
        return ()
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").removeprefix("www.")
    label = host.split(".")[0] if "." in host else ""
    return (label,) if len(label) >= _MIN_HOST else ()


def entry_names(knowledge: Knowledge) -> Iterable[tuple[str, tuple[str, ...]]]:
    for entry in knowledge.enterprises.values():
        yield f"enterprise:{entry.id}", (entry.name, *entry.aliases, *_host(entry.website))
    for entry in knowledge.organisations.values():
        yield f"organisation:{entry.id}", (entry.name, *entry.aliases, *_host(entry.website))
    for entry in knowledge.contacts.values():
        yield f"contact:{entry.id}", (entry.name,)
    for entry in knowledge.events.values():
        venue = (
            (entry.venue.split("(")[0].strip(),) if entry.venue else ()
        )  # "Örebro slott (avslutande middag)"
        yield f"event:{entry.id}", (entry.name, *entry.aliases, *venue, *_host(entry.link))


@dataclass(frozen=True, slots=True)
class RoleMatch:
    contact: str  # contact id
    score: float  # share of the question's topic words the published role explains (0..1)
    tokens: tuple[int, ...]


_ROLE_SEGMENT = re.compile(r"[,;]")
_ROLE_TAIL = 0.5  # words after the first comma or semicolon describe more than the role itself
_MIN_ROLE_SCORE = 0.5
_ROLE_STEM = 5


class RoleIndex:
    """People by their published role ("verksamhetsledare", "national coordinator", "vd").

    Roles are long and mention other entries ("State Secretary to Mikael Damberg at the Ministry"), so
    a role counts by how much of the question it explains, and its first segment counts double.
    """

    def __init__(
        self,
        knowledge: Knowledge,
        *,
        stopwords: Collection[str],
        generic: Callable[[str], bool] = lambda w: False,
    ) -> None:
        self._stop = frozenset(stopwords)
        self._generic = generic
        self._words: dict[str, dict[str, float]] = {}  # word or stem -> contact id -> weight
        for contact in knowledge.contacts.values():
            for text in contact.role.all():
                head, *tail = _ROLE_SEGMENT.split(text, maxsplit=1)
                for part, weight in ((head, 1.0), (" ".join(tail), _ROLE_TAIL)):
                    for word in words(part):
                        if word in self._stop:
                            continue
                        for k in _role_keys(word):
                            found = self._words.setdefault(k, {})
                            found[contact.id] = max(found.get(contact.id, 0.0), weight)

    def vocabulary(self) -> frozenset[str]:
        return frozenset(k for k in self._words if k.isalpha())

    def mentions(self, knowledge: Knowledge, names: NameIndex) -> dict[str, list[str]]:
        """Entry key -> contacts whose published role names it ("Projektledare Social Innovation
        Summit"), so asking about the entry can find its people."""
        found: dict[str, list[str]] = {}
        for contact in knowledge.contacts.values():
            for text in contact.role.all():
                # Only the role itself ("Projektledare Social Innovation Summit"), not what the source
                # adds after it ("…; MSI met him"): a person is the contact of what they work for.
                head = _ROLE_SEGMENT.split(text, maxsplit=1)[0]
                for match in names.find(tokenize(head)):
                    if match.exact and match.key != f"contact:{contact.id}":
                        people = found.setdefault(match.key, [])
                        if contact.id not in people:
                            people.append(contact.id)
        return found

    def find(self, tokens: Sequence[Token], *, content: Collection[int]) -> tuple[RoleMatch, ...]:
        """Contacts whose role explains at least half of the `content` tokens (the question's topic words)."""
        topic = [t for t in tokens if t.index in content and t.text not in self._stop and len(t.text) >= 3]
        if not topic:
            return ()
        explained: dict[str, float] = {}
        hits: dict[str, list[int]] = {}
        in_head: set[str] = set()  # contacts with at least one word of the role itself, not its tail
        for token in topic:
            found: dict[str, float] = {}
            for k in _role_keys(token.text):
                for contact_id, weight in self._words.get(k, {}).items():
                    found[contact_id] = max(found.get(contact_id, 0.0), weight)
            for contact_id, weight in found.items():
                explained[contact_id] = explained.get(contact_id, 0.0) + weight
                if weight >= 1.0:
                    in_head.add(contact_id)
                hits.setdefault(contact_id, []).append(token.index)
        by_index = {t.index: t.text for t in topic}
        matches = [
            RoleMatch(contact_id, round(total / len(topic), 4), tuple(hits[contact_id]))
            for contact_id, total in explained.items()
            if total / len(topic) >= _MIN_ROLE_SCORE
            and contact_id in in_head
            and not all(self._generic(by_index[i]) for i in hits[contact_id])  # "projekts" alone is no role
        ]
        return tuple(sorted(matches, key=lambda m: (-m.score, m.contact)))


def _role_keys(word: str) -> tuple[str, ...]:
    """A word and, when long enough to be safe, its Swedish and English stems ("communications")."""
    if len(word) < _ROLE_STEM:
        return (word,)
    return tuple(dict.fromkeys((word, "~" + stem(word, "sv"), "~" + stem(word, "en"))))
