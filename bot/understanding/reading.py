"""Reading what someone wrote the way a person would, before it is parsed as a question.

Two things people send that are not a bare question: Slack markup (links, mentions, emoji, formatting),
read by `bot.understanding.slack_text`, and a long paste (an e-mail of a few hundred words) that
somewhere holds the
question. In a paste the question sentences are what to answer, the last one first; the rest is
context (who writes, from where), kept apart so it can fill in a place the question leaves out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.understanding.slack_text import question_from_slack
from bot.understanding.text import words

LONG_WORDS = 40  # longer than this, the text is a paste and its question sentences are looked for
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")
# Words that open or carry a question in sv/en/lv (folded). "?" marks one anyway.
_QUESTION_WORDS = frozenset(
    words(
        "vem vilka vilken vilket vad var var finns hur nar varfor kan kanske undrar "
        "who which what where when why how whom whose is are can could do does any anyone "
        "kas kur kad kadi kada kadas kads kapec ka vai"
    )
)
_OPENING_ONLY = frozenset(words("kan is are can could do does var vai ka"))  # only at a sentence's start


@dataclass(frozen=True, slots=True)
class Reading:
    """The question to answer, and (for a paste) the text around it."""

    question: str
    context: str = ""  # the rest of a paste: where a place or a theme the question leaves out may be

    @property
    def pasted(self) -> bool:
        return bool(self.context)


def read(text: str) -> Reading:
    """`text` as the question a person would answer: Slack markup read, a long paste cut to its
    question sentences (the last one, with the one before it when that one asks too)."""
    plain = question_from_slack(text)
    if len(words(plain)) <= LONG_WORDS:
        return Reading(plain)
    sentences = [s.strip() for s in _SENTENCE.findall(plain) if s.strip()]
    asking = [i for i, sentence in enumerate(sentences) if _asks(sentence)]
    if not asking:
        return Reading(plain)
    last = asking[-1]
    chosen = [last]
    if len(asking) > 1 and asking[-2] == last - 1:  # "Vi söker partner. Vilka finns i Umeå? Vem ringer jag?"
        chosen.insert(0, last - 1)
    question = " ".join(sentences[i] for i in chosen)
    context = " ".join(s for i, s in enumerate(sentences) if i not in chosen)
    return Reading(question, context)


def _asks(sentence: str) -> bool:
    """A sentence that asks something: it ends with "?", or opens with (or carries) a question word."""
    if sentence.rstrip().endswith("?"):
        return True
    found = words(sentence)
    if not found:
        return False
    if found[0] in _QUESTION_WORDS:
        return True
    return any(word in _QUESTION_WORDS and word not in _OPENING_ONLY for word in found[1:3])
