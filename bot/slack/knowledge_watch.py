"""The knowledge watcher: notices edits to knowledge/*.yaml, serves a valid version, and tells the
maintainers (once per bad version, across replicas) when an edit is invalid.

One service for every reload: the file-watch job and `/samverka reload` both call it. When a new
version is served it calls `on_change` (the reminder service plans again at once).

An editor, a `git pull` or a slow upload writes files piece by piece. A change is reloaded once
the files' sizes and times stay the same for one more look; a version that is invalid while its
files were touched within `quiet_seconds` is checked again once they have been quiet that long,
and only then reported, so a half-written file never reaches the maintainers as an error.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.knowledge.reload_outcome import ReloadOutcome
from bot.reminders.delivery import Deliverer, Outgoing
from bot.runtime import Runtime
from bot.understanding.slack_text import code_block, escape, truncate

log = logging.getLogger(__name__)

WATCH_SECONDS = 2  # a stat of a few files: cheap; a change is served 2–4 s after it settles
QUIET_SECONDS = 10.0  # an invalid version is reported only after its files were left alone this long
Fingerprint = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class ReloadResult:
    """A reload: the runtime's outcome, and which maintainers were told about an invalid edit."""

    outcome: ReloadOutcome
    notified: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.outcome.ok

    @property
    def changed(self) -> bool:
        return self.outcome.changed


def knowledge_files(directory: Path) -> list[Path]:
    return sorted(p for p in Path(directory).glob("*.yaml") if p.is_file())


def stat_fingerprint(directory: Path) -> Fingerprint:
    """Cheap to take every few seconds: names, sizes and modification times of knowledge/*.yaml."""
    stamps = []
    for path in knowledge_files(directory):
        try:
            info = path.stat()
        except FileNotFoundError:  # removed between glob and stat: the next look sees it gone
            continue
        stamps.append((path.name, info.st_mtime_ns, info.st_size))
    return tuple(stamps)


def newest_change(fingerprint: Fingerprint) -> float:
    """When the files were last written (seconds since the epoch); 0 for no files."""
    return max((mtime_ns / 1e9 for _, mtime_ns, _ in fingerprint), default=0.0)


def content_hash(directory: Path) -> str:
    """Identifies one version of the files, valid or not: a bad version is reported once."""
    digest = hashlib.sha256()
    for path in knowledge_files(directory):
        digest.update(path.name.encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def build_invalid_knowledge_notice(
    directory: Path, outcome: ReloadOutcome, max_lines: int = 40
) -> dict[str, Any]:
    """The DM to maintainers: what `check` says, and that the last good version is still served."""
    count = len(outcome.problems)
    head = (
        f"The knowledge base in {directory} has {count} problem{'s' if count != 1 else ''} after an edit; "
        f"Samverka keeps answering from the last good version ({outcome.version}). "
        f"Fix the files (or run `python -m bot check --knowledge {directory}`):"
    )
    lines = list(outcome.problems[:max_lines])
    if count > max_lines:
        lines.append(f"… and {count - max_lines} more")
    listing = code_block(truncate("\n".join(lines), 2800))
    return {
        "text": escape(head),
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": escape(head)}},
            {"type": "section", "text": {"type": "mrkdwn", "text": listing}},
        ],
    }


class KnowledgeWatcher:
    """Reloads the knowledge directory when it changes (or when asked) and reports invalid edits."""

    def __init__(
        self,
        runtime: Runtime,
        deliverer: Deliverer,
        *,
        on_change: Callable[[], None],
        quiet_seconds: float = QUIET_SECONDS,
        file_clock: Callable[[], float] = time.time,  # the clock file modification times are on
    ) -> None:
        self.runtime = runtime
        self.deliverer = deliverer
        self.on_change = on_change
        self.quiet_seconds = quiet_seconds
        self._file_clock = file_clock
        self._watched = stat_fingerprint(runtime.knowledge_dir)
        self._settling: Fingerprint | None = None
        self._recheck: Fingerprint | None = None  # invalid while still being written: look again later

    async def reload(self) -> ReloadResult:
        """Validate the files and serve them if valid; if not, keep the last good snapshot and DM
        the maintainers the problems (once per bad version). `/samverka reload` calls this."""
        outcome = await asyncio.to_thread(self.runtime.reload)
        if outcome.changed:
            self.on_change()
        if outcome.ok:
            return ReloadResult(outcome)
        return ReloadResult(outcome, await self.notify_invalid(outcome))

    async def watch(self) -> ReloadResult | None:
        """One look at the files (the watch job): reload a change once it has settled. None when
        there is nothing to reload yet."""
        current = stat_fingerprint(self.runtime.knowledge_dir)
        if current == self._watched:
            self._settling = None
            if self._recheck == current and self._quiet(current):
                self._recheck = None
                return await self.reload()  # still invalid now that nobody is writing: report it
            return None
        if current != self._settling:
            self._settling = current  # changed since the last look: let it settle first
            return None
        self._watched, self._settling, self._recheck = current, None, None
        outcome = await asyncio.to_thread(self.runtime.reload)
        if outcome.changed:
            self.on_change()
        if outcome.ok:
            return ReloadResult(outcome)
        if not self._quiet(current):
            self._recheck = current
            log.info("knowledge files are invalid but were written moments ago; checking again shortly")
            return ReloadResult(outcome)
        return ReloadResult(outcome, await self.notify_invalid(outcome))

    def _quiet(self, fingerprint: Fingerprint) -> bool:
        return self._file_clock() - newest_change(fingerprint) >= self.quiet_seconds

    async def notify_invalid(self, outcome: ReloadOutcome) -> tuple[str, ...]:
        """DM every maintainer the problems, once per bad version of the files (across replicas)."""
        directory = self.runtime.knowledge_dir
        version = content_hash(directory)
        message = build_invalid_knowledge_notice(directory, outcome)
        notified = []
        for maintainer in sorted(self.runtime.settings.maintainer_ids):
            item = Outgoing(
                key=f"notice:invalid-knowledge:{version}:user:{maintainer}",
                kind="notice",
                target=f"user:{maintainer}",
                send_at=self.runtime.now(),
                message=message,
            )
            if await self.deliverer.deliver(item) in ("sent", "already_sent"):
                notified.append(maintainer)
        if not self.runtime.settings.maintainer_ids:
            log.warning("knowledge is invalid and MAINTAINERS is empty: nobody to tell")
        return tuple(notified)
