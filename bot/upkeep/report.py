"""The maintainers' report: what people asked that the knowledge base could not answer well.

Pure: logged rows and a knowledge snapshot in, a `Report` out, and the report as text, Markdown,
CSV or one self-contained HTML page. Similar questions are grouped (rapidfuzz, within the same
detected places and themes, so "enterprises in Kiruna" and "… in Gällivare" stay two gaps), and
places and themes are compared with what the knowledge base covers, so a maintainer sees where
to add entries first.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from rapidfuzz import fuzz

from bot.knowledge.model import Knowledge, Region
from bot.understanding.text import key
from bot.upkeep.question_records import Feedback, LoggedQuestion

ReportFormat = Literal["text", "markdown", "csv", "html"]
FORMATS: tuple[ReportFormat, ...] = ("text", "markdown", "csv", "html")

SIMILARITY = 80  # rapidfuzz token_sort_ratio at or above which two questions are "the same question"
MAX_GROUPS = 50
MAX_LISTED = 25  # places, themes, rated answers shown
MAX_VARIANTS = 3
SHOWN_CHARS = 160  # a question as quoted in the report
MAX_ROWS = 50_000  # rows considered (newest kept); a report is a summary, not an export

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"\s+")


# ----- the report ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class QuestionGroup:
    text: str  # the most common wording
    count: int
    askers: int  # distinct people
    languages: tuple[str, ...]
    no_results: int
    widened: int
    low_confidence: int
    last_asked: datetime
    regions: tuple[str, ...]
    themes: tuple[str, ...]
    variants: tuple[str, ...] = ()  # other wordings, most common first


@dataclass(frozen=True, slots=True)
class PlaceGap:
    region_id: str
    name: str
    kind: str
    within: str  # county and/or country name, for orientation
    questions: int
    askers: int


@dataclass(frozen=True, slots=True)
class ThemeGap:
    theme_id: str
    label: str
    questions: int
    askers: int


@dataclass(frozen=True, slots=True)
class CountyRow:
    """Demand (questions not answered well that name a place in the county) against coverage."""

    region_id: str
    name: str
    country: str
    code: str
    demand: int
    enterprises: int


@dataclass(frozen=True, slots=True)
class RatedAnswer:
    question: str
    results: tuple[str, ...]  # names of the results shown, as the knowledge base calls them now
    up: int
    down: int
    language: str
    last_rated: datetime


@dataclass(frozen=True, slots=True)
class Report:
    since: datetime
    until: datetime
    knowledge_version: str
    questions: int
    no_results: int
    widened: int  # nothing in the place asked about: answered from its county or a nearest node
    low_confidence: int
    askers: int
    ratings_up: int
    ratings_down: int
    groups: tuple[QuestionGroup, ...]
    place_gaps: tuple[PlaceGap, ...]
    theme_gaps: tuple[ThemeGap, ...]
    counties: tuple[CountyRow, ...]
    worst: tuple[RatedAnswer, ...]
    no_place: int = 0  # questions naming no place at all
    omitted_groups: int = 0

    @property
    def empty(self) -> bool:
        return self.questions == 0 and self.ratings_up == 0 and self.ratings_down == 0


# ----- building ---------------------------------------------------------------------------------------
def build_report(
    questions: Sequence[LoggedQuestion],
    feedback: Sequence[Feedback],
    knowledge: Knowledge,
    *,
    since: datetime,
    until: datetime,
) -> Report:
    """Summarise the rows logged in [since, until) against `knowledge`."""
    rows = [q for q in questions if since <= q.asked_at < until][-MAX_ROWS:]
    rated = [f for f in feedback if since <= f.rated_at < until][-MAX_ROWS:]
    groups = group_questions(rows)
    coverage = _Coverage(knowledge)
    return Report(
        since=since,
        until=until,
        knowledge_version=knowledge.version,
        questions=len(rows),
        no_results=sum(1 for q in rows if q.outcome == "no_results"),
        widened=sum(1 for q in rows if q.outcome == "widened"),
        low_confidence=sum(1 for q in rows if q.outcome == "low_confidence"),
        askers=len({q.user_hash for q in rows if q.user_hash}),
        ratings_up=sum(1 for f in rated if f.rating > 0),
        ratings_down=sum(1 for f in rated if f.rating < 0),
        groups=tuple(groups[:MAX_GROUPS]),
        omitted_groups=max(0, len(groups) - MAX_GROUPS),
        place_gaps=tuple(_place_gaps(rows, knowledge, coverage)[:MAX_LISTED]),
        theme_gaps=tuple(_theme_gaps(rows, knowledge, coverage)[:MAX_LISTED]),
        counties=tuple(_counties(rows, knowledge, coverage)),
        worst=tuple(_worst(rated, knowledge)[:MAX_LISTED]),
        no_place=sum(1 for q in rows if not q.regions),
    )


def group_questions(rows: Iterable[LoggedQuestion]) -> list[QuestionGroup]:
    """Questions with the same places and themes and similar wording, most asked first."""
    members: list[list[LoggedQuestion]] = []
    keys: list[str] = []
    by_topic: dict[tuple[tuple[str, ...], tuple[str, ...]], list[int]] = defaultdict(list)
    for row in rows:
        norm = key(row.question) or row.question.strip().casefold()
        topic = (tuple(sorted(row.regions)), tuple(sorted(row.themes)))
        best, best_score = -1, -1.0
        for index in by_topic[topic]:
            score = 100.0 if keys[index] == norm else fuzz.token_sort_ratio(keys[index], norm)
            if score >= SIMILARITY and score > best_score:
                best, best_score = index, score
                if score == 100.0:
                    break
        if best < 0:
            best = len(members)
            members.append([])
            keys.append(norm)
            by_topic[topic].append(best)
        members[best].append(row)
    groups = [_group(rows) for rows in members]
    groups.sort(key=lambda g: (-g.count, -g.askers, -g.last_asked.timestamp(), g.text))
    return groups


def _group(rows: list[LoggedQuestion]) -> QuestionGroup:
    wordings = Counter(_shown(r.question) for r in rows)
    last = {w: max(r.asked_at for r in rows if _shown(r.question) == w) for w in wordings}
    ordered = sorted(wordings, key=lambda w: (-wordings[w], -last[w].timestamp(), w))
    languages = Counter(r.language for r in rows)
    return QuestionGroup(
        text=ordered[0],
        count=len(rows),
        askers=len({r.user_hash for r in rows if r.user_hash}),
        languages=tuple(sorted(languages, key=lambda lang: (-languages[lang], lang))),
        no_results=sum(1 for r in rows if r.outcome == "no_results"),
        widened=sum(1 for r in rows if r.outcome == "widened"),
        low_confidence=sum(1 for r in rows if r.outcome == "low_confidence"),
        last_asked=max(r.asked_at for r in rows),
        regions=tuple(sorted(rows[0].regions)),
        themes=tuple(sorted(rows[0].themes)),
        variants=tuple(ordered[1 : 1 + MAX_VARIANTS]),
    )


class _Coverage:
    """How many enterprises each region and theme has, counted once per snapshot."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self.by_region: Counter[str] = Counter()
        self.by_theme: Counter[str] = Counter()
        for enterprise in knowledge.enterprises.values():
            places: set[str] = set()
            for place in (enterprise.municipality, *enterprise.areas):
                places.update(self.ancestors(place))
            self.by_region.update(places)
            self.by_theme.update(set(enterprise.themes))

    def ancestors(self, region_id: str | None) -> list[str]:
        """The region and every region it lies in (municipality → county → country)."""
        chain: list[str] = []
        current = self.knowledge.regions.get(region_id or "")
        while current is not None and current.id not in chain:
            chain.append(current.id)
            current = self.knowledge.regions.get(current.parent or "")
        return chain


