"""Run the real `python -m bot …` process in a clean environment, for command and end-to-end tests.

    result = run_bot("check", cwd=tmp_path, env={"PORT": "x"})      # to completion, output captured

    with BotProcess.start(["run", "--mode", "socket"], standin_env(slack, tmp_path), workdir=tmp_path) as bot:
        slack.wait_connected()                      # a long-running bot against the Slack stand-in
        ...
    # on exit: SIGTERM and wait; everything it logged is in `bot.log()`

Everything it starts listens on 127.0.0.1 only; nothing reaches the internet.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import IO

from bot.config import Settings
from tests.slack_standin import SlackStandin

ROOT = Path(__file__).resolve().parent.parent
# Every variable the settings read: a developer's own values must not leak into a test run.
SETTINGS_VARIABLES: tuple[str, ...] = tuple(name.upper() for name in Settings.model_fields)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def standin_env(
    standin: SlackStandin, tmp_path: Path, *, mode: str = "socket", **extra: str
) -> dict[str, str]:
    """Environment for a bot talking to `standin`: fake tokens it accepts, a throwaway SQLite store,
    the shipped knowledge base; `mode="http"` leaves SLACK_APP_TOKEN out and adds the signing secret."""
    env = {
        "SLACK_API_URL": standin.api_url,
        "SLACK_BOT_TOKEN": standin.bot_token,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'samverka.db'}",
        "KNOWLEDGE_DIR": str(ROOT / "knowledge"),
        "LOG_LEVEL": "INFO",
        "WEB_CONCURRENCY": "1",  # one process (PostgreSQL defaults to one per CPU); tests pass more
    }
    if mode == "socket":
        env["SLACK_APP_TOKEN"] = standin.app_token
    else:
        env["SLACK_SIGNING_SECRET"] = standin.signing_secret
    env.update(extra)
    return env


def clean_environ(env: Mapping[str, str]) -> dict[str, str]:
    """os.environ without any setting (SETTINGS_VARIABLES), plus `env`. Run from a directory with no
    `.env` (`tmp_path`) where a developer's own file must not change the test."""
    base = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    base["PYTHONPATH"] = str(ROOT)
    base["PYTHONUNBUFFERED"] = "1"
    base.update(env)
    return base


class BotProcess:
    """One `python -m bot` process; stderr goes to a file (no pipe to fill up and block it)."""

    def __init__(self, process: subprocess.Popen[bytes], log_path: Path, log_file: IO[bytes]) -> None:
        self.process = process
        self.log_path = log_path
        self._log_file = log_file

    @classmethod
    def start(cls, args: list[str], env: Mapping[str, str], *, workdir: Path) -> BotProcess:
        log_path = workdir / f"bot-{time.monotonic_ns()}.log"
        log_file = log_path.open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", *args],
            cwd=workdir,
            env=clean_environ(env),
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        return cls(process, log_path, log_file)

    def log(self) -> str:
        self._log_file.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_http_ready(self, port: int, timeout: float = 20) -> None:
        """Block until GET /healthz answers (or the process died: then fail with its log)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the bot exited with {self.process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.05)
        raise AssertionError(f"the bot did not answer /healthz within {timeout} s:\n{self.log()}")

    def stop(self, timeout: float = 15) -> int:
        """SIGTERM, then wait; the exit status (a hang past `timeout` is killed and fails the test)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise AssertionError(
                    f"the bot did not stop within {timeout} s of SIGTERM:\n{self.log()}"
                ) from None
        self._log_file.close()
        return self.process.returncode

    def __enter__(self) -> BotProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def run_bot(
    *args: str, cwd: Path = ROOT, env: Mapping[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot ARGS` to completion in a clean environment (plus `env`), output captured."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=clean_environ(env or {}),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
