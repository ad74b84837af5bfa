"""How-to questions and the guides that answer them.

"Hur startar jag ett socialt företag?", "how can we buy from social enterprises?", "kā iegūt sociālā
uzņēmuma statusu?" ask how to do something, not for a list of entries. Each guide is indexed once per
snapshot by the words of its keywords (which say most), title and body (which say least), each
weighed by how rare it is among guides and compared by stem in every language, so "startar",
"starta" and "start" meet. A question is a how-to question when it asks how (a cue word) and a guide
fits it, or when a keyword phrase of a guide is in it whole.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from bot.knowledge.model import Guide, Knowledge, Lang
from bot.understanding.language import LEXICON
from bot.understanding.text import Token, fold, stems, words, wordset

# Words that ask how (language, not facts): "hur", "how", "kā"; "what does it take", "rules", "law".
HOWTO_CUES: frozenset[str] = wordset(
    """
    hur how ka kadi kada kadas kadus steg steps regler rules regel lag lagen law laws likums likuma
    likumu noteikumi noteikumus guide guidance vagledning requirements krav prasibas varam drikst
    gora darit vajag japiesakas pieteikties
    """
)
_COMMON = frozenset().union(*LEXICON.values()) | wordset(
    "social sociala socialt socialie socialais socialo sociala uznemums uznemumi uznemumu uznemuma "
    "foretag foretaget foretagen enterprise enterprises kommun kommunen municipality pasvaldiba"
)
_KEYWORD, _TITLE, _BODY = 1.0, 0.6, 0.2
_PHRASE = 1.5  # a keyword phrase typed whole
_PHRASE_WORD = 4  # shorter words of a phrase ("cik", "om") are left out, acronyms ("IOP") kept
_FULL = 3.0  # raw evidence for a score of 1
MIN_GUIDE = 0.3  # a guide below this does not answer the question
_OTHER_COUNTRY = 0.5  # a guide for the other country than the asker's


@dataclass(frozen=True, slots=True)
class GuideMatch:
    guide: str  # guide id
    score: float  # 0..1
    evidence: float  # the raw sum behind the score, which orders guides that both score 1
    phrase: bool  # a keyword phrase was typed whole
    tokens: tuple[int, ...]  # token indices the guide's keywords or title explain


def _content(text: str) -> list[str]:
    return [w for w in words(text) if len(w) >= 2 and w not in _COMMON]


def _never(form: tuple[str, ...]) -> bool:
    return False


class GuideIndex:
    """Guides by the stems of their keywords, title and body words."""

    def __init__(self, knowledge: Knowledge, *, is_name: Callable[[tuple[str, ...]], bool] = _never) -> None:
        """`is_name`: tells an entry's whole name; a keyword that is only a name ("Vinnova") ranks a
        guide but never makes a question a how-to question on its own."""
        self._guides: Mapping[str, Guide] = knowledge.guides
        weights: dict[str, dict[str, float]] = {}  # stem -> guide id -> weight
        self._phrases: dict[str, list[tuple[frozenset[str], ...]]] = {}  # guide -> keyword phrases
        for guide in knowledge.guides.values():
            fields = (
                (_KEYWORD, [k for lang_words in guide.keywords.values() for k in lang_words]),
                (_TITLE, list(guide.title.all())),
                (_BODY, list(guide.body.all())),
            )
            for weight, texts in fields:
                for text in texts:
                    for word in _content(text):
                        for form in stems(word):
                            found = weights.setdefault(form, {})
                            found[guide.id] = max(found.get(guide.id, 0.0), weight)
            for phrase in (k for lang_words in guide.keywords.values() for k in lang_words):
                acronyms = {fold(w) for w in phrase.split() if w.isupper() and w.isalpha()}
                content = [w for w in _content(phrase) if len(w) >= _PHRASE_WORD or w in acronyms]
                if not content or is_name(tuple(words(phrase))):
                    continue
                self._phrases.setdefault(guide.id, []).append(tuple(stems(w) for w in content))
        total = len(knowledge.guides) or 1
        self._weights = {
            form: {g: w * math.log(1 + total / len(by_guide)) for g, w in by_guide.items()}
            for form, by_guide in weights.items()
        }
        self._idf_top = math.log(1 + total)
        self._vocabulary = frozenset(
            word
            for guide in knowledge.guides.values()
            for text in (*(k for ws in guide.keywords.values() for k in ws), *guide.title.all())
            for word in _content(text)
            if word.isalpha()
        )

    def __len__(self) -> int:
        return len(self._guides)

    def vocabulary(self) -> frozenset[str]:
        """Every keyword and title word form, for the speller (so "upphandling" is never "mended")."""
        return self._vocabulary

    def find(self, tokens: Sequence[Token], countries: Collection[str]) -> tuple[GuideMatch, ...]:
        """Guides that fit the question, best first; `countries` (ISO codes) are where the asker is."""
        if not self._guides:
            return ()
        raw: dict[str, float] = {}
        explained: dict[str, set[int]] = {}
        forms_of = {t.index: stems(t.text) for t in tokens if t.text not in _COMMON and len(t.text) >= 2}
        for index, forms in forms_of.items():
            best: dict[str, float] = {}
            for form in forms:
                for guide_id, weight in self._weights.get(form, {}).items():
                    best[guide_id] = max(best.get(guide_id, 0.0), weight)
            for guide_id, weight in best.items():
                raw[guide_id] = raw.get(guide_id, 0.0) + weight
                if weight >= _TITLE * math.log(2):  # a keyword or title word, not only the body's
                    explained.setdefault(guide_id, set()).add(index)
        typed = set().union(*forms_of.values()) if forms_of else set()
        matches = []
        for guide_id, evidence in raw.items():
            value = evidence
            phrase = any(all(forms & typed for forms in p) for p in self._phrases.get(guide_id, ()))
            value += _PHRASE if phrase else 0.0
            score = min(1.0, value / _FULL)
            code = self._guides[guide_id].country.upper()
            if countries and code not in countries:
                score *= _OTHER_COUNTRY
                value *= _OTHER_COUNTRY
            if score >= MIN_GUIDE:
                explains = tuple(sorted(explained.get(guide_id, ())))
                matches.append(GuideMatch(guide_id, round(score, 4), round(value, 4), phrase, explains))
        return tuple(sorted(matches, key=lambda m: (-m.score, -m.evidence, m.guide)))


_HOWTO_PAIRS = frozenset(
    {("what", "can"), ("what", "should"), ("vad", "kan"), ("vad", "ska"), ("vad", "bor"), ("ko", "var")}
)


def asks_how(tokens: Sequence[Token]) -> bool:
    """ "hur", "how", "kā", "what can we do": the question asks how something is done."""
    return any(t.text in HOWTO_CUES for t in tokens) or any(
        (a.text, b.text) in _HOWTO_PAIRS for a, b in itertools.pairwise(tokens)
    )


def guide_title(guide: Guide, lang: Lang) -> str:
    """The title in the asker's language, else English, else Swedish (`Text.get`'s order)."""
    return guide.title.get(lang)


_SUMMARY_CHARS = 240


def guide_summary(guide: Guide, lang: Lang, limit: int = _SUMMARY_CHARS) -> str:
    """The first sentence or two of the guide's body in the asker's language, within `limit`."""
    body = " ".join(guide.body.get(lang).split())
    taken = ""
    for sentence in _sentences(body):
        if taken and len(taken) + 1 + len(sentence) > limit:
            break
        taken = f"{taken} {sentence}".strip()
        if len(taken) >= limit // 2:
            break
    if len(taken) > limit:
        taken = taken[: limit - 1].rsplit(" ", 1)[0] + "…"
    return taken


def _sentences(text: str) -> list[str]:
    """Sentences ending in ". ", "? " or "! " (not "4 kap. 18 §": a full stop after a digit or a short
    abbreviation does not end one)."""
    found: list[str] = []
    start = 0
    for i, char in enumerate(text):
        if char in ".?!" and (i + 1 == len(text) or text[i + 1] == " "):
            word = text[start:i].rsplit(" ", 1)[-1]
            if char == "." and (word.isdigit() or len(word) <= 3):
                continue
            found.append(text[start : i + 1].strip())
            start = i + 1
    if text[start:].strip():
        found.append(text[start:].strip())
    return found
