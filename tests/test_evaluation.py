"""The labelled question set is the quality bar of the matcher (issue: top-1 ≥ 90 %, top-3 ≥ 97 %,
no out-of-domain false positive)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.quality.evaluation import (
    NO_RESULTS,
    QuestionSetError,
    evaluate,
    format_report,
    load_questions,
    unknown_labels,
)

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "tests" / "questions.yaml"
TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def matcher_and_knowledge():
    from bot.knowledge.loading import load_knowledge
    from bot.matching.matcher import Matcher

    knowledge = load_knowledge(ROOT / "knowledge")
    return Matcher(knowledge), knowledge


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[]", "non-empty list"),
        ("- expect: none\n", "`q:` string"),
        ("- q: hej\n  expect: [basta]\n", "kind:id"),
        ("- q: hej\n  expect: nothing\n", "kind:id"),
        ("- q: hej\n  expect: none\n  why: x\n", "unknown field"),
        ("- q: [unclosed\n", "not valid YAML"),
    ],
)
def test_malformed_question_files_are_refused_with_the_reason(tmp_path, text, message):
    with pytest.raises(QuestionSetError, match=message.replace("`", ".")):
        load_questions(write(tmp_path, text))


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(QuestionSetError, match="cannot read"):
        load_questions(tmp_path / "absent.yaml")


def test_question_set_is_large_and_balanced():
    questions = load_questions(QUESTIONS)
    assert len(questions) >= 150
    out_of_domain = [q for q in questions if q.expect == ()]
    assert len(out_of_domain) >= 25
    languages = {q.language for q in questions}
    assert {"sv", "en", "lv"} <= languages


def test_questions_are_distinct_and_labelled_consistently():
    questions = load_questions(QUESTIONS)
    texts = [q.question.casefold().strip() for q in questions]
    repeated = sorted({t for t in texts if texts.count(t) > 1})
    assert not repeated, f"a repeated question is scored twice: {repeated}"
    assert {q.language for q in questions} <= {"sv", "en", "lv"}
    mislabelled = [q.question for q in questions if "ood" in q.tags and not q.wants_nothing]
    assert not mislabelled, f"tagged out of domain but expecting results: {mislabelled}"


def test_every_label_names_a_real_entry(matcher_and_knowledge):
    _, knowledge = matcher_and_knowledge
    known = {f"enterprise:{k}" for k in knowledge.enterprises}
    known |= {f"contact:{k}" for k in knowledge.contacts}
    known |= {f"organisation:{k}" for k in knowledge.organisations}
    known |= {f"event:{k}" for k in knowledge.events}
    known |= {f"guide:{k}" for k in knowledge.guides}
    assert unknown_labels(load_questions(QUESTIONS), known) == []


def test_every_enterprise_contact_organisation_and_event_is_asked_about(matcher_and_knowledge):
    _, knowledge = matcher_and_knowledge
    labelled = {key for q in load_questions(QUESTIONS) for key in q.expect}
    for kind, table in (
        ("enterprise", knowledge.enterprises),
        ("contact", knowledge.contacts),
        ("organisation", knowledge.organisations),
        ("event", knowledge.events),
    ):
        missing = sorted(k for k in table if f"{kind}:{k}" not in labelled)
        assert not missing, f"no labelled question expects these {kind}s: {missing}"


def test_matcher_meets_the_quality_bar(matcher_and_knowledge):
    matcher, _ = matcher_and_knowledge
    report = evaluate(matcher, load_questions(QUESTIONS), today=TODAY)
    summary = format_report(report)
    assert not report.false_positives, summary
    assert report.top1 >= 0.90, summary
    assert report.top3 >= 0.97, summary


def test_no_results_label_counts_an_empty_answer_as_right(matcher_and_knowledge, tmp_path):
    matcher, _ = matcher_and_knowledge
    path = write(tmp_path, f"- q: 'What is the capital of France?'\n  expect: {NO_RESULTS}\n")
    report = evaluate(matcher, load_questions(path), today=TODAY)
    assert report.top1 == 1.0
    assert report.false_positives == ()


def test_a_set_naming_removed_entries_is_refused_unless_asked_to_drop_them(tmp_path):
    from tests.cli_runner import run_cli

    path = write(
        tmp_path,
        "- q: sociala företag i Karlskoga\n  expect: [enterprise:mohass, enterprise:no-longer-here]\n"
        "- q: vad gör Gone AB?\n  expect: [enterprise:no-longer-here]\n"
        "- q: recept på kanelbullar\n  expect: none\n",
    )
    refused = run_cli("eval", str(path))
    assert refused.returncode == 1 and "enterprise:no-longer-here" in refused.stderr
    assert "--ignore-removed" in refused.stderr
    scored = run_cli("eval", str(path), "--ignore-removed", "--json")
    assert scored.returncode == 0 and "1 labels name removed entries" in scored.stderr
    assert "1 questions left with none" in scored.stderr
    assert '"questions": 2' in scored.stdout
