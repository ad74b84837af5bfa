"""What a knowledge reload did: shared by the runtime that reloads, the watcher that reports and
the Block Kit reply to `/samverka reload` (so rendering needs nothing from the runtime)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReloadOutcome:
    """`ok` with the version now served, or the problems that kept the old one."""

    ok: bool
    version: str  # the version served after the reload (the old one when it failed)
    previous: str
    problems: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return self.ok and self.version != self.previous
