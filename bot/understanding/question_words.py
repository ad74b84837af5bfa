"""The words questions are read by, per language: how people ask for an enterprise, a contact or an
event, greet, thank, follow up or ask where a place is. Language, not facts;
`bot.understanding.question` uses them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise

from bot.knowledge.model import Lang
from bot.understanding.places import PLACE_NOUNS
from bot.understanding.text import Token, wordset


def _lexicon(**by_lang: str) -> Mapping[Lang, tuple[str, ...]]:
    return {lang: tuple(text.split()) for lang, text in by_lang.items()}  # type: ignore[misc]


# Words (folded) that ask for a kind of answer; a trailing * means "starts with".
# Kinds of enterprise that are topics of their own too ("kooperativ i Sverige").
ENTERPRISE_KINDS = _lexicon(sv="kooperativ*", en="cooperativ* co-op*", lv="kooperativ* biedrib*")
ENTERPRISE_WORDS = _lexicon(
    sv="foretag* entreprenor* firma firmor bolag* verksamhet verksamheter asf aktor aktorer aktoren "
    + " ".join(ENTERPRISE_KINDS["sv"]),
    en="enterpris* business* compan* entrepreneur* startup* provider providers "
    + " ".join(ENTERPRISE_KINDS["en"]),
    lv="uznemum* uznemej* uznemejdarbib* " + " ".join(ENTERPRISE_KINDS["lv"]),
)
CONTACT_WORDS = _lexicon(
    sv="kontakt* regionsansvarig* samordnare ansvarig* ansvarar ansvara radgiv* vagledning nod noder noden",
    en="contact* coordinator* responsible advisor* adviser* advice guidance node nodes",
    lv="kontakts kontakti kontaktu kontaktus kontaktpersona kontaktinformacija kontakt* sazin* konsult* "
    "koordinator* atbildig* mezgl*",
)
CONTACT_WHO = _lexicon(sv="vem vems", en="who whom whose", lv="kas kurs kura kam")
CONTACT_CUES = _lexicon(
    sv="hjalp* prata ringa mejla fraga stod stodja stottar radfraga vanda vander",
    en="help* talk call reach ask support someone somebody",
    lv="palidz* jautat atbalst* sazinat*",
)
EVENT_WORDS = _lexicon(
    sv="evenemang* event* konferens* seminari* webbinari* traff* mote moten motet studiebesok* "
    "studieres* resa resor besok besoket kalender* kommande",
    en="event* conference* seminar* webinar* meeting* meetup* calendar* upcoming happening summit* "
    "trainings trip trips visit visits",
    lv="pasakum* konferenc* seminar* sanaksm* tiksan* kalendar* gaidam* nakam* apmacibas apmacibam braucien*",
)
EVENT_CUES = _lexicon(
    sv="nar datum hander ager arrangeras nasta",
    en="when date dates held happen* next",
    lv="kad datums notiek notiks notika",
)
DOMAIN_WORDS = _lexicon(
    sv="social sociala socialt samverkan samverka samarbete* kommun* region* innovation*",
    en="social municipal* municipality collaborat* partnership*",
    lv="social* pasvaldib* sadarbib*",
)
# Words in the names of organisations and projects that say what kind of body, not which one.
GENERIC_WORDS = _lexicon(
    sv="projekt projektet projekten stiftelsen stiftelse foreningen forening natverk natverket universitet "
    "hogskola institut centrum partner partners partnerskap partnerskapet samarbetspartner* organisation* "
    "skola skolan person personer",
    en="project projects foundation association network university institute centre center school partner "
    "partners partnership organisation organization programme program person persons",
    lv="projekts projekta projekti projektu biedriba biedribas centrs centra partneris partneri partneru "
    "organizacija organizacijas tikls universitate institut*",
)
# Words that place a question without naming a place: "here", "nearby".
NEARBY_WORDS = _lexicon(
    sv="narheten narhet omradet omrade trakten har sitter bor finns",
    en="nearby near here area around local",
    lv="tuvuma apkartne seit",
)
# Words that ask where a place is or what it is like: "var ligger Ale", "where is Jönköping", "hur stor är
# Umeå", "how many live in Riga". With nothing but a place beside them, the question is about geography.
GEOGRAPHY_WORDS = _lexicon(
    sv="ligger belagen belaget belagna avstand invanare invanarantal befolkning karta stor storlek",
    en="where wheres located location population inhabitants residents size distance map",
    lv="atrodas atrasanas iedzivotaji iedzivotaju lielums attalums karte",
)
HELP_WORDS = _lexicon(sv="hjalp help kommandon", en="help commands", lv="palidziba palidzibu komandas")
_HELP_FILLER = wordset(
    "vad kan du gora what can you do please snalla me mig ko tu vari man jus ar is are ir vem who kas "
    "jag behover i need vajag proti dari varat zini know"
)
GREETINGS = wordset(
    "hej hejsan hallo halla tjenare hello hi hey tjena tja sveiki labdien labrit cau "
    "tack thanks thank paldies god good morgon morning dag day kvall evening rit vakars"
)

THANKS = wordset("tack tacksam thanks thank thx cheers paldies liels tusen")
HELP = frozenset(word for words in HELP_WORDS.values() for word in words)
# "what can you do", "vad är Samverka", "are you a bot?": the asker asks about the bot itself.
ASKING_ME = frozenset(
    {"du", "you", "tu", "jus", "samverka", "bot", "boten", "botu", "bots", "robot", "robotu", "assistant"}
)
CHAT_UNKNOWN = 3  # words of its own a greeting or a thank-you may carry ("great", "verkligen")
HAPPENS = frozenset({"hander", "happening", "happens", "notiek", "notiks", "ager"})  # "what is on"
HOW_MUCH = frozenset({"cik", "mycket", "much"})  # "how much" can one get
PERSON_WORDS = frozenset({"person", "personen", "persona", "personu"})  # "the person at ALTUM"
PAST_TENSE = frozenset(
    {"var", "was", "were", "bija", "notika", "holls", "genomfordes", "did"}
)  # "när var …?"
# Words that make a name or alias on their own never: what kind of place or body, not which one
# ("city" in "the city of Gothenburg" is not "City of Malmö").
COMMON_NAME_WORDS = PLACE_NOUNS | wordset(
    "centrs centra centrum center centre regions regionen regionens kommunerna cities towns municipalities "
    "counties novadi pilsetas swedish svensk svenska svenskt latvian latviesu asf sia ab hb"
)
# A follow-up opens with these ("och i Umeå?", "and in Riga?", "un Cēsīs?", "what about elderly care?").
_FOLLOW_OPENERS = wordset("och and un men but bet also ari plus samt annars samma same")
# Words a follow-up may open with before its opener: "ok and which ones …", "okej, och i Umeå?".
FOLLOW_FILLERS = wordset("ok okej okay oki labi bra")
_FOLLOW_PAIRS = frozenset(
    {("what", "about"), ("how", "about"), ("ka", "ar"), ("vad", "sags"), ("vad", "galler"), ("hur", "ar")}
)
_PLACE_LANG: Mapping[str, Lang] = {"SE": "sv", "LV": "lv"}
_FOLLOW_SHORT = 3  # a question this short that asks for no kind of answer leans on the one before
_PERSON_ASK = frozenset(
    {("who", "is"), ("whos",), ("vem", "ar"), ("kas", "ir"), ("who", "was"), ("vem", "var")}
)
_PERSON_FIRST = frozenset(opener[0] for opener in _PERSON_ASK)

_ROLES: tuple[tuple[str, Mapping[Lang, tuple[str, ...]]], ...] = (
    ("enterprise", ENTERPRISE_WORDS),
    ("contact", CONTACT_WORDS),
    ("event", EVENT_WORDS),
    ("contact_who", CONTACT_WHO),
    ("contact_cue", CONTACT_CUES),
    ("event_cue", EVENT_CUES),
    ("domain", DOMAIN_WORDS),
    ("generic", GENERIC_WORDS),
    ("nearby", NEARBY_WORDS),
    ("geography", GEOGRAPHY_WORDS),
)
_STRONG_ROLES = frozenset({"enterprise", "contact", "event", "domain"})
_ASKING_ROLES = frozenset({"enterprise", "contact", "event"})
# Event words that are also plain verbs, trips or meetings: "enterprises we could visit", "ASF i
# Söderhamn? behöver till ett möte" ask for enterprises.
SOFT_EVENT_WORDS = wordset(
    "visit besok besoka resa trip apmeklet apmeklejam mote motet meeting brauciens braucienu braucienam "
    "studieresa studieresan studiebesok"
)
_PLAIN_ROLES = frozenset({"stop", "nearby", "geography"})  # words that say nothing about the topic
_RESTATING_ROLES = frozenset({"enterprise", "domain"})
_KIND_PREFIXES = tuple(word.rstrip("*") for words in ENTERPRISE_KINDS.values() for word in words)


CONTENT_WORD = 3  # shorter unexplained words ("se" in "sisummit.se") do not make a sentence


def _asked_person(tokens: Sequence[Token]) -> tuple[int, ...] | None:
    """ "Who is Anna Berg?", "vem är Karin Lund", "kas ir Anna Bērziņa": two capitalised words after
    a who-is are a person's name, whatever else they may be (a place, a word)."""
    for i in range(len(tokens) - 2):
        if tokens[i].text not in _PERSON_FIRST:  # most words open no who-is: skip them cheaply
            continue
        for opener in _PERSON_ASK:
            n = len(opener)
            if tuple(t.text for t in tokens[i : i + n]) != opener:
                continue
            pair = tokens[i + n : i + n + 2]
            if len(pair) == 2 and all(t.capitalised and t.raw[:1].isalpha() for t in pair):
                return (pair[0].index, pair[1].index)
    return None


