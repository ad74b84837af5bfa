"""An `Answer` as the JSON object DESIGN.md promises for `ask --json` (one object per question).

`regions` and `themes` are ids from the knowledge base, `organisation` is the organisation's name
(or null), `why` is one string in the answer's language, and `answer` is the terminal rendering.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from bot.knowledge.model import Knowledge
from bot.rendering.phrases import why_all
from bot.rendering.text import render_text
from bot.understanding.answers import Answer, Result


def answer_object(answer: Answer, knowledge: Knowledge, *, today: date) -> dict[str, Any]:
    """The contract object, keys in the documented order."""
    return {
        "question": answer.question,
        "language": answer.language,
        "intent": answer.intent,
        "regions": list(answer.regions),
        "themes": list(answer.themes),
        "results": [_result(result, answer, knowledge) for result in answer.results],
        "answer": render_text(answer, knowledge, today=today),
    }


def _result(result: Result, answer: Answer, knowledge: Knowledge) -> dict[str, Any]:
    organisation = knowledge.organisations.get(result.organisation or "")
    return {
        "kind": result.kind,
        "id": result.id,
        "name": result.name,
        "organisation": organisation.name if organisation is not None else None,
        "score": round(result.score, 3),
        "why": why_all(result.why, knowledge, answer.language),
    }


def render_json(answer: Answer, knowledge: Knowledge, *, today: date) -> str:
    """One line of JSON (UTF-8 kept readable), as JSON Lines batch mode prints it."""
    return json.dumps(answer_object(answer, knowledge, today=today), ensure_ascii=False)
