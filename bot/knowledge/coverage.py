"""What the knowledge base covers, place by place: enterprises, contacts, guides, newest source.

Maintainers need to see where an official would get no one local (Sofisam closed when its facts went
stale unseen), so this counts per county, planning region and municipality of Sweden and Latvia,
with the age of the newest source behind each, and lists the places with nothing of their own.
Pure: takes the snapshot and `today`; `bot coverage` and the HTML report render it.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from bot.knowledge.model import Fact, Knowledge, PartialDate
from bot.knowledge.upcoming import upcoming_events

COUNTRIES = ("SE", "LV")
_KIND_ORDER = {"country": 0, "county": 1, "planning_region": 1, "municipality": 2}


@dataclass(frozen=True)
class RegionCoverage:
    id: str
    name: str
    kind: str  # country | county | planning_region | municipality
    country: str  # SE | LV
    parent: str | None
    enterprises: int  # whose home is in the region (a county: in any of its municipalities)
    contacts: int  # organisations and people a source says serve the region itself
    guides: int  # guides for the region itself (guides are per country)
    newest_source: PartialDate | None  # newest dated source behind what is counted

    @property
    def has_own(self) -> bool:
        return bool(self.enterprises or self.contacts or self.guides)

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "country": self.country,
            "enterprises": self.enterprises,
            "contacts": self.contacts,
            "guides": self.guides,
            # A full ISO date; a source dated only to a month or a year gives its first day.
            "newest_source": self.newest_source.value.isoformat() if self.newest_source else None,
        }


@dataclass(frozen=True)
class Coverage:
    enterprises: int
    guides: int
    upcoming_events: int
    regions: tuple[RegionCoverage, ...]  # countries, then counties/planning regions, then municipalities

    def as_json(self) -> dict[str, object]:
        return {
            "enterprises": self.enterprises,
            "guides": self.guides,
            "upcoming_events": self.upcoming_events,
            "regions": [region.as_json() for region in self.regions],
        }


def build_coverage(knowledge: Knowledge, today: date) -> Coverage:
    regions = [r for r in knowledge.regions.values() if r.country in COUNTRIES and r.kind in _KIND_ORDER]
    home: dict[str, list[Fact]] = {}  # region id -> entries counted as its enterprises
    for enterprise in knowledge.enterprises.values():
        place = knowledge.regions.get(enterprise.municipality or "")
        while place is not None:  # the municipality, its county, its country
            home.setdefault(place.id, []).append(enterprise)
            place = knowledge.regions.get(place.parent) if place.parent else None
    serving: dict[str, list[Fact]] = {}
    for organisation in knowledge.organisations.values():
        for ident in organisation.serves:
            serving.setdefault(ident, []).append(organisation)
    for contact in knowledge.contacts.values():
        for ident in contact.regions:
            serving.setdefault(ident, []).append(contact)
    guides: dict[str, list[Fact]] = {}
    for guide in knowledge.guides.values():
        guides.setdefault(guide.country, []).append(guide)
    rows = []
    for region in regions:
        counted = [*home.get(region.id, ()), *serving.get(region.id, ()), *guides.get(region.id, ())]
        rows.append(
            RegionCoverage(
                id=region.id,
                name=region.name,
                kind=region.kind,
                country=region.country,
                parent=region.parent,
                enterprises=len(home.get(region.id, ())),
                contacts=len(serving.get(region.id, ())),
                guides=len(guides.get(region.id, ())),
                newest_source=_newest(knowledge, counted),
            )
        )
    rows.sort(key=lambda r: (_KIND_ORDER[r.kind], COUNTRIES.index(r.country), r.name.casefold()))
    return Coverage(
        enterprises=len(knowledge.enterprises),
        guides=len(knowledge.guides),
        upcoming_events=len(upcoming_events(knowledge, today)),
        regions=tuple(rows),
    )


def _newest(knowledge: Knowledge, entries: Iterable[Fact]) -> PartialDate | None:
    dates = [
        source.published
        for entry in entries
        if (source := knowledge.newest_source(entry)) is not None and source.published is not None
    ]
    return max(dates, key=lambda d: d.last_day) if dates else None


def _age(published: PartialDate | None, today: date) -> str:
    if published is None:
        return "—"
    years = (today - published.last_day).days / 365.25
    return f"{published.isoformat()} ({years:.1f} y)" if years >= 0 else published.isoformat()


def render_json(coverage: Coverage) -> str:
    return json.dumps(coverage.as_json(), ensure_ascii=False) + "\n"


def render_text(coverage: Coverage, today: date) -> str:
    """A table per level, then the places with nothing of their own."""
    out = [
        f"enterprises: {coverage.enterprises}   guides: {coverage.guides}   "
        f"upcoming events: {coverage.upcoming_events}",
    ]
    header = f"{'region':<34} {'enterprises':>11} {'contacts':>8} {'guides':>6}  newest source"
    levels = (
        ("Countries", ("country",)),
        ("Counties and planning regions", ("county", "planning_region")),
        ("Municipalities with something of their own", ("municipality",)),
    )
    for title, kinds in levels:
        rows = [r for r in coverage.regions if r.kind in kinds and (r.kind != "municipality" or r.has_own)]
        out += ["", title, header]
        out += [
            f"{r.name[:34]:<34} {r.enterprises:>11} {r.contacts:>8} {r.guides:>6}  "
            f"{_age(r.newest_source, today)}"
            for r in rows
        ] or ["(none)"]
    for country in COUNTRIES:
        bare = [
            r for r in coverage.regions if r.kind == "municipality" and r.country == country and not r.has_own
        ]
        total = sum(1 for r in coverage.regions if r.kind == "municipality" and r.country == country)
        out += ["", f"{country}: {len(bare)} of {total} municipalities have nothing of their own"]
        out += _wrapped(", ".join(r.name for r in bare))
    return "\n".join(out) + "\n"


def _wrapped(text: str, width: int = 100) -> list[str]:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append("  " + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, "  " + line] if line else lines


def html_section(coverage: Coverage, today: date) -> list[str]:
    """The coverage section of `report --format html`: a bar chart of enterprises and contacts per
    county and planning region (inline SVG), the table, and the places with nothing of their own."""
    areas = [r for r in coverage.regions if r.kind in ("county", "planning_region")]
    most = max([1, *(max(r.enterprises, r.contacts) for r in areas)])
    bar, row_h, label_w = 300, 18, 230
    height = row_h * len(areas) + 24
    svg = [
        f'<svg role="img" aria-label="Enterprises and contacts per county and planning region" '
        f'width="{label_w + bar + 60}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, r in enumerate(areas):
        y = i * row_h + 4
        ent = bar * r.enterprises / most
        con = bar * r.contacts / most
        svg += [
            f'<text x="{label_w - 6}" y="{y + 12}" text-anchor="end" font-size="12">{_h(r.name)}</text>',
            f'<rect x="{label_w}" y="{y + 1}" width="{ent:.1f}" height="7" fill="#2b6cb0">'
            f"<title>{_h(r.name)}: {r.enterprises} enterprises</title></rect>",
            f'<rect x="{label_w}" y="{y + 9}" width="{con:.1f}" height="7" fill="#dd6b20">'
            f"<title>{_h(r.name)}: {r.contacts} contacts</title></rect>",
            f'<text x="{label_w + max(ent, con) + 4:.1f}" y="{y + 12}" font-size="11">'
            f"{r.enterprises} / {r.contacts}</text>",
        ]
    svg.append(
        f'<text x="{label_w}" y="{height - 4}" font-size="11">'
        '<tspan fill="#2b6cb0">■ enterprises</tspan> <tspan fill="#dd6b20">■ contacts</tspan></text></svg>'
    )
    out = [
        "<h2>Coverage of the knowledge base</h2>",
        f"<p>{coverage.enterprises} enterprises, {coverage.guides} guides, "
        f"{coverage.upcoming_events} upcoming events.</p>",
        "".join(svg),
        "<table><thead><tr><th>Region</th><th>Kind</th><th>Enterprises</th><th>Contacts</th>"
        "<th>Guides</th><th>Newest source</th></tr></thead><tbody>",
    ]
    shown = [r for r in coverage.regions if r.kind != "municipality" or r.has_own]
    out += [
        f"<tr><td>{_h(r.name)}</td><td>{_h(r.kind.replace('_', ' '))}</td><td>{r.enterprises}</td>"
        f"<td>{r.contacts}</td><td>{r.guides}</td><td>{_h(_age(r.newest_source, today))}</td></tr>"
        for r in shown
    ]
    out.append("</tbody></table>")
    for country in COUNTRIES:
        bare = [
            r.name
            for r in coverage.regions
            if r.kind == "municipality" and r.country == country and not r.has_own
        ]
        out.append(
            f"<p><strong>{country}: {len(bare)} municipalities with nothing of their own:</strong> "
            f"{_h(', '.join(bare)) or 'none'}</p>"
        )
    return out


def _h(text: object) -> str:
    return html.escape(str(text), quote=True)