def _typed(tokens: Sequence[Token], indices: Sequence[int]) -> str:
    return " ".join(tokens[i].raw for i in indices)


def _plain_word(token: Token) -> bool:
    """A lower-case word of some length: prose, not a name or a fragment ("se" in "sisummit.se")."""
    return len(token.text) >= CONTENT_WORD and not (token.capitalised and not token.sentence_start)


def _number(text: str) -> int:
    return int(text) if text.isdigit() and len(text) == 4 else 0


_HOW = {
    "hur": frozenset({"kan", "ska", "gor", "borjar", "hittar"}),
    "how": frozenset({"can", "do", "should"}),
}
_WHO_WORDS = frozenset(word for words in CONTACT_WHO.values() for word in words)
_WORKS = wordset("jobbar arbetar sysslar works work working does strada stradat nodarbojas darbojas")
_WITH = wordset("med with on ar")
_INDEFINITE = wordset("a an en ett")
_WHAT = {
    "vad": frozenset({"ar", "gor", "jobbar", "arbetar"}),
    "what": frozenset({"is", "are", "does", "do", "s"}),
    "whats": frozenset({"the"}),
    "kas": frozenset({"ir"}),
    "ko": frozenset({"dara"}),
}


def _asks_what(tokens: Sequence[Token]) -> bool:
    """ "Vad gör SE Forum?", "what is MSI", "kas ir SIC": a question about the named thing itself."""
    return any(a.text in _WHAT and b.text in _WHAT[a.text] for a, b in pairwise(tokens))


