"""The question log's records as the rest of the core reads them: plain, frozen, no database.

`bot.upkeep.question_log` converts its table rows to these and back; the report (`bot.upkeep.report`) takes
them as they are, so the pure report never imports the database module.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Outcome = Literal["no_results", "widened", "low_confidence"]


@dataclass(frozen=True, slots=True)
class LoggedQuestion:
    asked_at: datetime
    outcome: Outcome
    question: str
    language: str
    intent: str
    regions: tuple[str, ...]
    themes: tuple[str, ...]
    top_score: float | None
    result_count: int
    channel_type: str
    user_hash: str
    knowledge_version: str = ""


@dataclass(frozen=True, slots=True)
class Feedback:
    rated_at: datetime
    rating: int  # +1 or -1
    question: str
    language: str
    regions: tuple[str, ...]
    themes: tuple[str, ...]
    results: tuple[str, ...]  # "kind:id", best first
    channel_type: str
    user_hash: str
    knowledge_version: str = ""

    @property
    def answer_key(self) -> str:
        return answer_key(self.question, self.results)


def answer_key(question: str, results: Sequence[str]) -> str:
    """The same question (ignoring case and spacing) answered with the same results."""
    norm = " ".join(question.casefold().split())
    return hashlib.sha256("\x1f".join([norm, *results]).encode("utf-8", "surrogatepass")).hexdigest()[:40]