def _askers(rows: Iterable[LoggedQuestion]) -> int:
    return len({r.user_hash for r in rows if r.user_hash})


def _asked_about(rows: Sequence[LoggedQuestion], attribute: str) -> dict[str, list[LoggedQuestion]]:
    """The questions naming each place (`regions`) or theme (`themes`), each question once per id."""
    asked: dict[str, list[LoggedQuestion]] = defaultdict(list)
    for row in rows:
        for ident in set(getattr(row, attribute)):
            asked[ident].append(row)
    return asked


def _place_gaps(rows: Sequence[LoggedQuestion], knowledge: Knowledge, coverage: _Coverage) -> list[PlaceGap]:
    gaps = []
    for region_id, hits in _asked_about(rows, "regions").items():
        region = knowledge.regions.get(region_id)
        if coverage.by_region[region_id] > 0:
            continue
        if region is None:  # a place the knowledge base no longer knows: still a gap, shown by id
            gaps.append(PlaceGap(region_id, region_id, "unknown", "", len(hits), _askers(hits)))
            continue
        within = _within(region, knowledge)
        gaps.append(PlaceGap(region_id, region.name, region.kind, within, len(hits), _askers(hits)))
    gaps.sort(key=lambda g: (-g.questions, -g.askers, g.name))
    return gaps