def _asks_what_happens(tokens: Sequence[Token], roles: Mapping[int, str]) -> bool:
    """ "kas notiek decembrī?": Latvian "kas" is "what" as well as "who"; before "notiek" it asks
    for events."""
    return (
        any(
            roles.get(a.index) == "contact_who" and roles.get(b.index) in ("event_cue", "period")
            for a, b in pairwise(tokens)
        )
        and "contact" not in roles.values()
    )


def _asks_who_does(tokens: Sequence[Token]) -> bool:
    """ "Who works with elderly care?", "vem jobbar med läxhjälp": who does the work, not whom to call."""
    return any(
        a.text in _WHO_WORDS and b.text in _WORKS and c.text in _WITH
        for a, b, c in zip(tokens, tokens[1:], tokens[2:], strict=False)
    )


def _asks_definition(tokens: Sequence[Token]) -> bool:
    """ "what is a social enterprise", "vad är ett socialt företag": a what-question about one of a kind."""
    return any(
        a.text in _WHAT and b.text in _WHAT[a.text] and c.text in _INDEFINITE
        for a, b, c in zip(tokens, tokens[1:], tokens[2:], strict=False)
    )


def _asks_how(tokens: Sequence[Token]) -> bool:
    """ "Hur kan vi …", "how do I …" ask for advice: someone to talk to, not a list."""
    return any(a.text in _HOW and b.text in _HOW[a.text] for a, b in pairwise(tokens))
