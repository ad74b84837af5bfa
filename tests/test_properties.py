"""Property-based: thousands of generated questions, from empty to 40,000 characters, in any script
(right-to-left, emoji, zero-width and control characters) and full of Slack markup and code blocks,
go through the real path — Slack text → parser → matcher → Block Kit / terminal text — and the
report's formats. Never an exception, bounded time (hypothesis' deadline) and size, and never a live
mention (`<!channel>`, `<!here>`, `<!everyone>`, `<@U…>`, `<#C…>`) in anything the bot would send.

The profile below fixes the seed (deterministic in CI) and sizes the run to about 20–30 s.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.knowledge.loading import load_knowledge
from bot.matching.matcher import Matcher
from bot.rendering.blocks import (
    ACTION_SHARE,
    ACTION_SHOW_MORE,
    MAX_BLOCKS,
    EventButton,
    build_answer_message,
    decode_ref,
)
from bot.rendering.feedback import FEEDBACK_ACTIONS, decode_feedback
from bot.rendering.text import render_text
from bot.understanding.question import QUESTION_LIMIT
from bot.understanding.slack_text import question_from_slack
from bot.upkeep.question_log import classify, question_entry
from bot.upkeep.question_records import LoggedQuestion
from bot.upkeep.report import build_report
from bot.upkeep.report_formats import render
from tests.bot_process import ROOT
from tests.hypothesis_profiles import examples
from tests.slack_standin import block_kit_problems, texts_of

settings.register_profile(
    "samverka-properties",
    max_examples=examples(1500),
    deadline=timedelta(seconds=5),  # per example: a bound on time, 100× what one takes
    derandomize=True,  # the same examples every run: CI stays deterministic
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
PROFILE = settings.get_profile("samverka-properties")

TODAY = date(2026, 11, 23)
BOT_USER = "U0SAMVERKA"
MAX_MESSAGE_JSON = 60_000  # 50 blocks of bounded text: the whole message stays well under Slack's limits
LIVE = re.compile(r"<\s*[!@#]|<!(channel|here|everyone)>", re.IGNORECASE)

# ----- generated questions ---------------------------------------------------------------------------
SLACK_MARKUP = [
    "<!channel>", "<!here>", "<!everyone>", "<!here|@here>", f"<@{BOT_USER}>", "<@U024BE7LH>",
    "<@U024BE7LH|anna>", "<#C024BE7LR>", "<#C024BE7LR|general>", "<!subteam^S0614TZR7|@team>",
    "<!date^1392734382^{date_num}|Feb 18>", "<https://example.org|a link>", "<mailto:a@b.se>",
    "&lt;!channel&gt;", "&amp;", "&lt;@U1&gt;", "<", ">", "<<!here>>", "<@", "<#", "<!",
    "```code <!channel> block```", "`inline`", "*bold*", "_it_", "~strike~", "> quote", "\n>>> ",
]  # fmt: skip
DOMAIN = [
    "sociala företag", "social enterprises", "sociālie uzņēmumi", "i Karlskoga", "in Luleå", "Rīgā",
    "Örebro län", "vem kan hjälpa mig", "who can help", "kontakt", "evenemang", "events", "next event",
    "äldreomsorg", "elderly care", "hjälp", "help", "Kiruna", "Jēkabpils", "Stockholm", "?", "!",
]  # fmt: skip
STRANGE = [
    "مرحبا بالعالم", "שלום", "\u202e", "\u202d", "\u2066", "\u200f", "👍🏽", "🇸🇪", "👩‍👩‍👧", "\u200b",
    "\u200d", "\ufeff", "\x00", "\x07", "\x1b[2J", "\r\n", "\t", "\x7f", "\u0085", "\u2028", "Z̤̈",
    "ﬁ", "İ", "ß", "𝕊𝕒𝕞", "\ud7ff", "\U0010fffd",
]  # fmt: skip

any_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),  # Slack sends UTF-8: no lone surrogates
    max_size=40,
)
piece = st.one_of(st.sampled_from(SLACK_MARKUP), st.sampled_from(DOMAIN), st.sampled_from(STRANGE), any_text)
short_question = st.lists(piece, max_size=12).map(" ".join)


@st.composite
def questions(draw: st.DrawFn) -> str:
    """Mostly short mixed questions; some repeated up to 40,000 characters; sometimes empty."""
    text = draw(short_question)
    if draw(st.integers(0, 9)) == 0:  # one in ten: a long paste
        target = draw(st.sampled_from([2_001, 5_000, 40_000]))
        text = (text or "x") * (target // max(1, len(text or "x")) + 1)
        text = text[: draw(st.integers(target - 10, target))]
    return text


# ----- the pipeline -----------------------------------------------------------------------------------
@cache
def matcher() -> Matcher:
    return Matcher(load_knowledge(ROOT / "knowledge"))


BUTTONS = (EventButton("remind_me", "reminders.remind_me"),)


@PROFILE
@given(raw=questions(), shown=st.integers(1, 30), share=st.booleans())
def test_any_question_is_answered_safely_in_slack(raw: str, shown: int, share: bool) -> None:
    question = question_from_slack(raw, bot_user_id=BOT_USER)
    parsed = matcher().parse(question)
    assert len(parsed.text) <= QUESTION_LIMIT

    answer = matcher().answer(question, today=TODAY)
    assert all(0 <= r.score <= 1 for r in answer.results)
    message = build_answer_message(
        answer, matcher().knowledge, today=TODAY, shown=shown, share_button=share, event_buttons=BUTTONS
    )
    assert block_kit_problems(message["blocks"]) == []
    assert len(message["blocks"]) <= MAX_BLOCKS and len(message["text"]) <= 3000
    assert len(json.dumps(message, ensure_ascii=False)) <= MAX_MESSAGE_JSON
    for text in [message["text"], *texts_of(message["blocks"])]:
        assert not LIVE.search(text), text  # nothing the bot writes can ping anyone
    # Every button value decodes back (what a click sends), and fits Slack's 2,000 characters.
    for element in (e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]):
        value = element.get("value", "")
        assert len(value) <= 2000
        if element["action_id"] in FEEDBACK_ACTIONS:
            assert decode_feedback(value).question == answer.question[: len(decode_feedback(value).question)]
        elif element["action_id"] in (ACTION_SHOW_MORE, ACTION_SHARE):
            assert decode_ref(value).question == answer.question[: len(decode_ref(value).question)]
    terminal = render_text(answer, matcher().knowledge, today=TODAY)
    assert len(terminal) <= 100_000


@settings(PROFILE, max_examples=examples(150))
@given(rows=st.lists(st.tuples(questions(), st.booleans()), max_size=25))
def test_the_report_renders_any_logged_question_safely(rows: list[tuple[str, bool]]) -> None:
    now = datetime(2026, 11, 23, 12, tzinfo=UTC)
    logged: list[LoggedQuestion] = []
    for raw, widen in rows:
        answer = matcher().answer(question_from_slack(raw), today=TODAY)
        outcome = classify(answer) or ("widened" if widen else "no_results")
        logged.append(question_entry(answer, outcome, at=now, channel_type="im", user_hash="h"))
    report = build_report(
        logged, [], matcher().knowledge, since=now - timedelta(days=1), until=now + timedelta(1)
    )
    page = render(report, "html")
    assert "<script" not in page.lower() and not re.search(r"\b(src|href)\s*=", page)
    for fmt in ("text", "markdown", "csv"):
        output = render(report, fmt)  # type: ignore[arg-type]
        assert "\x1b" not in output and "\x00" not in output
    assert len(page) <= 2_000_000