def _within(region: Region, knowledge: Knowledge) -> str:
    names = []
    current = knowledge.regions.get(region.parent or "")
    while current is not None and len(names) < 3:
        names.append(current.name)
        current = knowledge.regions.get(current.parent or "")
    return ", ".join(names)


def _theme_gaps(rows: Sequence[LoggedQuestion], knowledge: Knowledge, coverage: _Coverage) -> list[ThemeGap]:
    gaps = []
    for theme_id, hits in _asked_about(rows, "themes").items():
        if coverage.by_theme[theme_id] > 0:
            continue
        theme = knowledge.themes.get(theme_id)
        label = theme.label.get("en") if theme is not None else theme_id
        gaps.append(ThemeGap(theme_id, label, len(hits), _askers(hits)))
    gaps.sort(key=lambda g: (-g.questions, -g.askers, g.label))
    return gaps


def _counties(rows: Sequence[LoggedQuestion], knowledge: Knowledge, coverage: _Coverage) -> list[CountyRow]:
    demand: Counter[str] = Counter()
    for row in rows:
        counties = set()
        for region_id in row.regions:
            county = knowledge.county_of(region_id)
            if county is not None:
                counties.add(county.id)
        demand.update(counties)
    table = [
        CountyRow(
            region_id=region.id,
            name=region.name,
            country=region.country,
            code=region.code or "",
            demand=demand[region.id],
            enterprises=coverage.by_region[region.id],
        )
        for region in knowledge.regions.values()
        if region.kind in ("county", "planning_region")
    ]
    table.sort(key=lambda c: (c.country, c.code or c.name, c.name))
    return table


def _worst(rated: Sequence[Feedback], knowledge: Knowledge) -> list[RatedAnswer]:
    by_answer: dict[str, list[Feedback]] = defaultdict(list)
    for rating in rated:
        by_answer[rating.answer_key].append(rating)
    answers = []
    for ratings in by_answer.values():
        down = sum(1 for r in ratings if r.rating < 0)
        if not down:
            continue
        latest = max(ratings, key=lambda r: r.rated_at)
        answers.append(
            RatedAnswer(
                question=_shown(latest.question),
                results=tuple(_result_name(ref, knowledge) for ref in latest.results),
                up=sum(1 for r in ratings if r.rating > 0),
                down=down,
                language=latest.language,
                last_rated=latest.rated_at,
            )
        )
    answers.sort(key=lambda a: (-(a.down - a.up), -a.down, -a.last_rated.timestamp(), a.question))
    return answers


def _result_name(ref: str, knowledge: Knowledge) -> str:
    kind, _, ident = ref.partition(":")
    table = {
        "enterprise": knowledge.enterprises,
        "contact": knowledge.contacts,
        "organisation": knowledge.organisations,
        "event": knowledge.events,
    }.get(kind, {})
    entry = table.get(ident)
    return entry.name if entry is not None else f"{ident} (no longer in the knowledge base)"


def _shown(question: str) -> str:
    """A question as it may be printed anywhere: no control or direction characters, one line, short."""
    text = _SPACES.sub(" ", _CONTROL.sub("", question)).strip()
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1].rstrip() + "…"


# ----- formats --------------------------------------------------------------------------------------------
def render(report: Report, fmt: ReportFormat, coverage: Sequence[str] = ()) -> str:
    """The report in `fmt`; `coverage` (HTML lines) is added to the html format only."""
    if fmt == "text":
        return render_text(report)
    if fmt == "markdown":
        return render_markdown(report)
    if fmt == "csv":
        return render_csv(report)
    if fmt == "html":
        return render_html(report, coverage)
    raise ValueError(f"unknown report format {fmt!r} (use one of {', '.join(FORMATS)})")


