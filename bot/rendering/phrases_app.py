"""What the Slack app, reminders, subscriptions and calendars say, in Swedish, English and Latvian.

Kept apart from `bot.rendering.phrases` (which merges this table into its own) so that the answers'
words and the app's words each fit in one reading. Placeholders are named; every language has every key.
"""

from __future__ import annotations

from bot.knowledge.model import Lang

APP_UI: dict[str, dict[Lang, str]] = {
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
    "chat.intro": {
        "sv": "Samverka – skriv en fråga, ”help” för hjälp, ”quit” för att avsluta.",
        "en": "Samverka – type a question, 'help' for help, 'quit' to leave.",
        "lv": "Samverka – rakstiet jautājumu, “help” palīdzībai, “quit”, lai izietu.",
    },
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
}
