"""The maintainers' report as text, Markdown, CSV or one self-contained HTML page (with the knowledge
base's coverage as a table and a chart). Pure: a `Report` in, a string out."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterable, Sequence

from bot.upkeep.report import FORMATS, CountyRow, QuestionGroup, Report, ReportFormat

__all__ = ["FORMATS", "render", "render_csv", "render_html", "render_markdown", "render_text"]


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