def _period(report: Report) -> str:
    return f"{report.since:%Y-%m-%d %H:%M} – {report.until:%Y-%m-%d %H:%M} UTC"


def _summary(report: Report) -> str:
    return (
        f"{report.questions} question{_s(report.questions)} not answered well "
        f"({report.no_results} with no results, {report.widened} with nothing in the place itself, "
        f"{report.low_confidence} with low confidence) "
        f"from {report.askers} {'person' if report.askers == 1 else 'people'}; "
        f"ratings: {report.ratings_up} 👍, {report.ratings_down} 👎"
    )


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def _group_tags(group: QuestionGroup) -> str:
    tags = [f"{group.askers} {'person' if group.askers == 1 else 'people'}", "/".join(group.languages)]
    if group.widened:
        tags.append(f"{group.widened} nothing in the place itself")
    if group.low_confidence:
        tags.append(f"{group.low_confidence} low confidence")
    tags.append(f"last {group.last_asked:%Y-%m-%d}")
    return ", ".join(tags)


def render_text(report: Report) -> str:
    out = [f"Samverka report {_period(report)} (knowledge {report.knowledge_version})", _summary(report), ""]
    if report.empty:
        out.append("Nothing was logged in this period.")
        return "\n".join(out) + "\n"
    out.append("Unanswered questions (grouped by similarity):")
    if not report.groups:
        out.append("  none")
    for group in report.groups:
        out.append(f"  {group.count:>4} × {group.text}  ({_group_tags(group)})")
        out.extend(f"         ~ {variant}" for variant in group.variants)
    if report.omitted_groups:
        out.append(f"  … and {report.omitted_groups} more groups")
    out += ["", "Places asked about that have no enterprise:"]
    out += [
        f"  {g.questions:>4} × {g.name} ({g.kind}{', ' + g.within if g.within else ''})"
        for g in report.place_gaps
    ] or ["  none"]
    out += ["", "Themes asked about with no enterprise:"]
    out += [f"  {g.questions:>4} × {g.label} ({g.theme_id})" for g in report.theme_gaps] or ["  none"]
    out += ["", "Worst-rated answers:"]
    out += [
        f"  👎 {a.down} 👍 {a.up}  {a.question} → {', '.join(a.results) or 'no results'}"
        for a in report.worst
    ] or ["  none"]
    asked = [c for c in report.counties if c.demand]
    out += ["", "Demand vs coverage by county (questions not answered well / enterprises):"]
    out += [f"  {c.name:<28} {c.demand:>4} / {c.enterprises}" for c in asked] or ["  no county named"]
    if report.no_place:
        out.append(f"  ({report.no_place} question{_s(report.no_place)} named no place)")
    return "\n".join(out) + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def render_markdown(report: Report) -> str:
    out = [
        f"# Samverka report, {_period(report)}",
        "",
        f"Knowledge version `{report.knowledge_version}`. {_md(_summary(report))}",
        "",
    ]
    if report.empty:
        out.append("Nothing was logged in this period.")
        return "\n".join(out) + "\n"
    out += ["## Unanswered questions", ""]
    if report.groups:
        out += ["| Asked | Question | People | Languages | Last asked |", "|---:|---|---:|---|---|"]
        for g in report.groups:
            question = _md(g.text) + "".join(f"<br>~ {_md(v)}" for v in g.variants)
            out.append(
                f"| {g.count} | {question} | {g.askers} | {'/'.join(g.languages)} | {g.last_asked:%Y-%m-%d} |"
            )
        if report.omitted_groups:
            out.append(f"\n… and {report.omitted_groups} more groups")
    else:
        out.append("None.")
    out += ["", "## Places asked about that have no enterprise", ""]
    out += [
        f"- **{_md(g.name)}** ({g.kind}) — {g.questions} question{_s(g.questions)}" for g in report.place_gaps
    ]
    if not report.place_gaps:
        out.append("None.")
    out += ["", "## Themes asked about with no enterprise", ""]
    out += [f"- **{_md(g.label)}** — {g.questions} question{_s(g.questions)}" for g in report.theme_gaps]
    if not report.theme_gaps:
        out.append("None.")
    out += ["", "## Worst-rated answers", ""]
    if report.worst:
        out += ["| 👎 | 👍 | Question | Answered with |", "|---:|---:|---|---|"]
        out += [
            f"| {a.down} | {a.up} | {_md(a.question)} | {_md(', '.join(a.results)) or 'no results'} |"
            for a in report.worst
        ]
    else:
        out.append("None.")
    out += ["", "## Demand vs coverage by county", ""]
    out += ["| County | Questions | Enterprises |", "|---|---:|---:|"]
    out += [f"| {_md(c.name)} | {c.demand} | {c.enterprises} |" for c in report.counties if c.demand]
    return "\n".join(out) + "\n"


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render_csv(report: Report) -> str:
    """One table: section, item, count, people, detail (a spreadsheet filters by section)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["section", "item", "count", "people", "detail"])
    for g in report.groups:
        detail = f"languages={'/'.join(g.languages)}; last={g.last_asked:%Y-%m-%d}"
        if g.variants:
            detail += "; variants=" + " | ".join(g.variants)
        writer.writerow(map(_cell, ["unanswered", g.text, g.count, g.askers, detail]))
    for p in report.place_gaps:
        writer.writerow(map(_cell, ["place_without_enterprise", p.name, p.questions, p.askers, p.kind]))
    for t in report.theme_gaps:
        writer.writerow(map(_cell, ["theme_without_enterprise", t.label, t.questions, t.askers, t.theme_id]))
    for a in report.worst:
        detail = f"up={a.up}; results={', '.join(a.results)}"
        writer.writerow(map(_cell, ["worst_rated", a.question, a.down, "", detail]))
    for c in report.counties:
        writer.writerow(map(_cell, ["county", c.name, c.demand, "", f"enterprises={c.enterprises}"]))
    return buffer.getvalue()


# ----- HTML ------------------------------------------------------------------------------------------------
_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:60rem;
padding:0 1rem;color:#1d1d1f;background:#fff}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #eee;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:#666}.variants{color:#666;font-size:.9em}
.gap td{background:#fff4f2}
.legend span{display:inline-block;width:.8em;height:.8em;margin:0 .3em 0 1em;vertical-align:middle}
svg text{font:12px system-ui,sans-serif;fill:#1d1d1f}
"""
_DEMAND_COLOUR = "#d9534f"
_COVER_COLOUR = "#2e8b57"


