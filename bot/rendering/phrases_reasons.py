"""Why an entry is in an answer, the notes above the results, and guides' topics, in Swedish, English
and Latvian.

Kept apart from `bot.rendering.phrases` (which merges this table into its own) so neither module grows
past what one person reads at once. Placeholders are named; every language has every key.
"""

from __future__ import annotations

from bot.knowledge.model import Lang

REASON_UI: dict[str, dict[Lang, str]] = {
    # Reasons: why a result is in the answer (bot.understanding.answers.ReasonCode).
    "why.in_place": {"sv": "i {place}", "en": "in {place}", "lv": "vieta: {place}"},
    "why.in_county": {
        "sv": "i {county} (inget i {place})",
        "en": "in {county} (nothing in {place} itself)",
        "lv": "reģions: {county} ({place} nav neviena)",
    },
    "why.works_in": {
        "sv": "verkar även i {place}",
        "en": "also works in {place}",
        "lv": "darbojas arī: {place}",
    },
    "why.theme": {"sv": "tema: {theme}", "en": "theme: {theme}", "lv": "tēma: {theme}"},
    "why.described": {
        "sv": "beskrivningen nämner ”{text}”",
        "en": "its description mentions '{text}'",
        "lv": "aprakstā minēts “{text}”",
    },
    "why.name": {
        "sv": "namnet matchar ”{text}”",
        "en": "name matches '{text}'",
        "lv": "nosaukums atbilst “{text}”",
    },
    "why.regional_contact": {
        "sv": "regional kontakt för {place}",
        "en": "regional contact for {place}",
        "lv": "reģionālais kontakts: {place}",
    },
    "why.local_contact": {
        "sv": "lokal kontakt för {place}",
        "en": "local contact for {place}",
        "lv": "vietējais kontakts: {place}",
    },
    "why.national_office": {
        "sv": "nationella kansliet (ingen regional kontakt för {place} är känd)",
        "en": "national office (no regional contact for {place} is known)",
        "lv": "nacionālais birojs ({place} reģionālais kontakts nav zināms)",
    },
    "why.nearest_node": {
        "sv": "närmaste nod, inte ansvarig för {place}",
        "en": "nearest node, not responsible for {place}",
        "lv": "tuvākais mezgls, nav atbildīgs par: {place}",
    },
    "why.event_upcoming": {"sv": "kommande: {when}", "en": "upcoming: {when}", "lv": "gaidāms: {when}"},
    "why.event_past": {"sv": "genomfördes {when}", "en": "was held {when}", "lv": "notika {when}"},
    "why.organiser": {"sv": "arrangör av {event}", "en": "organiser of {event}", "lv": "organizē: {event}"},
    "why.works_at": {
        "sv": "arbetar på {organisation}",
        "en": "works at {organisation}",
        "lv": "strādā: {organisation}",
    },
    "why.person_of": {
        "sv": "kontaktperson för {entry}",
        "en": "contact person for {entry}",
        "lv": "kontaktpersona: {entry}",
    },
    "why.contact_role": {"sv": "roll: {role}", "en": "role: {role}", "lv": "loma: {role}"},
    "why.linked": {
        "sv": "samarbetade med {organisation}",
        "en": "worked with {organisation}",
        "lv": "sadarbojās ar: {organisation}",
    },
    "why.organised_by": {
        "sv": "arrangeras av {organisation}",
        "en": "organised by {organisation}",
        "lv": "organizē: {organisation}",
    },
    # Notes: what the answer as a whole should say (bot.understanding.answers.NoteCode).
    "note.widened": {
        "sv": "Jag hittade inget i {place} självt, så jag breddade sökningen till {county}.",
        "en": "I found nothing in {place} itself, so I widened the search to {county}.",
        "lv": "Vietā {place} neko neatradu, tāpēc paplašināju meklēšanu: {county}.",
    },
    "note.nothing_found": {
        "sv": "Jag hittade inget i kunskapsbasen som svarar på frågan.",
        "en": "I found nothing in the knowledge base that answers the question.",
        "lv": "Zināšanu bāzē neatradu neko, kas atbild uz šo jautājumu.",
    },
    "note.theme_unserved": {
        "sv": "Ingen i kunskapsbasen arbetar med {theme}.",
        "en": "No one in the knowledge base works with {theme}.",
        "lv": "Zināšanu bāzē neviens nestrādā ar tēmu: {theme}.",
    },
    "note.theme_unserved_contact": {
        "sv": "Ingen i kunskapsbasen arbetar med {theme}. Fråga gärna den nationella kontakten, {contact}.",
        "en": "No one in the knowledge base works with {theme}. You could ask the national contact, "
        "{contact}.",
        "lv": "Zināšanu bāzē neviens nestrādā ar tēmu: {theme}. Varat jautāt nacionālajam kontaktam: "
        "{contact}.",
    },
    "note.theme_elsewhere": {
        "sv": "Jag hittade ingen i {place} som arbetar med {theme}; här är vad som finns där.",
        "en": "I found no one in {place} working with {theme}; here is what there is there.",
        "lv": "Vietā {place} neatradu nevienu, kas strādā ar tēmu: {theme}; lūk, kas tur ir.",
    },
    "note.only_past_events": {
        "sv": "Inga kommande evenemang är kända; de här har redan ägt rum.",
        "en": "No upcoming events are known; these have already taken place.",
        "lv": "Nav zināmu gaidāmu pasākumu; šie jau ir notikuši.",
    },
    "note.out_of_domain": {
        "sv": "Det kan jag tyvärr inte svara på. Jag hjälper dig hitta sociala företag, regionala "
        "kontakter och evenemang, t.ex. ”sociala företag i Karlskoga” eller ”vem kan hjälpa mig i Luleå?”.",
        "en": "Sorry, I can't answer that. I help you find social enterprises, regional contacts and "
        "events, e.g. 'social enterprises in Karlskoga' or 'who can help me in Luleå?'.",
        "lv": "Diemžēl uz to nevaru atbildēt. Es palīdzu atrast sociālos uzņēmumus, reģionālos kontaktus "
        "un pasākumus, piemēram, “sociālie uzņēmumi Rīgā” vai “kontakts Latvijā”.",
    },
    "note.question_empty": {
        "sv": "Skriv en fråga, t.ex. ”sociala företag i Karlskoga”.",
        "en": "Please type a question, e.g. 'social enterprises in Karlskoga'.",
        "lv": "Lūdzu, uzrakstiet jautājumu, piemēram, “sociālie uzņēmumi Rīgā”.",
    },
    "note.question_truncated": {
        "sv": "Frågan var mycket lång; jag läste bara de första {limit} tecknen.",
        "en": "The question was very long; I only read its first {limit} characters.",
        "lv": "Jautājums bija ļoti garš; izlasīju tikai pirmās {limit} rakstzīmes.",
    },
    "note.nearest_only": {
        "sv": "Ingen nod ansvarar för {place}; den närmaste visas och är märkt som närmast.",
        "en": "No node is responsible for {place}; the nearest one is shown and labelled as nearest.",
        "lv": "Neviens mezgls nav atbildīgs par: {place}; parādīts tuvākais, atzīmēts kā tuvākais.",
    },
    "note.no_upcoming_events": {
        "sv": "Jag känner inte till några kommande evenemang just nu.",
        "en": "I don't know of any upcoming events right now.",
        "lv": "Pašlaik nezinu par gaidāmiem pasākumiem.",
    },
    "note.no_upcoming_latest": {
        "sv": "Jag känner inte till några kommande evenemang just nu. Det senaste var {event} ({when}).",
        "en": "I don't know of any upcoming events right now. The latest one was {event} ({when}).",
        "lv": "Pašlaik nezinu par gaidāmiem pasākumiem. Pēdējais bija {event} ({when}).",
    },
    "note.no_events_in_period": {
        "sv": "Jag känner inte till några evenemang {period}.",
        "en": "I don't know of any events {period}.",
        "lv": "Nezinu par pasākumiem {period}.",
    },
    "note.no_events_in_period_upcoming": {
        "sv": "Jag känner inte till några evenemang {period}. Kommande evenemang:",
        "en": "I don't know of any events {period}. Upcoming events:",
        "lv": "Nezinu par pasākumiem {period}. Gaidāmie pasākumi:",
    },
    "note.greeting": {
        "sv": "Hej! Vad roligt att du hör av dig. Jag hittar sociala företag, regionala kontakter och "
        "evenemang. Fråga t.ex. ”sociala företag i Karlskoga” eller ”vem kan hjälpa mig i Luleå?”.",
        "en": "Hello! Nice to hear from you. I find social enterprises, regional contacts and events. "
        "Try e.g. 'social enterprises in Karlskoga' or 'who can help me in Luleå?'.",
        "lv": "Sveiki! Prieks, ka rakstāt. Es atrodu sociālos uzņēmumus, reģionālos kontaktus un "
        "pasākumus. Jautājiet, piemēram, “sociālie uzņēmumi Rīgā” vai “kontakts Latvijā”.",
    },
    "note.thanks": {
        "sv": "Varsågod! Hör av dig igen när du undrar något.",
        "en": "You're welcome! Ask me again any time.",
        "lv": "Lūdzu! Jautājiet atkal jebkurā laikā.",
    },
    "note.follow_up": {
        "sv": "(Jag fortsätter på din förra fråga: {what}.)",
        "en": "(Continuing from your previous question: {what}.)",
        "lv": "(Turpinu iepriekšējo jautājumu: {what}.)",
    },
    "note.person_unknown": {
        "sv": "Jag känner inte till någon som heter {name}.",
        "en": "I don't know anyone called {name}.",
        "lv": "Nezinu nevienu, kuru sauc {name}.",
    },
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
