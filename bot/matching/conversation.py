"""What a conversation remembers between questions: the previous question's places and theme, and
the entries its answer put first.

"sociala företag inom äldreomsorg i Örebro" then "och i Umeå?" asks about elderly care in Umeå;
"vem leder MSI Örebro?" then "har hon ett telefonnummer?" asks about the person just shown. In a
thread or a DM the previous question's region, theme and first result ids (knowledge-base ids: never
its text, never who asked) are kept per (channel, thread) for a short while, in memory, with a bound
on how many are kept; a follow-up leans on them and nothing else does.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.understanding.answers import Answer, Intent

KEEP_FOR = timedelta(minutes=30)
MAX_CONVERSATIONS = 2000
_CARRIED: frozenset[str] = frozenset({"enterprises", "contact", "events"})
ENTRIES_KEPT = 3  # the first results a follow-up may point back to ("har hon …", "who runs it?")


@dataclass(frozen=True, slots=True)
class Context:
    """The previous question as ids: where, about what, and what kind of answer it asked for."""

    regions: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    intent: Intent | None = None
    entries: tuple[str, ...] = ()  # "kind:id" of the answer's first results, best first
    named: tuple[str, ...] = ()  # "kind:id" of what the question named ("kas dibināja LSUA?": LSUA)

    def __bool__(self) -> bool:
        return bool(self.regions or self.themes or self.entries or self.named)


def context_of(answer: Answer) -> Context:
    """What a follow-up to `answer` may reuse."""
    intent = answer.intent if answer.intent in _CARRIED else None
    entries = tuple(f"{r.kind}:{r.id}" for r in answer.results[:ENTRIES_KEPT])
    return Context(answer.regions, answer.themes, intent, entries, answer.named[:ENTRIES_KEPT])


class ConversationMemory:
    """The last context per conversation (channel, thread), for `keep_for`, at most `limit` of them
    (the least recently used go first). Thread-safe: listeners may run on several threads."""

    def __init__(self, *, keep_for: timedelta = KEEP_FOR, limit: int = MAX_CONVERSATIONS) -> None:
        self._keep_for = keep_for
        self._limit = limit
        self._items: OrderedDict[tuple[str, str], tuple[Context, datetime]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def recall(self, key: tuple[str, str], now: datetime) -> Context | None:
        """The conversation's context if it is recent enough; an old one is forgotten."""
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            context, stored = found
            if now - stored > self._keep_for:
                del self._items[key]
                return None
            return context

    def remember(self, key: tuple[str, str], answer: Answer, now: datetime) -> None:
        """Keep what `answer` was about, when it was about something (a greeting changes nothing)."""
        context = context_of(answer)
        if not context:
            return
        with self._lock:
            self._items[key] = (context, now)
            self._items.move_to_end(key)
            while len(self._items) > self._limit:
                self._items.popitem(last=False)