def _h(text: object) -> str:
    return html.escape(str(text), quote=True)


def _user(text: str) -> str:
    """User text in its own direction, so a right-to-left question cannot reorder the table."""
    return f"<bdi>{_h(text)}</bdi>"


def _svg_chart(rows: Sequence[CountyRow]) -> str:
    """Horizontal paired bars per county: demand (red) and enterprises (green), each on its own scale."""
    if not rows:
        return '<p class="muted">No county was named in these questions.</p>'
    bar_h, gap, label_w, width = 9, 8, 190, 620
    chart_w = width - label_w - 60
    top_demand = max(r.demand for r in rows) or 1
    top_cover = max(r.enterprises for r in rows) or 1
    height = len(rows) * (2 * bar_h + gap) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Demand and coverage per county">'
    ]
    for i, row in enumerate(rows):
        y = 5 + i * (2 * bar_h + gap)
        demand_w = round(chart_w * row.demand / top_demand)
        cover_w = round(chart_w * row.enterprises / top_cover)
        parts.append(f'<text x="{label_w - 6}" y="{y + bar_h + 3}" text-anchor="end">{_h(row.name)}</text>')
        parts.append(
            f'<rect x="{label_w}" y="{y}" width="{demand_w}" height="{bar_h}" fill="{_DEMAND_COLOUR}">'
            f"<title>{_h(row.name)}: {row.demand} question{_s(row.demand)}</title></rect>"
        )
        parts.append(f'<text x="{label_w + demand_w + 4}" y="{y + bar_h - 1}">{row.demand}</text>')
        parts.append(
            f'<rect x="{label_w}" y="{y + bar_h}" width="{cover_w}" height="{bar_h}" fill="{_COVER_COLOUR}">'
            f"<title>{_h(row.name)}: {row.enterprises} enterprise{_s(row.enterprises)}</title></rect>"
        )
        parts.append(f'<text x="{label_w + cover_w + 4}" y="{y + 2 * bar_h - 1}">{row.enterprises}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render_html(report: Report, coverage: Sequence[str] = ()) -> str:
    """One HTML file with inline CSS and SVG: no script, no external fonts, images or styles.
    `coverage` is the knowledge base's coverage section (`bot.knowledge.coverage.html_section`), if given."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Samverka report {_h(_period(report))}</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>What people asked that Samverka could not answer well</h1>",
        f'<p class="muted">{_h(_period(report))} · knowledge version '
        f"<code>{_h(report.knowledge_version)}</code></p>",
        f"<p>{_h(_summary(report))}</p>",
    ]
    if report.empty:
        out += ["<p>Nothing was logged in this period.</p>", *coverage, "</body></html>"]
        return "\n".join(out) + "\n"

    out.append("<h2>Demand vs coverage by county</h2>")
    out.append(
        '<p class="legend muted">Questions not answered well that name a place in the county'
        f'<span style="background:{_DEMAND_COLOUR}"></span>and enterprises the knowledge base has there'
        f'<span style="background:{_COVER_COLOUR}"></span></p>'
    )
    asked = [c for c in report.counties if c.demand]
    out.append(_svg_chart(asked))
    out.append(
        '<table><thead><tr><th>County</th><th>Country</th><th class="n">Questions</th>'
        '<th class="n">Enterprises</th></tr></thead><tbody>'
    )
    for c in report.counties:
        css = ' class="gap"' if c.demand and not c.enterprises else ""
        out.append(
            f"<tr{css}><td>{_h(c.name)}</td><td>{_h(c.country)}</td>"
            f'<td class="n">{c.demand}</td><td class="n">{c.enterprises}</td></tr>'
        )
    out.append("</tbody></table>")
    if report.no_place:
        out.append(f'<p class="muted">{report.no_place} question{_s(report.no_place)} named no place.</p>')

    out.append("<h2>Unanswered questions, grouped by similarity</h2>")
    if report.groups:
        out.append(
            '<table><thead><tr><th class="n">Asked</th><th>Question</th><th class="n">People</th>'
            "<th>Language</th><th>Last asked</th></tr></thead><tbody>"
        )
        for g in report.groups:
            variants = "".join(f'<div class="variants">~ {_user(v)}</div>' for v in g.variants)
            out.append(
                f'<tr><td class="n">{g.count}</td><td>{_user(g.text)}{variants}</td>'
                f'<td class="n">{g.askers}</td><td>{_h("/".join(g.languages))}</td>'
                f"<td>{g.last_asked:%Y-%m-%d}</td></tr>"
            )
        out.append("</tbody></table>")
        if report.omitted_groups:
            out.append(f'<p class="muted">… and {report.omitted_groups} more groups.</p>')
    else:
        out.append("<p>None.</p>")

    out.append("<h2>Places asked about that have no enterprise</h2>")
    out.append(
        _list(
            f'<b>{_h(g.name)}</b> <span class="muted">{_h(g.kind)}'
            f"{', ' + _h(g.within) if g.within else ''}</span> — {g.questions} question{_s(g.questions)}"
            for g in report.place_gaps
        )
    )
    out.append("<h2>Themes asked about with no enterprise</h2>")
    out.append(
        _list(f"<b>{_h(g.label)}</b> — {g.questions} question{_s(g.questions)}" for g in report.theme_gaps)
    )
    out.append("<h2>Worst-rated answers</h2>")
    if report.worst:
        out.append(
            '<table><thead><tr><th class="n">👎</th><th class="n">👍</th><th>Question</th>'
            "<th>Answered with</th></tr></thead><tbody>"
        )
        out += [
            f'<tr><td class="n">{a.down}</td><td class="n">{a.up}</td><td>{_user(a.question)}</td>'
            f"<td>{_h(', '.join(a.results) or 'no results')}</td></tr>"
            for a in report.worst
        ]
        out.append("</tbody></table>")
    else:
        out.append("<p>None.</p>")
    out += [*coverage, "</body></html>"]
    return "\n".join(out) + "\n"


def _list(items: Iterable[str]) -> str:
    rendered = "".join(f"<li>{item}</li>" for item in items)
    return f"<ul>{rendered}</ul>" if rendered else "<p>None.</p>"
