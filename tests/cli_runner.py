"""Run `python -m bot …` inside the test process: the same `bot.cli.main`, arguments, exit status and
output streams as the real command, without a second or two of interpreter start-up per call.

    result = run_cli("check", "--knowledge", "knowledge", cwd=tmp_path, env={"PORT": "x"})
    assert result.returncode == 1 and result.stderr.startswith("error: PORT: ")

Like `tests.bot_process.run_bot` (keep one real-process smoke test per command with that): the
developer's own settings variables are removed, `env` is added, the command runs in `cwd` (so a `.env`
there is read, and no other), stdin is empty and not a terminal. Logging starts as in a fresh
interpreter (no handlers: a warning goes to the captured stderr through `logging.lastResort`), and so
do Python's warnings (the interpreter's default filters, shown on the captured stderr rather than
recorded by pytest), so a secret written by mistake is caught as in the real process. Everything the
command changes in the process (environment, working directory, the logging set-up of `run`,
exception hooks, the garbage collector's settings) is put back afterwards, so a test cannot leak
into the next.
"""

from __future__ import annotations

import contextlib
import gc
import io
import logging
import os
import sys
import threading
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.cli import main
from tests.bot_process import ROOT, SETTINGS_VARIABLES

# Loggers `bot.logging_setup.configure_logging` rewires (handlers, propagation, levels).
_REWIRED_LOGGERS = (
    "",
    "uvicorn",
    "uvicorn.error",
    "uvicorn.access",
    "aiohttp",
    "slack_bolt",
    "slack_sdk",
    "apscheduler.executors",
    "alembic.runtime.plugins",
    "alembic.runtime.migration",
)


@dataclass(frozen=True)
class CliResult:
    """What a caller of the command sees: exit status, standard output, standard error."""

    returncode: int
    stdout: str
    stderr: str


# The filters of a fresh `python -m bot` (no -W, no -X dev), which pytest replaces with its own.
_FRESH_FILTERS = (
    ("default", DeprecationWarning, "__main__"),
    ("ignore", DeprecationWarning, ""),
    ("ignore", PendingDeprecationWarning, ""),
    ("ignore", ImportWarning, ""),
    ("ignore", ResourceWarning, ""),
)


def _show_on_stderr(
    message: Warning | str, category: type[Warning], filename: str, lineno: int, *rest: object
) -> None:
    """`warnings.showwarning` as a fresh interpreter has it (`rest`: file, line), to the current stderr."""
    line = rest[1] if len(rest) > 1 else None
    sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))  # type: ignore[arg-type]


class _Stdin(io.StringIO):
    def isatty(self) -> bool:
        return False


def run_cli(*args: str, cwd: Path = ROOT, env: Mapping[str, str] | None = None, stdin: str = "") -> CliResult:
    """`python -m bot ARGS` in-process, in a clean environment (plus `env`), output captured."""
    out, err = io.StringIO(), io.StringIO()
    with _isolated(cwd, env or {}), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        sys.stdin = _Stdin(stdin)
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse: --help, usage errors
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            if isinstance(exc.code, str):
                print(exc.code, file=sys.stderr)
    return CliResult(code, out.getvalue(), err.getvalue())


@contextlib.contextmanager
def _isolated(cwd: Path, env: Mapping[str, str]) -> Iterator[None]:
    saved_environ = dict(os.environ)
    saved_cwd = os.getcwd()
    saved_stdin = sys.stdin
    saved_hooks = (sys.excepthook, threading.excepthook)
    saved_gc = gc.get_threshold()  # `run` freezes the heap and raises the thresholds
    saved_capture = logging._warnings_showwarning is not None  # type: ignore[attr-defined]
    logging.captureWarnings(False)  # an earlier configure_logging's, in this test process
    saved_warnings = warnings.catch_warnings()
    saved_warnings.__enter__()
    warnings.resetwarnings()
    for action, category, module in reversed(_FRESH_FILTERS):
        warnings.filterwarnings(action, category=category, module=module)
    warnings.showwarning = _show_on_stderr
    loggers = [logging.getLogger(name) for name in _REWIRED_LOGGERS]
    saved_loggers = [(lg, list(lg.handlers), lg.level, lg.propagate) for lg in loggers]
    for name in SETTINGS_VARIABLES:
        os.environ.pop(name, None)
    os.environ.update(env)
    os.chdir(cwd)
    root = logging.getLogger()
    root.handlers[:] = []  # pytest's own capture handlers: a fresh process has none
    root.setLevel(logging.WARNING)
    try:
        yield
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_environ)
        sys.stdin = saved_stdin
        sys.excepthook, threading.excepthook = saved_hooks
        gc.unfreeze()
        gc.set_threshold(*saved_gc)
        logging.captureWarnings(False)  # `run`'s, which would restore _show_on_stderr later
        saved_warnings.__exit__(None, None, None)
        logging.captureWarnings(saved_capture)
        for lg, handlers, level, propagate in saved_loggers:
            lg.handlers[:] = handlers
            lg.setLevel(level)
            lg.propagate = propagate
