"""The maintainers' report: grouping, gaps against coverage, worst-rated answers, the four formats,
and the `report` command against a SQLite question log (in-process, and once as a real process)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import MappingProxyType

import pytest

from bot.knowledge.model import Knowledge, Region, Text, Theme
from bot.storage.store import open_store
from bot.upkeep.question_log import QuestionLog, hash_user
from bot.upkeep.question_records import Feedback, LoggedQuestion
from bot.upkeep.report import build_report, group_questions
from bot.upkeep.report_formats import render
from tests.bot_process import run_bot
from tests.cli_runner import CliResult, run_cli
from tests.tiny_knowledge import tiny_knowledge

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
SINCE = NOW - timedelta(days=30)


def knowledge() -> Knowledge:
    """The tiny snapshot (enterprises in Exempelby, Testlän; theme elderly-care) plus an empty county
    with one municipality and a theme no enterprise has. All names are made up."""
    base = tiny_knowledge()
    regions = dict(base.regions)
    regions["se-tomlan"] = Region(
        id="se-tomlan", kind="county", name="Tomlän", country="SE", code="SE-Y", parent="se"
    )
    regions["se-tomby"] = Region(
        id="se-tomby", kind="municipality", name="Tomby", country="SE", parent="se-tomlan"
    )
    themes = dict(base.themes)
    themes["exempel-tema"] = Theme(id="exempel-tema", label=Text(en="Example theme"), synonyms={})
    return replace(base, regions=MappingProxyType(regions), themes=MappingProxyType(themes))


def q(
    text: str,
    *,
    user: str = "U1",
    days_ago: float = 1,
    outcome: str = "no_results",
    regions: tuple[str, ...] = (),
    themes: tuple[str, ...] = (),
    lang: str = "sv",
) -> LoggedQuestion:
    return LoggedQuestion(
        asked_at=NOW - timedelta(days=days_ago),
        outcome=outcome,  # type: ignore[arg-type]
        question=text,
        language=lang,
        intent="enterprises",
        regions=regions,
        themes=themes,
        top_score=None,
        result_count=0,
        channel_type="im",
        user_hash=hash_user(user, b"salt"),
    )


def rating(text: str, value: int, *, user: str, results: tuple[str, ...], days_ago: float = 1) -> Feedback:
    return Feedback(
        rated_at=NOW - timedelta(days=days_ago),
        rating=value,
        question=text,
        language="sv",
        regions=(),
        themes=(),
        results=results,
        channel_type="channel",
        user_hash=hash_user(user, b"salt"),
    )


TOMBY = ("se-tomby",)
QUESTIONS = [
    q("sociala företag i Tomby", user="U1", regions=TOMBY),
    q("Sociala företag i Tomby?", user="U2", regions=TOMBY, days_ago=2),
    q("sociala foretag i tomby", user="U2", regions=TOMBY, days_ago=3),
    q(
        "sociala företag i Exempelby som jobbar med exempel",
        regions=("se-exempelby",),
        themes=("exempel-tema",),
    ),
    q("vem kan hjälpa mig med äldreomsorg", outcome="low_confidence", themes=("elderly-care",), lang="sv"),
    q("what is the weather like", user="U3", lang="en"),
    q("something from long ago", days_ago=45),  # outside the period
]


def test_similar_questions_are_grouped_within_the_same_places_and_themes() -> None:
    groups = group_questions(QUESTIONS[:6])
    assert [g.count for g in groups] == [3, 1, 1, 1]
    top = groups[0]
    assert top.text == "sociala företag i Tomby"  # the most recent of the wordings asked once each
    assert top.askers == 2 and top.regions == TOMBY
    assert set(top.variants) == {"Sociala företag i Tomby?", "sociala foretag i tomby"}
    # Same words, another place: another gap.
    other = group_questions([*QUESTIONS[:3], q("sociala företag i Exempelby", regions=("se-exempelby",))])
    assert [g.count for g in other] == [3, 1]


def test_report_lists_gaps_against_what_the_knowledge_base_covers() -> None:
    report = build_report(QUESTIONS, [], knowledge(), since=SINCE, until=NOW)
    assert report.questions == 6 and report.no_results == 5 and report.low_confidence == 1
    assert report.askers == 3
    # Tomby has no enterprise; Exempelby has some, so it is not a gap.
    assert [(g.region_id, g.questions, g.askers) for g in report.place_gaps] == [("se-tomby", 3, 2)]
    assert report.place_gaps[0].within.startswith("Tomlän")
    # elderly-care has an enterprise; exempel-tema has none.
    assert [(g.theme_id, g.questions) for g in report.theme_gaps] == [("exempel-tema", 1)]
    counties = {c.region_id: (c.demand, c.enterprises) for c in report.counties}
    assert counties == {"se-testlan": (1, 1), "se-tomlan": (3, 0)}
    assert report.no_place == 2


def test_worst_rated_answers_come_first() -> None:
    shown = ("enterprise:exempel-foretag-1",)
    ratings = [
        rating("äldreomsorg", -1, user="U1", results=shown),
        rating("äldreomsorg", -1, user="U2", results=shown),
        rating("äldreomsorg", 1, user="U3", results=shown),
        rating("företag i Exempelby", -1, user="U1", results=("enterprise:gone",)),
        rating("företag i Exempelby", -1, user="U2", results=("enterprise:gone",)),
        rating("bra svar", 1, user="U1", results=shown),
    ]
    report = build_report([], ratings, knowledge(), since=SINCE, until=NOW)
    assert (report.ratings_up, report.ratings_down) == (2, 4)
    assert [(a.question, a.down, a.up) for a in report.worst] == [
        ("företag i Exempelby", 2, 0),
        ("äldreomsorg", 2, 1),
    ]
    assert report.worst[1].results == ("Exempel Företag 1",)
    assert "no longer in the knowledge base" in report.worst[0].results[0]


def test_empty_period() -> None:
    report = build_report([], [], knowledge(), since=SINCE, until=NOW)
    assert report.empty
    for fmt in ("text", "markdown", "html"):
        assert "Nothing was logged" in render(report, fmt)  # type: ignore[arg-type]
    assert render(report, "csv").splitlines()[0] == "section,item,count,people,detail"


HOSTILE = [
    q("<script>alert(1)</script> | *bold* =cmd", user="U9"),
    q("\u202eמה זה\u202c شركات اجتماعية \x1b[2J\x07 zero\u200bwidth", user="U8"),
]


def test_text_and_markdown() -> None:
    report = build_report(QUESTIONS + HOSTILE, [], knowledge(), since=SINCE, until=NOW)
    text = render(report, "text")
    assert "   3 × sociala företag i Tomby  (2 people, sv" in text
    assert "Tomby (municipality, Tomlän" in text
    assert "Example theme (exempel-tema)" in text
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text  # no terminal or bidi control
    markdown = render(report, "markdown")
    assert "\\<script\\>alert\\(1\\)\\</script\\> \\| \\*bold\\*" in markdown
    table_rows = [line for line in markdown.splitlines() if line.startswith("| ") and "script" in line]
    assert table_rows and all(line.count(" | ") == 4 for line in table_rows)  # the pipe did not add a column


def test_csv_is_parseable_and_not_a_formula() -> None:
    report = build_report(QUESTIONS + HOSTILE, [], knowledge(), since=SINCE, until=NOW)
    rows = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    sections = {row["section"] for row in rows}
    assert {"unanswered", "place_without_enterprise", "theme_without_enterprise", "county"} <= sections
    tomby = next(r for r in rows if r["section"] == "place_without_enterprise")
    assert (tomby["item"], tomby["count"], tomby["people"]) == ("Tomby", "3", "2")
    formula = [q('=HYPERLINK("http://x")')]
    cells = list(
        csv.reader(io.StringIO(render(build_report(formula, [], knowledge(), since=SINCE, until=NOW), "csv")))
    )
    assert cells[1][1].startswith("'=")


def test_html_is_one_self_contained_safe_page() -> None:
    ratings = [rating("äldreomsorg", -1, user="U1", results=())]
    report = build_report(QUESTIONS + HOSTILE, ratings, knowledge(), since=SINCE, until=NOW)
    page = render(report, "html")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    # No external assets and no script: every URL-ish attribute is absent; the only URL is SVG's namespace.
    assert not re.search(r"<(script|link|img|iframe|object)\b", page, re.IGNORECASE)
    assert not re.search(r"\b(src|href)\s*=", page, re.IGNORECASE)
    assert re.findall(r"https?://[^\s\"'<>]+", page) == ["http://www.w3.org/2000/svg"]
    assert "@import" not in page and "url(" not in page
    # User text is escaped and isolated for direction.
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<bdi>" in page and "\u202e" not in page
    # The chart: one pair of bars per county that was asked about, the table lists every county.
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert svg.count("<rect") == 4  # Testlän and Tomlän, demand and coverage each
    assert "Tomlän: 3 questions" in svg and "Tomlän: 0 enterprises" in svg
    assert '<tr class="gap"><td>Tomlän</td>' in page


# ----- the command, for real -----------------------------------------------------------------------------
def _run(args: list[str], env: dict[str, str], cwd: Path) -> CliResult:
    return run_cli("report", "--knowledge", str(ROOT / "knowledge"), *args, env=env, cwd=cwd)


@pytest.fixture
def logged_db(tmp_path: Path) -> str:
    """A question log with questions as the real matcher would log them (places from the shipped
    gazetteer), asked minutes ago so they fall inside any --since."""
    url = f"sqlite:///{tmp_path / 'log.db'}"
    store = open_store(url)
    now = datetime.now(UTC)
    rows = [
        replace(
            q("sociala företag i Kiruna", user=f"U{n}", outcome="widened", regions=("se-kiruna",)),
            asked_at=now,
        )
        for n in range(3)
    ] + [
        replace(
            q("Sociala företag i Kiruna?", user="U9", outcome="widened", regions=("se-kiruna",)), asked_at=now
        ),
        replace(q("what is the weather in Riga", lang="en", regions=("lv-riga",)), asked_at=now),
        replace(
            q("vem kan hjälpa mig i Luleå", outcome="low_confidence", regions=("se-lulea",)), asked_at=now
        ),
    ]
    try:
        QuestionLog(store).add(
            [*rows, replace(rating("äldreomsorg", -1, user="U1", results=()), rated_at=now)]
        )
    finally:
        store.close()
    return url


def _env(url: str) -> dict[str, str]:
    return {"DATABASE_URL": url}


def test_report_command_text_and_html_file(logged_db: str, tmp_path: Path) -> None:
    # The real-process smoke test of `report`; the rest run in-process.
    knowledge_dir = str(ROOT / "knowledge")
    done = run_bot("report", "--knowledge", knowledge_dir, "--since", "7d", env=_env(logged_db), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    print(done.stdout)  # the sample shown in the closing note (pytest -s)
    assert "6 questions not answered well" in done.stdout
    assert "   4 × sociala företag i Kiruna  (4 people" in done.stdout
    assert "Kiruna (municipality, Norrbottens län" in done.stdout

    out = tmp_path / "report.html"
    done = _run(["--since", "4w", "--format", "html", "--output", str(out)], _env(logged_db), tmp_path)
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert "wrote" in done.stderr and page.startswith("<!DOCTYPE html>")
    # The knowledge base's coverage: a table and an inline SVG chart, before the page ends.
    coverage = page.index("<h2>Coverage of the knowledge base</h2>")
    assert page.index("<svg", coverage) < page.index("<table>", coverage) < page.index("</body>")
    assert "<td>Örebro län</td><td>county</td><td>" in page
    assert "municipalities with nothing of their own" in page

    done = _run(["--format", "csv"], _env(logged_db), tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("section,item,count,people,detail")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "30x"], "argument --since: '30x' is not an age"),
        (["--since", "0d"], "--since: the period must be at least one day"),
        (["--format", "pdf"], "invalid choice: 'pdf'"),
    ],
)
def test_report_command_bad_options_are_one_clear_line(
    args: list[str], message: str, logged_db: str, tmp_path: Path
) -> None:
    done = _run(args, _env(logged_db), tmp_path)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


def test_report_command_unreachable_database_hides_the_password(tmp_path: Path) -> None:
    url = "postgresql://samverka:report-pw-123@127.0.0.1:1/none?connect_timeout=2"
    done = _run([], _env(url), tmp_path)
    assert done.returncode == 1
    assert "cannot reach the database" in done.stderr and "report-pw-123" not in done.stderr + done.stdout
