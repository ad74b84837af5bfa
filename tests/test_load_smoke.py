"""The load script, briefly and at a low rate (CI): it runs end to end against the real bot in HTTP
mode and every request is acknowledged and answered. The figures themselves (200/s for 60 s) come
from running `python3 benchmarks/load.py` by hand; latency is not asserted here."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.bot_process import ROOT, clean_environ

pytestmark = pytest.mark.e2e


def load(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "load.py"), *args],
        cwd=ROOT,
        env=clean_environ({}),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_load_script_at_20_per_second_for_3_seconds_has_no_errors() -> None:
    done = load("--rate", "20", "--seconds", "3", "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["target"]["events"] == 60
    assert figures["errors"] == 0, figures
    assert figures["answers_posted"] == figures["answers_expected"] == 60, figures
    assert figures["bot_errors_logged"] == 0 and figures["bot_exit"] == 0, figures
    assert sum(figures["bot_outcomes"].values()) == 60  # one request line each
    assert figures["ack_ms"]["p50"] > 0


def test_load_script_refuses_unbounded_runs() -> None:
    done = load("--rate", "1000", "--seconds", "600")
    assert done.returncode != 0 and "bounded" in done.stderr
