"""The sentences for guides, relations and places that fold alike, in Swedish, English and Latvian.

Kept apart from `bot.rendering.phrases` (which merges them into its table) so neither module grows past what
one person reads at once. Placeholders are named; every language has every key.
"""

from __future__ import annotations

from bot.knowledge.model import Lang

MORE_UI: dict[str, dict[Lang, str]] = {
    "kind.guide": {"sv": "Vägledning", "en": "Guide", "lv": "Ceļvedis"},
    "why.guide": {"sv": "vägledning: {topic}", "en": "guide: {topic}", "lv": "ceļvedis: {topic}"},
    "why.guide_points_to": {
        "sv": "vägledningen hänvisar hit",
        "en": "the guide points here",
        "lv": "ceļvedis norāda uz šo",
    },
    "why.funder": {"sv": "finansiär", "en": "funder", "lv": "finansētājs"},
    # A relation told from the result's side: it funds the other ("subject"), or is funded by it.
    "why.rel.funds.subject": {"sv": "finansierar {other}", "en": "funds {other}", "lv": "finansē: {other}"},
    "why.rel.funds.object": {
        "sv": "finansieras av {other}",
        "en": "funded by {other}",
        "lv": "finansētājs: {other}",
    },
    "why.rel.partner.subject": {
        "sv": "partner till {other}",
        "en": "partner of {other}",
        "lv": "partneris: {other}",
    },
    "why.rel.partner.object": {
        "sv": "partner till {other}",
        "en": "partner of {other}",
        "lv": "partneris: {other}",
    },
    "why.rel.organises.subject": {
        "sv": "arrangerar {other}",
        "en": "organises {other}",
        "lv": "organizē: {other}",
    },
    "why.rel.organises.object": {
        "sv": "arrangeras av {other}",
        "en": "organised by {other}",
        "lv": "organizētājs: {other}",
    },
    "why.rel.received.subject": {
        "sv": "fick stöd eller underlag från {other}",
        "en": "received from {other}",
        "lv": "saņēma no: {other}",
    },
    "why.rel.received.object": {
        "sv": "gav till {other}",
        "en": "gave to {other}",
        "lv": "nodeva: {other}",
    },
    "why.rel.leads.subject": {"sv": "leder {other}", "en": "leads {other}", "lv": "vada: {other}"},
    "why.rel.leads.object": {"sv": "leds av {other}", "en": "led by {other}", "lv": "vadītājs: {other}"},
    "why.rel.member.subject": {
        "sv": "medlem i {other}",
        "en": "member of {other}",
        "lv": "biedrs: {other}",
    },
    "why.rel.member.object": {
        "sv": "har {other} som medlem",
        "en": "has {other} as a member",
        "lv": "biedri: {other}",
    },
    "why.rel.owns.subject": {"sv": "äger {other}", "en": "owns {other}", "lv": "īpašnieks: {other}"},
    "why.rel.owns.object": {"sv": "ägs av {other}", "en": "owned by {other}", "lv": "pieder: {other}"},
    "why.rel.founded.subject": {
        "sv": "grundade {other}",
        "en": "founded {other}",
        "lv": "dibināja: {other}",
    },
    "why.rel.founded.object": {
        "sv": "grundades av {other}",
        "en": "founded by {other}",
        "lv": "dibinātājs: {other}",
    },
    "note.which_place": {
        "sv": "Menade du {chosen} eller {others}? Jag svarar för {first}; skriv länet om du menade "
        "den andra.",
        "en": "Did you mean {chosen} or {others}? I answered for {first}; name the county if you meant "
        "the other.",
        "lv": "Vai domājāt {chosen} vai {others}? Atbildu par {first}; norādiet apgabalu, ja domājāt otru.",
    },
    "guide.topic.buying": {
        "sv": "köpa från sociala företag",
        "en": "buying from social enterprises",
        "lv": "iepirkumi no sociālajiem uzņēmumiem",
    },
    "guide.topic.procurement-requirements": {
        "sv": "sociala krav i upphandling",
        "en": "social requirements in procurement",
        "lv": "sociālās prasības iepirkumos",
    },
    "guide.topic.partnership": {
        "sv": "partnerskap",
        "en": "partnership",
        "lv": "partnerība",
    },
    "guide.topic.starting": {
        "sv": "starta ett socialt företag",
        "en": "starting a social enterprise",
        "lv": "sociālā uzņēmuma dibināšana",
    },
    "guide.topic.status": {
        "sv": "vad ett socialt företag är",
        "en": "social-enterprise status",
        "lv": "sociālā uzņēmuma statuss",
    },
    "guide.topic.funding": {"sv": "finansiering", "en": "funding", "lv": "finansējums"},
    "guide.topic.municipality-cooperation": {
        "sv": "kommunens samarbete",
        "en": "working with the municipality",
        "lv": "sadarbība ar pašvaldību",
    },
}
