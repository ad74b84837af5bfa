"""What each part of a question brings to the board: a named entry its people and what it is linked
with, a place the entries located or working there and whom to call for it, a word of an entry's
description the entries it describes. `bot.matching.matcher` ranks what these note."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.matching.ranking import (
    CONTEXT,
    DESCRIBED,
    IN_COUNTY,
    IN_PLACE,
    LOCATED_FOR_CONTACT,
    NATIONAL,
    ORGANISER_IN,
    REGIONAL_OTHER,
    WORKS_IN,
    Board,
    Group,
    note_code,
    why_code,
)
from bot.understanding.answers import Intent, Note
from bot.understanding.parsed import Question

if TYPE_CHECKING:
    from bot.matching.index import Indexes


def by_description(m: Indexes, q: Question, board: Board) -> int:
    """Entries whose descriptions have the question's own words ("deaf", "hospice"), scored as themes
    a little weaker than a named one but never deciding the asker's place tiers; how many such words
    there were."""
    found = 0
    for i in q.described:
        token = q.tokens[i]
        keys = m.parser.descriptions.find(token.text)
        if not keys:
            continue
        found += 1
        reason = why_code("described", text=token.raw)
        board.groups.append(Group("described", DESCRIBED, m._index(keys), lambda key, r=reason: r))
    return found


def related(m: Indexes, key: str, score: float, board: Board) -> None:
    """What a named entry brings with it: the people of an enterprise or organisation (and people
    whose role names it), the enterprises an organisation worked with and the events it organised,
    an event's organiser."""
    kind, _, entry_id = key.partition(":")
    for contact_id in m._mentioned.get(key, ()):
        board.note(board.related, f"contact:{contact_id}", score * 0.9, why_code("person_of", entry=entry_id))
    for contact_id in m._people.get(key, ()):
        reason = (
            why_code("works_at", organisation=entry_id)
            if kind == "organisation"
            else why_code("person_of", entry=entry_id)
        )
        board.note(board.related, f"contact:{contact_id}", score, reason)
    if kind == "organisation":
        for linked in m._linked.get(entry_id, ()):
            board.note(board.related, linked, score * 0.9, why_code("linked", organisation=entry_id))
        for event_key in m._organises.get(entry_id, ()):
            board.note(board.related, event_key, score * 0.9, why_code("organised_by", organisation=entry_id))
    if kind == "event":
        event = m.knowledge.events[entry_id]
        if event.organiser:
            board.note(
                board.related,
                f"organisation:{event.organiser}",
                score * 0.8,
                why_code("organiser", event=event.id),
            )


def as_context(m: Indexes, named: set[str], board: Board) -> None:
    """ "Ingela MSI", "CEO of SE Forum": an organisation named next to one of its people (or a
    person described by role) is context, and the person is the answer."""
    for key in named:
        if not key.startswith("organisation:"):
            continue
        org_id = key.partition(":")[2]
        people = list(m._staff.get(org_id, ()))
        for child in m._children.get(org_id, ()):
            people.extend(m._staff.get(child, ()))
        if any(f"contact:{p}" in named or f"contact:{p}" in board.role for p in people):
            board.name[key] *= CONTEXT


def place(
    m: Indexes, region_id: str, intent: Intent, board: Board, notes: list[Note], *, topical: bool
) -> None:
    """What the place brings: entries located or working there, and who to call for it. `topical`:
    the question also asks for a theme, so its county's enterprises half meet the place."""
    k = m.knowledge
    home = m._home
    for kind, index in m._located.get(region_id, {}).items():
        value = LOCATED_FOR_CONTACT if intent == "contact" and kind == "organisation" else IN_PLACE
        board.groups.append(Group("place", value, index, lambda key: why_code("in_place", place=home[key])))
    works = m._works_in.get(region_id)
    if works is not None:
        reason = why_code("works_in", place=region_id)
        board.groups.append(Group("place", WORKS_IN, works, lambda key, r=reason: r))
    named = m._named_in.get(region_id)
    if named is not None:
        reason = why_code("in_place", place=region_id)
        board.groups.append(Group("place", WORKS_IN, named, lambda key, r=reason: r))
    organised = m._organised_in.get(region_id)
    if organised is not None:
        board.groups.append(
            Group(
                "place",
                ORGANISER_IN,
                organised,
                lambda key: why_code(
                    "organised_by", organisation=k.events[key.partition(":")[2]].organiser or ""
                ),
            )
        )
    region = k.regions[region_id]
    county = m._county.get(region_id)
    has_enterprise = "enterprise" in m._located.get(region_id, {}) or works is not None
    if region.kind == "municipality" and intent == "enterprises" and not has_enterprise and county:
        wide = m._located.get(county, {}).get("enterprise")
        if wide is not None:
            reason = why_code("in_county", place=region_id, county=county)
            board.groups.append(Group("place", IN_COUNTY, wide, lambda key, r=reason: r))
        notes.append(note_code("widened", place=region_id, county=county))
    elif region.kind == "municipality" and topical and county:
        # "fastigheter i Örebro": a firm doing it next door in the county beats one in town doing
        # something else, and a firm in town doing it beats both.
        near = m._located.get(county, {}).get("enterprise")
        if near is not None:
            board.groups.append(
                Group("place", IN_COUNTY, near, lambda key: why_code("in_place", place=home[key]))
            )
    # Who to call: a body serving the place itself, and whoever serves its county (a regional
    # node), else the national office, else whoever serves the country.
    if region.kind == "municipality":
        for key, weight in m._serving.get(region_id, {}).items():
            board.note(board.place, key, weight * REGIONAL_OTHER, why_code("local_contact", place=region_id))
    area = county if county else (region_id if region.kind != "country" else None)
    if area and m._serving.get(area):
        for key, weight in m._serving[area].items():
            board.note(board.place, key, weight, why_code("regional_contact", place=area))
        return
    # No body is said to serve the county: a node based in it ("MSI Luleå" for Kiruna) is the nearest
    # help, shown as such beside the national office.
    located = m._located.get(area or "", {}).get("organisation")
    nodes = [
        key
        for key in (located.ordered if located else ())
        if k.organisations[key.partition(":")[2]].kind == "node"
    ]
    for key in nodes:
        reason = why_code("nearest_node", place=area or region_id)
        board.note(board.place, key, REGIONAL_OTHER, reason)
        for contact_id in m._staff.get(key.partition(":")[2], ()):
            board.note(board.place, f"contact:{contact_id}", REGIONAL_OTHER * 0.95, reason)
    country = m._country.get(region_id)
    if country is None:
        return
    if m._national_offices.get(country):
        place = area or region_id
        for office in m._national_offices[country]:
            for key in [f"organisation:{office}", *(f"contact:{c}" for c in m._staff.get(office, ()))]:
                board.note(board.place, key, NATIONAL, why_code("national_office", place=place))
        return
    for key, weight in m._serving.get(country, {}).items():
        if not key.startswith("contact:"):
            continue
        board.note(board.place, key, NATIONAL * weight, why_code("regional_contact", place=country))
        org = k.contacts[key.partition(":")[2]].organisation
        if org:
            board.note(
                board.place,
                f"organisation:{org}",
                NATIONAL * weight * 0.95,
                why_code("regional_contact", place=country),
            )
