"""What a parsed question asks for: enterprises, a contact, events, one entry, help or small talk.

The parser (`bot.understanding.question`) finds the question's parts; this decides from them what
kind of answer it wants, in the same way for Swedish, English and Latvian.
"""

from __future__ import annotations

from dataclasses import replace

from bot.understanding.answers import Intent
from bot.understanding.parsed import Question
from bot.understanding.question_words import (
    _HELP_FILLER,
    _STRONG_ROLES,
    ASKING_ME,
    CHAT_UNKNOWN,
    HAPPENS,
    HELP,
    SOFT_EVENT_WORDS,
    _asks_how,
    _asks_what,
    _asks_what_happens,
    _asks_who_does,
)


def about_the_domain(question: Question) -> Question:
    """`question` read as about Samverka's domain after all (the e-mail around it says so)."""
    found = replace(question, in_domain=True)
    return replace(found, intent=intent_of(found))


def _about_me(question: Question) -> bool:
    """ "vad kan du hjälpa till med?", "hey, are you a bot or a real person?", "kā tu man vari
    palīdzēt?": a question to the bot about itself, with nothing to look up."""
    tokens = question.tokens
    if not any(t.text in ASKING_ME for t in tokens) or len(question.unknown) > CHAT_UNKNOWN:
        return False
    exact = any(m.exact for m in question.names)  # "människa" is no piece of "Hela Människan" here
    if question.places or question.themes or exact or question.relation or question.howto:
        return False
    if question.roles_of_people or question.period or question.years:
        return False
    roles = {r for i, r in question.roles.items() if tokens[i].text not in ASKING_ME}
    return not roles & (_STRONG_ROLES | {"geography", "event_cue"})


def intent_of(question: Question) -> Intent:
    """The kind of answer the question asks for."""
    words = {t.text for t in question.tokens}
    if words <= HELP | _HELP_FILLER | ASKING_ME and (words & HELP or words & ASKING_ME):
        return "help"
    if question.chat is not None:
        return "smalltalk"
    if _about_me(question):
        return "help"
    if not question.in_domain:
        return "out_of_domain"
    if question.person is not None:
        return "about"
    roles = set(question.roles.values())
    if question.names and _asks_what(question.tokens):
        return "about"
    if "contact_who" in roles and _asks_what_happens(question.tokens, question.roles):
        return "events"
    # "kas par sociālajiem uzņēmumiem darbojas Jūrmalā?", "who are the social enterprises in Umeå?":
    # which enterprises, not whom to call.
    which = "enterprise" in roles and not roles & {"contact", "contact_cue"}
    if (
        "contact_who" in roles
        and not which
        and not (question.themes and "contact" not in roles and _asks_who_does(question.tokens))
    ):
        return "contact"
    soft = all(t.text in SOFT_EVENT_WORDS for t in question.tokens if question.roles.get(t.index) == "event")
    if "event" in roles and not (soft and "enterprise" in roles and "event_cue" not in roles):
        return "events"
    if "contact" in roles or _asks_how(question.tokens):
        return "contact"
    happens = "event_cue" in roles or any(t.text in HAPPENS for t in question.tokens)
    if happens and question.period:  # "vad händer nästa månad kring socialt företagande"
        return "events"
    if "enterprise" in roles:
        return "enterprises"
    if "event_cue" in roles or "period" in roles:
        return "events"
    if "contact_cue" in roles or question.roles_of_people:
        return "contact"
    if question.names:
        return "about"
    return "enterprises"
