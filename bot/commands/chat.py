"""`python -m bot chat`: ask questions in the terminal and get the answers Slack would give.

Line editing and history come from readline (kept in ~/.samverka_history); `help` shows what to ask,
`quit`, `exit` or Ctrl-D leaves.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from bot.cli import load_knowledge_or_fail
from bot.commands.ask import parse_day, today_in_bot_timezone
from bot.matching.conversation import ConversationMemory
from bot.matching.matcher import Matcher
from bot.rendering.phrases import ui
from bot.rendering.text import render_text

HELP = "ask questions interactively in the terminal (same answers as in Slack)"
DESCRIPTION = (
    "An interactive session: type a question and get the answer Samverka gives in Slack. "
    "`help` shows examples, `quit`, `exit` or Ctrl-D leaves. History is kept in ~/.samverka_history."
)
HISTORY = Path("~/.samverka_history")
HISTORY_LENGTH = 1000
QUIT = frozenset({"quit", "exit", ":q", "sluta", "avsluta", "iziet"})
HELP_WORDS = frozenset({"help", "hjälp", "palīdzība", "?"})
PROMPT = "? "
_SESSION = ("chat", "")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        type=parse_day,
        default=None,
        help="answer as if today were this date (default: today in BOT_TIMEZONE)",
    )
    parser.add_argument("--no-history", action="store_true", help="do not read or write ~/.samverka_history")


@contextlib.contextmanager
def _history(enabled: bool) -> Iterator[None]:
    """Readline history for interactive use; silently absent where readline is not available."""
    if not enabled or not sys.stdin.isatty():
        yield
        return
    try:
        import readline
    except ImportError:  # Windows without pyreadline: plain input() still works
        yield
        return
    path = HISTORY.expanduser()
    with contextlib.suppress(OSError):
        readline.read_history_file(path)
    readline.set_history_length(HISTORY_LENGTH)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            readline.write_history_file(path)


def run(args: argparse.Namespace) -> int:
    knowledge = load_knowledge_or_fail(args.knowledge)
    today = args.today or today_in_bot_timezone()
    matcher = Matcher(knowledge)
    interactive = sys.stdin.isatty()
    memory = ConversationMemory()  # one conversation: a follow-up leans on the question before

    def respond(question: str) -> str:
        now = datetime.now(UTC)
        answer = matcher.answer(question, today=today, context=memory.recall(_SESSION, now))
        memory.remember(_SESSION, answer, now)
        return render_text(answer, knowledge, today=today)

    with _history(not args.no_history):
        return session(
            respond,
            read=input,
            write=print,
            interactive=interactive,
        )


def session(
    respond: Callable[[str], str],
    *,
    read: Callable[[str], str],
    write: Callable[[str], None],
    interactive: bool = True,
) -> int:
    """The read-answer loop, apart from the terminal so tests can drive it."""
    if interactive:
        write(ui("chat.intro", "sv"))
    while True:
        try:
            line = read(PROMPT if interactive else "")
        except EOFError:
            if interactive:
                write("")
            return 0
        question = line.strip()
        if not question:
            continue
        if question.casefold() in QUIT:
            return 0
        if question.casefold() in HELP_WORDS:
            lang = (
                "lv"
                if question.casefold() == "palīdzība"
                else "sv"
                if question.casefold() == "hjälp"
                else "en"
            )
            write(ui("help", lang))
            continue
        write(respond(question))
        write("")
