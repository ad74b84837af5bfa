"""The benchmark's generator and report (its figures are printed by `bench`, never asserted here)."""

from __future__ import annotations

from pathlib import Path

from bot.knowledge.loading import load_knowledge
from bot.quality import benchmark
from tests.matcher_knowledge import ROOT


def test_synthetic_knowledge_is_valid_marked_and_deterministic(tmp_path: Path):
    first = benchmark.write_synthetic_knowledge(ROOT / "knowledge", tmp_path, 50)
    knowledge = load_knowledge(tmp_path)
    assert len(knowledge.enterprises) == 50
    assert all(benchmark.SYNTHETIC in e.description.get("sv") for e in knowledge.enterprises.values())
    assert len(knowledge.regions) == len(load_knowledge(ROOT / "knowledge").regions)  # the real gazetteer
    again = tmp_path / "again"
    again.mkdir()
    assert benchmark.write_synthetic_knowledge(ROOT / "knowledge", again, 50) == first
    assert benchmark.question_mix(first) == benchmark.question_mix(first)


def test_both_sides_measure_and_the_report_shows_every_target(tmp_path: Path):
    names = benchmark.write_synthetic_knowledge(ROOT / "knowledge", tmp_path, 30)
    questions = benchmark.question_mix(names)[:8]
    matcher = benchmark.measure_matcher(tmp_path, questions, rounds=1)
    naive = benchmark.measure_naive(tmp_path, questions, rounds=1)
    assert matcher.questions == naive.questions == 8
    text = benchmark.report(matcher, naive, 30)
    for line in ("median latency", "p99 latency", "load+validate+index", "peak RSS", "speed-up vs naive"):
        assert line in text
    assert matcher.load_cpu_s > 0
    assert f"{matcher.load_cpu_s:.2f} s of CPU time" in text  # wall time on a busy machine needs context
