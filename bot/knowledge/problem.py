"""One thing wrong with the knowledge base, pinned to a file and line.

Its own module so the YAML reader, the schema checks and the commands share it without importing
each other.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    path: str  # as the user gave the directory: "knowledge/enterprises.yaml"
    line: int  # 1-based; 1 for a problem with the whole file
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"

    def as_dict(self) -> dict[str, str | int]:
        return {"path": self.path, "line": self.line, "message": self.message}
