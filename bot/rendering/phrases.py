"""Every sentence Samverka shows a person, in Swedish, English and Latvian.

The matcher returns language-neutral codes (`Reason`, `Note`); Slack, the terminal and JSON all
turn them into words here, so an answer reads the same everywhere and a translation is fixed in
one place. Add a UI string by adding a key to `_UI` with all three languages.
"""

from __future__ import annotations

import gettext
from datetime import date, datetime
from functools import cache

import pycountry

from bot.knowledge.model import Event, Knowledge, Lang, Region, When
from bot.rendering.phrases_more import MORE_UI
from bot.understanding.answers import Note, Reason

_MONTHS: dict[Lang, tuple[str, ...]] = {
    "sv": (
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    # Latvian dates read "2020. gada 10. novembrī" (locative: "in/on"), the form every sentence here needs.
    "lv": (
        "janvārī",
        "februārī",
        "martā",
        "aprīlī",
        "maijā",
        "jūnijā",
        "jūlijā",
        "augustā",
        "septembrī",
        "oktobrī",
        "novembrī",
        "decembrī",
    ),
}

# key -> language -> str.format template. Placeholders are named; every language has every key.
_UI: dict[str, dict[Lang, str]] = {
    # Upkeep and limits (bot.upkeep.question_log, bot.slack.rate_limit): feedback buttons, "slow down",
    # verified date.
    "feedback.up": {"sv": "Hjälpsamt svar", "en": "Helpful answer", "lv": "Noderīga atbilde"},
    "feedback.down": {"sv": "Inte hjälpsamt", "en": "Not helpful", "lv": "Nav noderīga"},
    "feedback.thanks": {
        "sv": "Tack för din återkoppling! Den hjälper oss att förbättra Samverka.",
        "en": "Thank you for the feedback! It helps us improve Samverka.",
        "lv": "Paldies par atsauksmi! Tā palīdz mums uzlabot Samverka.",
    },
    "slack.slow_down": {
        "sv": "Oj, det går fort! Du har ställt många frågor på kort tid. "
        "Vänta ungefär {seconds} sekunder och fråga sedan igen.",
        "en": "That's a lot of questions in a short time! Please wait about {seconds} seconds, "
        "then ask again.",
        "lv": "Jūs uzdodat daudz jautājumu īsā laikā! Lūdzu, pagaidiet apmēram {seconds} sekundes "
        "un tad jautājiet vēlreiz.",
    },
    # --- Where and when an answer's facts were published (bot.rendering.freshness) ---
    "source.line": {"sv": "Källa: {sources}.", "en": "Source: {sources}.", "lv": "Avots: {sources}."},
    "source.published": {
        "sv": "{source}, publicerad {date}",
        "en": "{source}, published {date}",
        "lv": "{source}, publicēts {date}",
    },
    "source.updated": {
        "sv": "{source}, uppdaterad {date}",
        "en": "{source}, updated {date}",
        "lv": "{source}, atjaunināts {date}",
    },
    "source.content": {
        "sv": "{source}, uppgifter från {date}",
        "en": "{source}, facts from {date}",
        "lv": "{source}, ziņas no {date}",
    },
    "source.undated": {
        "sv": "{source} (odaterad)",
        "en": "{source} (undated)",
        "lv": "{source} (bez datuma)",
    },
    "source.stale": {
        "sv": "Uppgifterna kan vara inaktuella.",
        "en": "This may be out of date.",
        "lv": "Šī informācija var būt novecojusi.",
    },
    "source.verified": {
        "sv": "Bekräftat av en förvaltare {date}.",
        "en": "Confirmed by a maintainer on {date}.",
        "lv": "Uzturētājs apstiprināja {date}.",
    },
    "contact.past_role": {"sv": "tidigare roll", "en": "past role", "lv": "agrākais amats"},
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
        "sv": "Jag känner inte till några kommande evenemang just nu. Det senaste var:",
        "en": "I don't know of any upcoming events right now. The latest one was:",
        "lv": "Pašlaik nezinu par gaidāmiem pasākumiem. Pēdējais bija:",
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
    "period.between": {
        "sv": "mellan {start} och {end}",
        "en": "between {start} and {end}",
        "lv": "no {start} līdz {end}",
    },
    "period.month": {"sv": "i {month}", "en": "in {month}", "lv": "{month}"},
    "period.year": {"sv": "under {year}", "en": "in {year}", "lv": "{year}. gadā"},
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
    # Plain UI strings.
    "help": {
        "sv": "Jag är Samverka. Fråga mig om sociala företag, regionala kontakter och evenemang i Sverige "
        "och Lettland, på svenska, engelska eller lettiska. Till exempel:\n"
        "• sociala företag i Karlskoga\n• vem kan hjälpa mig i Luleå?\n• äldreomsorg\n"
        "• när är Social Innovation Summit?",
        "en": "I'm Samverka. Ask me about social enterprises, regional contacts and events in Sweden and "
        "Latvia, in Swedish, English or Latvian. For example:\n"
        "• social enterprises in Karlskoga\n• who can help me in Luleå?\n• elderly care\n"
        "• when is the Social Innovation Summit?",
        "lv": "Es esmu Samverka. Jautājiet man par sociālajiem uzņēmumiem, reģionālajiem kontaktiem un "
        "pasākumiem Zviedrijā un Latvijā – zviedriski, angliski vai latviski. Piemēram:\n"
        "• sociālie uzņēmumi Rīgā\n• kontakts Latvijā\n• Social Innovation Summit – kad?",
    },
    "chat.intro": {
        "sv": "Samverka – skriv en fråga, ”help” för hjälp, ”quit” för att avsluta.",
        "en": "Samverka – type a question, 'help' for help, 'quit' to leave.",
        "lv": "Samverka – rakstiet jautājumu, “help” palīdzībai, “quit”, lai izietu.",
    },
    "results.none": {
        "sv": "Inga träffar.",
        "en": "No results.",
        "lv": "Nav rezultātu.",
    },
    "results.more": {"sv": "… och {n} till", "en": "… and {n} more", "lv": "… un vēl {n}"},
    "kind.enterprise": {"sv": "Socialt företag", "en": "Social enterprise", "lv": "Sociālais uzņēmums"},
    "kind.contact": {"sv": "Kontakt", "en": "Contact", "lv": "Kontakts"},
    "kind.organisation": {"sv": "Organisation", "en": "Organisation", "lv": "Organizācija"},
    "kind.event": {"sv": "Evenemang", "en": "Event", "lv": "Pasākums"},
    "field.why": {"sv": "Varför", "en": "Why", "lv": "Kāpēc"},
    "field.phone": {"sv": "Telefon", "en": "Phone", "lv": "Tālrunis"},
    "field.email": {"sv": "E-post", "en": "E-mail", "lv": "E-pasts"},
    "field.website": {"sv": "Webb", "en": "Website", "lv": "Tīmekļa vietne"},
    "field.link": {"sv": "Länk", "en": "Link", "lv": "Saite"},
    "field.place": {"sv": "Plats", "en": "Place", "lv": "Vieta"},
    "field.area": {"sv": "Verksamhetsområde", "en": "Works in", "lv": "Darbības vieta"},
    "field.when": {"sv": "När", "en": "When", "lv": "Kad"},
    "field.organiser": {"sv": "Arrangör", "en": "Organiser", "lv": "Organizators"},
    "field.organisation": {"sv": "Organisation", "en": "Organisation", "lv": "Organizācija"},
    "field.people": {"sv": "Kontaktpersoner", "en": "People", "lv": "Kontaktpersonas"},
    "field.serves": {"sv": "Ansvarar för", "en": "Responsible for", "lv": "Atbild par"},
    "field.source": {"sv": "Källa", "en": "Source", "lv": "Avots"},
    "field.verified": {"sv": "kontrollerad", "en": "checked", "lv": "pārbaudīts"},
    "event.digital": {"sv": "digitalt", "en": "online", "lv": "tiešsaistē"},
    "event.upcoming": {"sv": "äger rum {when}", "en": "takes place {when}", "lv": "notiks {when}"},
    "event.past": {"sv": "genomfördes {when}", "en": "was held {when}", "lv": "notika {when}"},
    "event.ongoing": {
        "sv": "pågår nu ({when})",
        "en": "happening now ({when})",
        "lv": "notiek tagad ({when})",
    },
    "date.at_time": {"sv": "{date} kl. {time}", "en": "{date} at {time}", "lv": "{date} plkst. {time}"},
    "error.empty_question": {
        "sv": "frågan är tom: skriv en fråga, t.ex. ”sociala företag i Karlskoga”",
        "en": "the question is empty: type a question, e.g. 'social enterprises in Karlskoga'",
        "lv": "jautājums ir tukšs: uzrakstiet jautājumu, piemēram, “sociālie uzņēmumi Rīgā”",
    },
    # Slack: buttons, help, App Home, /samverka sub-commands (bot.rendering.blocks).
    "slack.show_more": {"sv": "Visa fler", "en": "Show more", "lv": "Rādīt vairāk"},
    "slack.share": {"sv": "Dela i kanalen", "en": "Share in channel", "lv": "Kopīgot kanālā"},
    "slack.shared_by": {
        "sv": "{user} delade ett svar från Samverka",
        "en": "{user} shared an answer from Samverka",
        "lv": "{user} kopīgoja Samverka atbildi",
    },
    "slack.results": {"sv": "Träffar: {names}", "en": "Results: {names}", "lv": "Rezultāti: {names}"},
    "slack.error": {
        "sv": "Något gick fel när jag skulle svara. Försök igen om en stund.",
        "en": "Something went wrong while I was answering. Please try again in a moment.",
        "lv": "Atbildot kaut kas nogāja greizi. Lūdzu, mēģiniet vēlreiz pēc brīža.",
    },
    "slack.unreadable": {
        "sv": "Jag kunde inte läsa den begäran från Slack. Försök igen, "
        "eller skriv din fråga till mig direkt.",
        "en": "I could not read that request from Slack. Please try again, "
        "or send me your question directly.",
        "lv": "Es nevarēju nolasīt šo Slack pieprasījumu. Lūdzu, mēģiniet vēlreiz "
        "vai uzrakstiet man jautājumu tieši.",
    },
    "slack.how_to": {
        "sv": "Nämn mig i en kanal (*@Samverka* och din fråga), skriv till mig direkt, eller använd "
        "`/samverka din fråga`: då ser bara du svaret och kan dela det i kanalen.",
        "en": "Mention me in a channel (*@Samverka* and your question), message me directly, or use "
        "`/samverka your question`: then only you see the answer, and you can share it in the channel.",
        "lv": "Pieminiet mani kanālā (*@Samverka* un jūsu jautājums), rakstiet man tieši vai izmantojiet "
        "`/samverka jūsu jautājums`: tad atbildi redzēsiet tikai jūs un varēsiet to kopīgot kanālā.",
    },
    "slack.commands": {"sv": "Kommandon", "en": "Commands", "lv": "Komandas"},
    "slack.cmd.help": {
        "sv": "`/samverka hjälp`: den här hjälpen",
        "en": "`/samverka help`: this help",
        "lv": "`/samverka palīdzība`: šī palīdzība",
    },
    "slack.cmd.events": {
        "sv": "`/samverka events`: kommande evenemang",
        "en": "`/samverka events`: upcoming events",
        "lv": "`/samverka events`: gaidāmie pasākumi",
    },
    "slack.cmd.subscribe": {
        "sv": "`/samverka subscribe <tema|plats|evenemang>`: påminnelser och nyheter om det",
        "en": "`/samverka subscribe <theme|place|event>`: reminders and news about it",
        "lv": "`/samverka subscribe <tēma|vieta|pasākums>`: atgādinājumi un jaunumi par to",
    },
    "slack.cmd.unsubscribe": {
        "sv": "`/samverka unsubscribe <tema|plats|evenemang>`: sluta prenumerera",
        "en": "`/samverka unsubscribe <theme|place|event>`: stop a subscription",
        "lv": "`/samverka unsubscribe <tēma|vieta|pasākums>`: atteikties no abonementa",
    },
    "slack.cmd.subscriptions": {
        "sv": "`/samverka subscriptions`: dina prenumerationer",
        "en": "`/samverka subscriptions`: your subscriptions",
        "lv": "`/samverka subscriptions`: jūsu abonementi",
    },
    "slack.cmd.reload": {
        "sv": "`/samverka reload`: läs in kunskapsbasen igen (förvaltare)",
        "en": "`/samverka reload`: load the knowledge base again (maintainers)",
        "lv": "`/samverka reload`: vēlreiz ielādēt zināšanu bāzi (uzturētāji)",
    },
    "slack.languages": {
        "sv": "På svenska: `/samverka hjälp` · In English: `/samverka help` · "
        "Latviski: `/samverka palīdzība`",
        "en": "På svenska: `/samverka hjälp` · In English: `/samverka help` · "
        "Latviski: `/samverka palīdzība`",
        "lv": "På svenska: `/samverka hjälp` · In English: `/samverka help` · "
        "Latviski: `/samverka palīdzība`",
    },
    "slack.events.title": {"sv": "Kommande evenemang", "en": "Upcoming events", "lv": "Gaidāmie pasākumi"},
    "slack.events.none": {
        "sv": "Inga kommande evenemang är kända just nu.",
        "en": "No upcoming events are known right now.",
        "lv": "Pašlaik nav zināmu gaidāmu pasākumu.",
    },
    "slack.home.about": {"sv": "Vad Samverka gör", "en": "What Samverka does", "lv": "Ko dara Samverka"},
    "slack.knowledge_version": {
        "sv": "Kunskapsbas {version}",
        "en": "Knowledge base {version}",
        "lv": "Zināšanu bāze {version}",
    },
    "slack.reload.ok": {
        "sv": "Kunskapsbasen är inläst: version {version}.",
        "en": "The knowledge base is loaded: version {version}.",
        "lv": "Zināšanu bāze ir ielādēta: versija {version}.",
    },
    "slack.reload.unchanged": {
        "sv": "Kunskapsbasen är oförändrad (version {version}).",
        "en": "The knowledge base has not changed (version {version}).",
        "lv": "Zināšanu bāze nav mainījusies (versija {version}).",
    },
    "slack.reload.failed": {
        "sv": "Kunskapsbasen har {count} fel, så jag fortsätter med version {version}:",
        "en": "The knowledge base has {count} problem(s), so I keep serving version {version}:",
        "lv": "Zināšanu bāzē ir kļūdas ({count}), tāpēc turpinu izmantot versiju {version}:",
    },
    "slack.reload.denied": {
        "sv": "Bara förvaltare (MAINTAINERS) kan läsa in kunskapsbasen igen.",
        "en": "Only maintainers (MAINTAINERS) can reload the knowledge base.",
        "lv": "Zināšanu bāzi vēlreiz ielādēt var tikai uzturētāji (MAINTAINERS).",
    },
    # Buttons under events (bot.rendering.reminder_blocks; answers and App Home show them via runtime.hooks).
    "reminders.remind_me": {"sv": "Påminn mig", "en": "Remind me", "lv": "Atgādināt man"},
    "reminders.add_to_calendar": {
        "sv": "Lägg till i kalendern",
        "en": "Add to calendar",
        "lv": "Pievienot kalendāram",
    },
    # Reminders, announcements, subscription and calendar replies (bot.rendering.reminder_blocks).
    "reminders.title": {"sv": "Påminnelse: {name}", "en": "Reminder: {name}", "lv": "Atgādinājums: {name}"},
    "reminders.today": {"sv": "i dag", "en": "today", "lv": "šodien"},
    "reminders.tomorrow": {"sv": "i morgon", "en": "tomorrow", "lv": "rīt"},
    "reminders.in_days": {"sv": "om {n} dagar", "en": "in {n} days", "lv": "pēc {n} dienām"},
    "reminders.late": {
        "sv": "Den här påminnelsen kommer senare än planerat.",
        "en": "This reminder comes later than planned.",
        "lv": "Šis atgādinājums pienāk vēlāk, nekā plānots.",
    },
    "reminders.personal": {
        "sv": "Du bad Samverka påminna dig om det här evenemanget.",
        "en": "You asked Samverka to remind you of this event.",
        "lv": "Jūs lūdzāt Samverka atgādināt par šo pasākumu.",
    },
    "reminders.right_away": {"sv": "med en gång", "en": "right away", "lv": "tūlīt"},
    "reminders.added": {
        "sv": "Jag påminner dig om *{name}* i ett direktmeddelande: {times}.",
        "en": "I'll remind you of *{name}* in a direct message: {times}.",
        "lv": "Es atgādināšu par *{name}* tiešajā ziņā: {times}.",
    },
    "reminders.already": {
        "sv": "Du har redan bett mig påminna dig om *{name}*: {times}.",
        "en": "You already asked me to remind you of *{name}*: {times}.",
        "lv": "Jūs jau lūdzāt atgādināt par *{name}*: {times}.",
    },
    "reminders.no_day": {
        "sv": "*{name}* har inget exakt datum ännu (bara månaden). Jag påminner dig när datumet är känt.",
        "en": "*{name}* has no exact date yet (only the month). I'll remind you once the date is known.",
        "lv": "Pasākumam *{name}* vēl nav precīza datuma (zināms tikai mēnesis). "
        "Atgādināšu, kad datums būs zināms.",
    },
    "reminders.none_left": {
        "sv": "*{name}* börjar snart; alla påminnelsetider har passerat.",
        "en": "*{name}* starts soon; every reminder time has passed.",
        "lv": "*{name}* drīz sāksies; visi atgādinājumu laiki ir pagājuši.",
    },
    "reminders.begun": {
        "sv": "*{name}* har redan börjat, så det finns inget att påminna om.",
        "en": "*{name}* has already begun, so there is nothing to remind you of.",
        "lv": "Pasākums *{name}* jau ir sācies, tāpēc nav par ko atgādināt.",
    },
    "reminders.unknown": {
        "sv": "Det evenemanget känner jag inte längre till; kunskapsbasen kan ha ändrats.",
        "en": "I no longer know that event; the knowledge base may have changed.",
        "lv": "Šo pasākumu vairs nezinu; zināšanu bāze, iespējams, ir mainījusies.",
    },
    "reminders.stop": {
        "sv": "Sluta: `/samverka unsubscribe event: {name}`",
        "en": "To stop: `/samverka unsubscribe event: {name}`",
        "lv": "Lai atteiktos: `/samverka unsubscribe event: {name}`",
    },
    "subscriptions.topic.event": {"sv": "evenemang", "en": "event", "lv": "pasākums"},
    "subscriptions.topic.theme": {"sv": "tema", "en": "theme", "lv": "tēma"},
    "subscriptions.topic.place": {"sv": "plats", "en": "place", "lv": "vieta"},
    "subscriptions.added": {
        "sv": "Du bevakar nu *{what}*. Jag skickar ett direktmeddelande när ett nytt evenemang om det "
        "läggs till.",
        "en": "You now follow *{what}*. I'll send you a direct message when a new event on it is added.",
        "lv": "Jūs tagad sekojat: *{what}*. Nosūtīšu tiešo ziņu, kad tiks pievienots jauns pasākums par to.",
    },
    "subscriptions.already": {
        "sv": "Du bevakar redan *{what}*.",
        "en": "You already follow *{what}*.",
        "lv": "Jūs jau sekojat: *{what}*.",
    },
    "subscriptions.known": {"sv": "Kommande just nu:", "en": "Upcoming now:", "lv": "Gaidāmie pasākumi:"},
    "subscriptions.removed": {
        "sv": "Du bevakar inte längre *{what}*.",
        "en": "You no longer follow *{what}*.",
        "lv": "Jūs vairs nesekojat: *{what}*.",
    },
    "subscriptions.not_following": {
        "sv": "Du bevakar inte *{what}*.",
        "en": "You don't follow *{what}*.",
        "lv": "Jūs nesekojat: *{what}*.",
    },
    "subscriptions.ambiguous": {
        "sv": "”{text}” kan betyda {options}. Skriv vilket, t.ex. `/samverka {command} {example}`.",
        "en": "'{text}' could mean {options}. Say which, e.g. `/samverka {command} {example}`.",
        "lv": "“{text}” var nozīmēt: {options}. Norādiet, kuru, piemēram, `/samverka {command} {example}`.",
    },
    "subscriptions.not_found": {
        "sv": "Jag känner inte till något evenemang, tema eller plats som heter ”{text}”.",
        "en": "I know no event, theme or place called '{text}'.",
        "lv": "Nezinu pasākumu, tēmu vai vietu ar nosaukumu “{text}”.",
    },
    "subscriptions.did_you_mean": {
        "sv": "Menade du {what}?",
        "en": "Did you mean {what}?",
        "lv": "Vai domājāt {what}?",
    },
    "subscriptions.usage": {
        "sv": "Skriv vad du vill bevaka: ett evenemang, ett tema eller en plats, t.ex. "
        "`/samverka {command} äldreomsorg` eller `/samverka {command} plats: Örebro`.",
        "en": "Say what to follow: an event, a theme or a place, e.g. "
        "`/samverka {command} elderly care` or `/samverka {command} place: Örebro`.",
        "lv": "Norādiet, kam sekot: pasākumam, tēmai vai vietai, piemēram, "
        "`/samverka {command} vieta: Rīga`.",
    },
    "subscriptions.title": {"sv": "Dina bevakningar", "en": "Your subscriptions", "lv": "Jūsu abonementi"},
    "subscriptions.none": {
        "sv": "Du bevakar inget ännu. Prova `/samverka subscribe äldreomsorg`, eller tryck ”Påminn mig” "
        "under ett evenemang.",
        "en": "You follow nothing yet. Try `/samverka subscribe elderly care`, or press “Remind me” under "
        "an event.",
        "lv": "Jūs vēl nekam nesekojat. Izmēģiniet `/samverka subscribe vieta: Rīga` vai nospiediet "
        "“Atgādināt man” pie pasākuma.",
    },
    "subscriptions.reminders": {"sv": "påminnelser", "en": "reminders", "lv": "atgādinājumi"},
    "subscriptions.news": {"sv": "nya evenemang", "en": "new events", "lv": "jauni pasākumi"},
    "subscriptions.unsubscribe_hint": {
        "sv": "Sluta bevaka: `/samverka unsubscribe <namn>`",
        "en": "To stop one: `/samverka unsubscribe <name>`",
        "lv": "Lai atteiktos: `/samverka unsubscribe <nosaukums>`",
    },
    "calendar.links": {
        "sv": "Lägg till *{name}* i din kalender:",
        "en": "Add *{name}* to your calendar:",
        "lv": "Pievienojiet *{name}* savam kalendāram:",
    },
    "calendar.no_day": {
        "sv": "*{name}* har inget exakt datum ännu (bara månaden), så det finns inget att lägga i en "
        "kalender.",
        "en": "*{name}* has no exact date yet (only the month), so there is nothing to put in a calendar.",
        "lv": "Pasākumam *{name}* vēl nav precīza datuma (zināms tikai mēnesis), tāpēc to nevar pievienot "
        "kalendāram.",
    },
    "subscriptions.announce": {
        "sv": "Nytt evenemang för din bevakning av {what}:",
        "en": "A new event for your subscription to {what}:",
        "lv": "Jauns pasākums jūsu abonementam “{what}”:",
    },
    "list.and": {"sv": "och", "en": "and", "lv": "un"},
    "list.or": {"sv": "eller", "en": "or", "lv": "vai"},
}


_UI.update(MORE_UI)


def ui(key: str, lang: Lang, **kw: object) -> str:
    """The UI string `key` in `lang`, filled with `kw`; an unknown key is a programming error."""
    templates = _UI[key]
    template = templates.get(lang) or templates["en"]
    return template.format(**kw)


def keys() -> frozenset[str]:
    """Every UI key, for tests that check all three languages are present."""
    return frozenset(_UI)


def region_name(region: Region, lang: Lang) -> str:
    """The name people reading `lang` know the place by (English name only for English; a country
    in the reader's language from ISO 3166's translations: "Lettland", "Latvija")."""
    if lang == "en" and region.names_en:
        return region.names_en
    if region.kind == "country" and lang != "en":
        return _country_name(region.name, lang)
    return region.name


@cache
def _country_name(english: str, lang: Lang) -> str:
    try:
        translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        return english
    return translation.gettext(english)


def _place(knowledge: Knowledge, region_id: str | None, lang: Lang) -> str:
    region = knowledge.regions.get(region_id or "")
    return region_name(region, lang) if region is not None else (region_id or "?")


def format_date(day: date, lang: Lang, precision: str = "day") -> str:
    """One date as a person writes it: "10 november 2020", "10 November 2020", "2020. gada 10. novembrī"."""
    month = _MONTHS[lang][day.month - 1]
    if lang == "lv":
        return f"{day.year}. gada {month}" if precision == "month" else f"{day.year}. gada {day.day}. {month}"
    return f"{month} {day.year}" if precision == "month" else f"{day.day} {month} {day.year}"


def format_day_month(day: date, lang: Lang) -> str:
    """A near date without its year: "10 november", "10 November", "10. novembrī"."""
    month = _MONTHS[lang][day.month - 1]
    return f"{day.day}. {month}" if lang == "lv" else f"{day.day} {month}"


def format_when(when: When, lang: Lang) -> str:
    """A `When` at its own precision; a time of day only when the source gives one."""
    text = format_date(when.day, lang, "month" if when.precision == "month" else "day")
    if when.precision == "datetime" and isinstance(when.value, datetime):
        return ui("date.at_time", lang, date=text, time=when.value.strftime("%H:%M"))
    return text


def format_range(start: When, end: When, lang: Lang) -> str:
    """A span written the short way when it can be: "10–11 November 2020", "2020. gada 10.–11. novembrī"."""
    first, last = start.day, end.day
    if first == last and start.precision == end.precision:
        return format_when(start, lang)
    day_only = start.precision == "day" and end.precision == "day"
    if day_only and (first.year, first.month) == (last.year, last.month):
        month = _MONTHS[lang][first.month - 1]
        if lang == "lv":
            return f"{first.year}. gada {first.day}.–{last.day}. {month}"
        return f"{first.day}–{last.day} {month} {first.year}"
    if start.precision == "month" and end.precision == "month" and first.year == last.year:
        if lang == "lv":
            return f"{first.year}. gada {_MONTHS[lang][first.month - 1]}–{_MONTHS[lang][last.month - 1]}"
        return f"{_MONTHS[lang][first.month - 1]}–{_MONTHS[lang][last.month - 1]} {first.year}"
    return f"{format_when(start, lang)} – {format_when(end, lang)}"


def event_when(event: Event, lang: Lang) -> str:
    """The event's dates, with the source's own words where the source was vague."""
    text = format_range(event.start, event.end, lang)
    if event.date_note is not None:
        note = getattr(event.date_note, lang)  # only in the reader's language: never "(in September)" in lv
        if note and note not in text:
            text = f"{text} ({note})"
    return text


def event_when_sentence(event: Event, lang: Lang, today: date) -> str:
    """The event's dates told from `today`: "Takes place 10–11 May 2030", "Was held …", "Happening now …"."""
    text = ui(f"event.{event.status(today)}", lang, when=event_when(event, lang))
    return text[:1].upper() + text[1:]


def event_place(event: Event, knowledge: Knowledge, lang: Lang) -> str:
    """Where an event is, as published: venue, place and "online" when the source gives them, so a
    hybrid event keeps its place ("" when the source says none)."""
    pieces: list[str] = []
    if event.venue:
        pieces.append(event.venue)
    region = knowledge.regions.get(event.place or "")
    if region is not None:
        pieces.append(region_name(region, lang))
    if event.digital:
        pieces.append(ui("event.digital", lang))
    return ", ".join(pieces)


def _entry_name(knowledge: Knowledge, entry_id: str) -> str:
    for table in (knowledge.enterprises, knowledge.organisations, knowledge.events, knowledge.contacts):
        entry = table.get(entry_id)
        if entry is not None:
            return entry.name
    return entry_id


def why(reason: Reason, knowledge: Knowledge, lang: Lang) -> str:
    """One reason as a short phrase in `lang`."""
    args = reason.args
    code = reason.code
    if code in (
        "in_place",
        "works_in",
        "regional_contact",
        "local_contact",
        "national_office",
        "nearest_node",
    ):
        return ui(f"why.{code}", lang, place=_place(knowledge, args.get("place"), lang))
    if code == "in_county":
        return ui(
            "why.in_county",
            lang,
            place=_place(knowledge, args.get("place"), lang),
            county=_place(knowledge, args.get("county"), lang),
        )
    if code == "theme":
        theme = knowledge.themes.get(args.get("theme", ""))
        return ui(
            "why.theme", lang, theme=(theme.label.get(lang).lower() if theme else args.get("theme", ""))
        )
    if code == "name":
        return ui("why.name", lang, text=args.get("text", ""))
    if code in ("event_upcoming", "event_past"):
        event = knowledge.events.get(args.get("event", ""))
        when = event_when(event, lang) if event else ""
        return ui(f"why.{code}", lang, when=when)
    if code == "organiser":
        return ui("why.organiser", lang, event=_entry_name(knowledge, args.get("event", "")))
    if code == "works_at":
        return ui("why.works_at", lang, organisation=_entry_name(knowledge, args.get("organisation", "")))
    if code == "person_of":
        return ui("why.person_of", lang, entry=_entry_name(knowledge, args.get("entry", "")))
    if code in ("linked", "organised_by"):
        return ui(f"why.{code}", lang, organisation=_entry_name(knowledge, args.get("organisation", "")))
    if code == "contact_role":
        return ui("why.contact_role", lang, role=args.get("role", ""))
    if code in ("guide", "guide_points_to"):
        guide = knowledge.guides.get(args.get("guide", ""))
        topic = ui(f"guide.topic.{guide.topic}", lang) if guide is not None else ""
        return ui(f"why.{code}", lang, topic=topic)
    if code == "funder":
        return ui("why.funder", lang)
    if code == "relation":
        key = f"why.rel.{args.get('relation')}.{args.get('role')}"
        return ui(key, lang, other=_entry_name(knowledge, args.get("other", "")))
    raise KeyError(f"no phrase for reason {code!r}")


def why_all(reasons: tuple[Reason, ...], knowledge: Knowledge, lang: Lang) -> str:
    """All of a result's reasons in one line, as JSON's `why` and the terminal show them."""
    return "; ".join(why(reason, knowledge, lang) for reason in reasons)


def note(note: Note, knowledge: Knowledge, lang: Lang) -> str:
    """One note about the whole answer as a sentence in `lang`."""
    args = note.args
    if note.code == "widened":
        return ui(
            "note.widened",
            lang,
            place=_place(knowledge, args.get("place"), lang),
            county=_place(knowledge, args.get("county"), lang),
        )
    if note.code == "nearest_only":
        return ui("note.nearest_only", lang, place=_place(knowledge, args.get("place"), lang))
    if note.code in ("theme_unserved", "theme_elsewhere"):
        theme = knowledge.themes.get(args.get("theme", ""))
        label = theme.label.get(lang).lower() if theme else args.get("theme", "")
        if note.code == "theme_elsewhere":
            place = _place(knowledge, args.get("place"), lang)
            return ui("note.theme_elsewhere", lang, theme=label, place=place)
        if args.get("contact"):
            contact = _entry_name(knowledge, args.get("contact", ""))
            return ui("note.theme_unserved_contact", lang, theme=label, contact=contact)
        return ui("note.theme_unserved", lang, theme=label)
    if note.code == "question_truncated":
        return ui("note.question_truncated", lang, limit=args.get("limit", ""))
    if note.code == "no_upcoming_events" and args.get("latest") in knowledge.events:
        return ui("note.no_upcoming_latest", lang)
    if note.code == "no_events_in_period":
        key = "note.no_events_in_period_upcoming" if args.get("more") else "note.no_events_in_period"
        return ui(key, lang, period=period_words(args.get("start", ""), args.get("end", ""), lang))
    if note.code == "follow_up":
        ids = [
            *filter(None, args.get("themes", "").split(",")),
            *filter(None, args.get("regions", "").split(",")),
        ]
        what = ", ".join(_theme_or_place(knowledge, i, lang) for i in ids)
        return ui("note.follow_up", lang, what=what)
    if note.code == "which_place":
        chosen = _place_in_county(knowledge, args.get("chosen"), lang)
        others = [_place_in_county(knowledge, r, lang) for r in args.get("others", "").split(",") if r]
        return ui(
            "note.which_place",
            lang,
            chosen=chosen,
            others=f" {ui('list.or', lang)} ".join(others),
            first=_place(knowledge, args.get("chosen"), lang),
        )
    if note.code == "person_unknown":
        return ui("note.person_unknown", lang, name=args.get("name", ""))
    return ui(f"note.{note.code}", lang)


def _place_in_county(knowledge: Knowledge, region_id: str | None, lang: Lang) -> str:
    """ "Håbo (Uppsala län)": a place with its county, to tell apart names that fold alike."""
    county = knowledge.county_of(region_id or "")
    name = _place(knowledge, region_id, lang)
    return f"{name} ({region_name(county, lang)})" if county is not None else name


def _theme_or_place(knowledge: Knowledge, entry_id: str, lang: Lang) -> str:
    theme = knowledge.themes.get(entry_id)
    return theme.label.get(lang).lower() if theme else _place(knowledge, entry_id, lang)


def period_words(start: str, end: str, lang: Lang) -> str:
    """A period as words: "i december 2026", "in 2027", "mellan 1 juni 2027 och 31 augusti 2027"."""
    try:
        first, last = date.fromisoformat(start), date.fromisoformat(end)
    except ValueError:
        return ""
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year:
        return ui("period.year", lang, year=first.year)
    if (first.year, first.month) == (last.year, last.month):
        return ui("period.month", lang, month=format_date(first, lang, "month"))
    return ui(
        "period.between", lang, start=format_date(first, lang, "month"), end=format_date(last, lang, "month")
    )
