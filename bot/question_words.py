"""The words questions are read by, per language: how people ask for an enterprise, a contact or an
event, greet, thank, follow up or ask where a place is. Language, not facts; `bot.question` uses them."""

from __future__ import annotations

from collections.abc import Mapping

from bot.model import Lang
from bot.places import PLACE_NOUNS
from bot.text import wordset


def _lexicon(**by_lang: str) -> Mapping[Lang, tuple[str, ...]]:
    return {lang: tuple(text.split()) for lang, text in by_lang.items()}  # type: ignore[misc]


# Words (folded) that ask for a kind of answer; a trailing * means "starts with".
# Kinds of enterprise that are topics of their own too ("kooperativ i Sverige").
ENTERPRISE_KINDS = _lexicon(sv="kooperativ*", en="cooperativ* co-op*", lv="kooperativ* biedrib*")
ENTERPRISE_WORDS = _lexicon(
    sv="foretag* entreprenor* firma firmor bolag* verksamhet verksamheter "
    + " ".join(ENTERPRISE_KINDS["sv"]),
    en="enterpris* business* compan* entrepreneur* startup* " + " ".join(ENTERPRISE_KINDS["en"]),
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
    sv="hjalp* prata ringa mejla fraga stod stodja stottar radfraga",
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
    en="when date dates held happen* take next",
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
    "skola skolan",
    en="project projects foundation association network university institute centre center school partner "
    "partners partnership organisation organization programme program",
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
# Words that make a name or alias on their own never: what kind of place or body, not which one
# ("city" in "the city of Gothenburg" is not "City of Malmö").
COMMON_NAME_WORDS = PLACE_NOUNS | wordset(
    "centrs centra centrum center centre regions regionen regionens kommunerna cities towns municipalities "
    "counties novadi pilsetas swedish svensk svenska svenskt latvian latviesu"
)
# A follow-up opens with these ("och i Umeå?", "and in Riga?", "un Cēsīs?", "what about elderly care?").
_FOLLOW_OPENERS = wordset("och and un men but also ari plus samt annars")
_FOLLOW_PAIRS = frozenset(
    {("what", "about"), ("how", "about"), ("ka", "ar"), ("vad", "sags"), ("vad", "galler"), ("hur", "ar")}
)
_PLACE_LANG: Mapping[str, Lang] = {"SE": "sv", "LV": "lv"}
_FOLLOW_SHORT = 3  # a question this short that asks for no kind of answer leans on the one before
_PERSON_ASK = frozenset(
    {("who", "is"), ("whos",), ("vem", "ar"), ("kas", "ir"), ("who", "was"), ("vem", "var")}
)

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
_ASKING_ROLES = frozenset({"enterprise", "contact", "event"})  # words that ask for a kind of answer
_PLAIN_ROLES = frozenset({"stop", "nearby", "geography"})  # words that say nothing about the topic
_RESTATING_ROLES = frozenset({"enterprise", "domain"})
_KIND_PREFIXES = tuple(word.rstrip("*") for words in ENTERPRISE_KINDS.values() for word in words)
