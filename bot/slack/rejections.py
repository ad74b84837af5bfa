"""Refused requests and other floods of the same complaint: counted, logged as short lines, capped.

A flood of forged requests (or of "too many open files") must not fill the disk: at most
`per_window` lines each `window` seconds are written; the rest are counted and reported as one
"suppressed K" line when the window ends. A line carries the reason, the size and the client
address, never the body.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable


class CappedLog:
    """Writes at most `per_window` lines per `window` seconds to `logger`; counts the rest."""

    def __init__(
        self,
        logger: logging.Logger,
        *,
        what: str,
        per_window: int = 10,
        window: float = 10.0,
        level: int = logging.WARNING,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._logger = logger
        self._what = what
        self._per_window = per_window
        self._window = window
        self._level = level
        self._clock = clock
        self._lock = threading.Lock()
        self._window_start = -float("inf")
        self._written = 0
        self._suppressed = 0
        self._flush_scheduled = False
        self.total: Counter[str] = Counter()  # every note, by reason, since start

    def note(self, reason: str, message: str, *args: object, exc_info: BaseException | None = None) -> None:
        """Count one occurrence of `reason`; log `message % args` unless this window is full."""
        now = self._clock()
        with self._lock:
            self.total[reason] += 1
            summary = self._roll(now)
            write = self._written < self._per_window
            if write:
                self._written += 1
            else:
                self._suppressed += 1
                schedule = not self._flush_scheduled
                self._flush_scheduled = True
        if summary:
            self._logger.log(self._level, summary)
        if write:
            self._logger.log(self._level, message, *args, exc_info=exc_info)
        elif schedule:
            self._schedule_flush()

    def flush(self) -> None:
        """Write the "suppressed" line of a window that has ended (called by a timer, or at the end)."""
        with self._lock:
            self._flush_scheduled = False
            summary = self._roll(self._clock(), force=True)
        if summary:
            self._logger.log(self._level, summary)

    def _roll(self, now: float, *, force: bool = False) -> str | None:
        if not force and now - self._window_start < self._window:
            return None
        summary = None
        if self._suppressed:
            summary = (
                f"{self._suppressed} more {self._what} in the last {self._window:g} s (not logged one by one)"
            )
        self._window_start, self._written, self._suppressed = now, 0, 0
        return summary

    def _schedule_flush(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            timer = threading.Timer(self._window, self.flush)
            timer.daemon = True
            timer.start()
            return
        loop.call_later(self._window, self.flush)
