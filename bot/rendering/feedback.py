"""👍/👎 under every answer: the buttons, and what their value carries back.

A click must say which answer was rated without the bot keeping any state: the button's value holds
the question (shortened to fit Slack's 2,000 characters) and the results the person saw, as
"kind:id", so a rating stays attached to that answer even after the knowledge base changes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.knowledge.model import Lang
from bot.rendering.phrases import ui
from bot.understanding.answers import Result

ACTION_FEEDBACK_UP = "answer_feedback_up"
ACTION_FEEDBACK_DOWN = "answer_feedback_down"
FEEDBACK_ACTIONS = (ACTION_FEEDBACK_UP, ACTION_FEEDBACK_DOWN)
MAX_VALUE = 2000  # Slack's limit for a button value
MAX_REFS = 10
MAX_QUESTION = 300  # enough to know which answer was rated; keeps the answer message well inside 40,000


@dataclass(frozen=True, slots=True)
class FeedbackRef:
    question: str
    results: tuple[str, ...]  # "kind:id", as shown


def result_refs(results: Sequence[Result]) -> tuple[str, ...]:
    return tuple(f"{r.kind}:{r.id}" for r in results[:MAX_REFS])


def encode_feedback(question: str, results: Sequence[Result]) -> str:
    refs = list(result_refs(results))
    text = question[:MAX_QUESTION]
    while True:
        value = json.dumps({"q": text, "r": refs}, ensure_ascii=False, separators=(",", ":"))
        if len(value) <= MAX_VALUE:
            return value
        if refs and len(text) < 50:  # ids are long only in a hostile knowledge base; keep the question
            refs.pop()
            continue
        text = text[: max(0, len(text) - (len(value) - MAX_VALUE) - 1)]


def decode_feedback(value: str) -> FeedbackRef:
    """The `FeedbackRef` in a button value; ValueError when it is not one of ours."""
    data = json.loads(value)
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("q"), str)
        or not isinstance(data.get("r"), list)
    ):
        raise ValueError("not a feedback reference")
    refs = tuple(str(ref) for ref in data["r"][:MAX_REFS] if isinstance(ref, str))
    return FeedbackRef(data["q"], refs)


def rating_of(action_id: str) -> int:
    return 1 if action_id == ACTION_FEEDBACK_UP else -1


def feedback_buttons(question: str, shown: Sequence[Result], lang: Lang) -> list[dict[str, Any]]:
    """The two buttons (Block Kit elements) for an actions block under an answer."""
    value = encode_feedback(question, shown)
    return [
        {
            "type": "button",
            "text": {"type": "plain_text", "text": emoji, "emoji": True},
            "action_id": action_id,
            "value": value,
            "accessibility_label": ui(label, lang),
        }
        for emoji, action_id, label in (
            ("👍", ACTION_FEEDBACK_UP, "feedback.up"),
            ("👎", ACTION_FEEDBACK_DOWN, "feedback.down"),
        )
    ]
