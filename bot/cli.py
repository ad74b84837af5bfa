"""The command line: `python -m bot COMMAND …`.

Each command lives in `bot/commands/<name>.py` with `HELP`, `add_arguments(parser)` and
`run(args) -> int`; this module only wires them, adds the options every command shares and turns
expected failures into one clear line on stderr.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from bot import __version__
from bot.config import SettingsError
from bot.knowledge.model import Knowledge

# Order is the order `--help` lists them in.
COMMANDS: tuple[str, ...] = (
    "ask",
    "chat",
    "check",
    "eval",
    "bench",
    "reminders",
    "report",
    "coverage",
    "run",
    "tick",
)


class CommandError(Exception):
    """An expected failure: printed as one line on stderr, exit status `code`."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"bot.commands.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"bot.commands.{name}":
            return None  # not built yet: not listed
        raise


def default_knowledge_dir() -> Path:
    """KNOWLEDGE_DIR from the environment or `.env` (the one settings object reads both), else knowledge/."""
    from bot.config import load_settings

    return load_settings().knowledge_dir


def load_knowledge_or_fail(directory: Path) -> Knowledge:
    """The snapshot every command starts from; an invalid one is a clear error, not a traceback."""
    from bot.knowledge.loading import KnowledgeError, load_knowledge

    try:
        return load_knowledge(directory)
    except KnowledgeError as exc:
        hint = f"\n(all of them: python -m bot check --knowledge {directory})"
        raise CommandError(f"the knowledge base in {directory} is not valid: {exc}{hint}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Samverka: find social enterprises, regional contacts and events for "
        "municipalities, in Slack or in the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"samverka {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        module = _module(name)
        if module is None:
            continue
        command = sub.add_parser(
            name, help=module.HELP, description=getattr(module, "DESCRIPTION", module.HELP)
        )
        command.add_argument(
            "--knowledge",
            metavar="DIR",
            type=Path,
            default=None,
            help="knowledge base directory (default: $KNOWLEDGE_DIR, else knowledge/)",
        )
        module.add_arguments(command)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.knowledge is None:
            args.knowledge = default_knowledge_dir()
        return int(args._run(args) or 0)
    except (CommandError, SettingsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return getattr(exc, "code", 1)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `python -m bot ask … | head`: the reader left; that is not an error of ours.
        sys.stderr.close()
        return 0
