"""Several HTTP worker processes on one machine, sharing one port (SO_REUSEPORT).

One bot process spends about 4 ms of CPU per Slack request (bolt, aiohttp, the Web API client), so
one process holds about 200 requests a second. `run --mode http` with WEB_CONCURRENCY (or
`--workers`) above 1 starts that many copies of itself as workers; each opens the port with
SO_REUSEPORT and the kernel spreads new connections over them. This process only supervises:
SIGTERM/SIGINT are passed on (each worker stops within its 10 s), a worker that dies is started
again (a worker that cannot start at all stops the others, with its exit status).

Retry de-duplication, replay protection and the per-person limit are shared through the database
when it is PostgreSQL (`bot.slack.shared_state`); on SQLite they are per process, so the default there
is one worker.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence

logger = logging.getLogger("bot.slack.workers")

STOP_SECONDS = 9.5  # a PaaS kills at 10 s: workers stop in their own 10 s, in parallel
START_GRACE_SECONDS = 20.0  # a worker exiting this early did not start (bad token, port in use)
WORKER_FLAG = "--worker"  # hidden: this process is one of several sharing the port


def default_workers(database_url: str, cpus: int | None = None) -> int:
    """One per CPU (at most 8) on PostgreSQL, where workers share what they have seen; 1 on SQLite."""
    if not database_url.startswith(("postgres://", "postgresql")):
        return 1
    return max(1, min(8, cpus if cpus is not None else (os.cpu_count() or 1)))


def supervise(worker_args: Sequence[str], count: int) -> int:
    """Run `count` workers (`python -m bot run ... --worker`) until SIGTERM/SIGINT; their exit status."""
    stopping = False

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    command = [sys.executable, "-m", "bot", *worker_args, WORKER_FLAG]
    workers: dict[int, tuple[subprocess.Popen[bytes], float]] = {}
    for index in range(count):
        workers[index] = (_start(command, index), time.monotonic())
    logger.info("HTTP mode: %d worker processes sharing the port", count)
    status = 0
    while not stopping:
        time.sleep(0.2)
        for index, (process, started) in list(workers.items()):
            code = process.poll()
            if code is None or stopping:
                continue
            if time.monotonic() - started < START_GRACE_SECONDS and code != 0:
                logger.error("worker %d could not start (exit %d); stopping the others", index, code)
                status, stopping = code, True
                break
            logger.warning("worker %d exited (%d); starting it again", index, code)
            workers[index] = (_start(command, index), time.monotonic())
    _stop_all([process for process, _ in workers.values()])
    logger.info("stopped")
    return status


def _start(command: list[str], index: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SAMVERKA_WORKER": str(index)}
    return subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL)


def _stop_all(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS
    for process in processes:
        try:
            process.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            logger.warning("a worker did not stop in time; killed")
            process.kill()
            process.wait()
