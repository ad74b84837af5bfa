"""Scoring the matcher on a labelled question set.

The set is the contract for answer quality: each question names the results that are right at the
top (any of them counts) or says that nothing in the knowledge base answers it. Out-of-domain
questions that get any result are counted apart, because a confident wrong answer is worse than none.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from bot.matching.conversation import context_of
from bot.understanding.answers import Answer

if TYPE_CHECKING:
    from bot.matching.matcher import Matcher

NO_RESULTS = "none"
CONVERSATION = "conversation"  # a small-talk reply (greeting, thanks, help) with no results is right


class QuestionSetError(Exception):
    """The labelled file is malformed; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class LabelledQuestion:
    question: str
    expect: tuple[str, ...]  # "kind:id" keys; empty means "no results"
    tags: tuple[str, ...] = ()
    language: str | None = None  # expected detected language, when labelled
    previous: str | None = None  # asked first in the same conversation (a follow-up's context)
    conversation: bool = False  # `expect: conversation`: small talk, answered warmly and with no results
    kind: str | None = None  # the kind of question (place, how-to, …), for figures per kind

    @property
    def wants_nothing(self) -> bool:
        return not self.expect and not self.conversation


@dataclass(frozen=True, slots=True)
class Outcome:
    item: LabelledQuestion
    got: tuple[str, ...]  # "kind:id" keys of the top results, best first
    top1: bool
    top3: bool
    language_ok: bool

    @property
    def false_positive(self) -> bool:
        return self.item.wants_nothing and bool(self.got)


@dataclass(frozen=True, slots=True)
class EvalReport:
    outcomes: tuple[Outcome, ...]

    @property
    def total(self) -> int:
        return len(self.outcomes)

    def _share(self, hits: Iterable[bool]) -> float:
        return sum(hits) / self.total if self.total else 0.0

    @property
    def top1(self) -> float:
        return self._share(o.top1 for o in self.outcomes)

    @property
    def top3(self) -> float:
        return self._share(o.top3 for o in self.outcomes)

    @property
    def out_of_domain(self) -> int:
        return sum(1 for o in self.outcomes if o.item.wants_nothing)

    @property
    def false_positives(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.false_positive)

    @property
    def language_accuracy(self) -> float:
        labelled = [o for o in self.outcomes if o.item.language]
        return sum(o.language_ok for o in labelled) / len(labelled) if labelled else 1.0

    @property
    def misses(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if not o.top1)

    def by_kind(self) -> dict[str, tuple[int, float, float]]:
        """kind -> (questions, top-1, top-3), for the questions labelled with a `kind:`."""
        found: dict[str, list[Outcome]] = {}
        for o in self.outcomes:
            if o.item.kind:
                found.setdefault(o.item.kind, []).append(o)
        return {
            kind: (
                len(items),
                sum(o.top1 for o in items) / len(items),
                sum(o.top3 for o in items) / len(items),
            )
            for kind, items in sorted(found.items())
        }


def result_keys(answer: Answer) -> tuple[str, ...]:
    return tuple(f"{r.kind}:{r.id}" for r in answer.results)


def load_questions(path: Path) -> tuple[LabelledQuestion, ...]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise QuestionSetError(f"{path}: cannot read: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise QuestionSetError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(raw, list) or not raw:
        raise QuestionSetError(f"{path}: expected a non-empty list of questions")
    items = []
    for number, entry in enumerate(raw, start=1):
        where = f"{path}: question {number}"
        if not isinstance(entry, dict) or not isinstance(entry.get("q"), str):
            raise QuestionSetError(f"{where}: each entry needs a `q:` string")
        unknown = set(entry) - {"q", "expect", "tags", "lang", "previous", "kind"}
        if unknown:
            raise QuestionSetError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        expect = entry.get("expect")
        previous = entry.get("previous")
        if previous is not None and not isinstance(previous, str):
            raise QuestionSetError(f"{where}: `previous` is the question asked before, a string")
        kind = entry.get("kind")
        if kind is not None and not isinstance(kind, str):
            raise QuestionSetError(f"{where}: `kind` is a word naming the kind of question")
        if expect in (NO_RESULTS, CONVERSATION):
            keys: tuple[str, ...] = ()
        elif isinstance(expect, list) and expect and all(isinstance(k, str) and ":" in k for k in expect):
            keys = tuple(expect)
        else:
            raise QuestionSetError(
                f"{where}: `expect` is a list of kind:id, the word {NO_RESULTS!r} or {CONVERSATION!r}"
            )
        items.append(
            LabelledQuestion(
                entry["q"],
                keys,
                tuple(entry.get("tags") or ()),
                entry.get("lang"),
                previous,
                expect == CONVERSATION,
                kind,
            )
        )
    return tuple(items)


def unknown_labels(questions: Sequence[LabelledQuestion], known: set[str]) -> list[str]:
    """Labels that name nothing in the knowledge base: a stale question set must fail loudly."""
    return sorted({key for q in questions for key in q.expect if key not in known})


def without_labels(
    questions: Sequence[LabelledQuestion], removed: frozenset[str]
) -> tuple[tuple[LabelledQuestion, ...], int]:
    """The questions with `removed` labels taken out, and how many were left with none (dropped):
    a held-out set stays as written, and is still scored after entries leave the knowledge base."""
    kept: list[LabelledQuestion] = []
    dropped = 0
    for item in questions:
        if not set(item.expect) & removed:
            kept.append(item)
            continue
        expect = tuple(key for key in item.expect if key not in removed)
        if expect:
            kept.append(replace(item, expect=expect))
        else:
            dropped += 1
    return tuple(kept), dropped


def evaluate(matcher: Matcher, questions: Sequence[LabelledQuestion], today: date) -> EvalReport:
    outcomes = []
    for item in questions:
        context = None
        if item.previous is not None:  # a follow-up, asked after `previous` in the same conversation
            context = context_of(matcher.answer(item.previous, today=today)) or None
        answer = matcher.answer(item.question, today=today, context=context)
        got = result_keys(answer)
        if item.conversation:
            top1 = top3 = not got and answer.intent in ("smalltalk", "help")
        elif item.wants_nothing:
            top1 = top3 = not got
        else:
            wanted = set(item.expect)
            top1 = bool(got) and got[0] in wanted
            top3 = any(key in wanted for key in got[:3])
        language_ok = item.language is None or item.language == answer.language
        outcomes.append(Outcome(item, got[:3], top1, top3, language_ok))
    return EvalReport(tuple(outcomes))


def format_report(report: EvalReport) -> str:
    lines = [
        f"questions:              {report.total} ({report.out_of_domain} out of domain)",
        f"top-1 accuracy:         {report.top1:.1%}",
        f"top-3 accuracy:         {report.top3:.1%}",
        f"out-of-domain false +:  {len(report.false_positives)}",
        f"language detected:      {report.language_accuracy:.1%}",
    ]
    kinds = report.by_kind()
    if kinds:
        lines += ["", f"  {'kind':<24} {'questions':>9} {'top-1':>7} {'top-3':>7}"]
        lines += [f"  {k:<24} {n:>9} {a:>7.1%} {b:>7.1%}" for k, (n, a, b) in kinds.items()]
    if report.misses:
        lines += ["", f"misses ({len(report.misses)}):", f"  {'question':<48} {'expected':<40} got"]
        for o in report.misses:
            expected = ", ".join(o.item.expect) or NO_RESULTS
            got = ", ".join(o.got) or NO_RESULTS
            lines.append(f"  {o.item.question[:48]:<48} {expected[:40]:<40} {got}")
    return "\n".join(lines)
