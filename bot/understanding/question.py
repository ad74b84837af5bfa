"""Understanding a question: language, intent, places, themes and names, as one frozen `Question`
(`bot.understanding.parsed`).

Pure: the parser holds indexes built once from a knowledge snapshot and never touches I/O. The
per-language word lists below are language, not facts: how people ask for a contact ("vem kan
hjälpa", "who can I talk to", "kontakts") or an event ("när", "when", "kad").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from types import MappingProxyType

from bot.knowledge.model import LANGS, Knowledge, Lang
from bot.understanding.descriptions import DescriptionIndex
from bot.understanding.guides import GuideIndex, asks_how
from bot.understanding.intents import intent_of
from bot.understanding.language import LEXICON, detect_language
from bot.understanding.names import NameIndex, NameMatch, RoleIndex
from bot.understanding.parsed import Question
from bot.understanding.periods import find_period
from bot.understanding.places import PLACE_NOUNS, Gazetteer
from bot.understanding.question_words import (
    _ASKING_ROLES,
    _FOLLOW_OPENERS,
    _FOLLOW_PAIRS,
    _FOLLOW_SHORT,
    _HELP_FILLER,
    _KIND_PREFIXES,
    _PLACE_LANG,
    _PLAIN_ROLES,
    _RESTATING_ROLES,
    _ROLES,
    _STRONG_ROLES,
    ASKING_ME,
    CHAT_UNKNOWN,
    COMMON_NAME_WORDS,
    CONTENT_WORD,
    FOLLOW_FILLERS,
    GREETINGS,
    THANKS,
    _asked_person,
    _asks_definition,
    _asks_what,
    _number,
    _plain_word,
    _typed,
)
from bot.understanding.relations import find_relation, relation_of
from bot.understanding.spelling import Speller
from bot.understanding.text import Token, tokenize
from bot.understanding.themes import ThemeIndex, ThemeMatch

QUESTION_LIMIT = 2000  # characters considered; a pasted page must not cost seconds
_YEAR_MIN, _YEAR_MAX = 1990, 2100
_START = 3  # prefixes are indexed by their first three letters
_MAX_CORRECTIONS = 48
# Where the asker probably is, by the language they write in: English says nothing about it.
_LANG_COUNTRIES: Mapping[str, frozenset[str]] = {
    "sv": frozenset({"SE"}),
    "lv": frozenset({"LV"}),
    "en": frozenset(),
}


class _WordRoles:
    """The role lexicons compiled for look-up: exact words and prefixes."""

    def __init__(self) -> None:
        self.exact: dict[str, str] = {}
        self.prefixes: list[tuple[str, str]] = []
        self.by_lang: dict[str, set[Lang]] = {}
        for role, lexicon in _ROLES:
            for lang in LANGS:
                for word in lexicon.get(lang, ()):
                    if word.endswith("*"):
                        self.prefixes.append((word[:-1], role))
                    else:
                        self.exact.setdefault(word, role)
                    self.by_lang.setdefault(word.rstrip("*"), set()).add(lang)
        self.prefixes.sort(key=lambda item: -len(item[0]))
        self._by_start: dict[str, list[tuple[str, str]]] = {}  # prefixes by their first letters
        for prefix, role in self.prefixes:
            if len(prefix) < _START:
                raise ValueError(f"question-word prefix {prefix!r} is shorter than {_START} letters")
            self._by_start.setdefault(prefix[:_START], []).append((prefix, role))

    @lru_cache(maxsize=65_536)  # noqa: B019  (one instance for the module's lifetime)
    def languages(self, word: str) -> frozenset[Lang]:
        """The languages whose lexicons have the word; a word listed as itself ("kontaktpersona") says
        more than one that merely fits another language's prefix ("kontakt*")."""
        found = set(self.by_lang.get(word, ()))
        if word in self.exact:
            return frozenset(found)
        for prefix, _role in self._by_start.get(word[:_START], ()):
            if word.startswith(prefix):
                found.update(self.by_lang.get(prefix, ()))
        return frozenset(found)

    def overhang(self, word: str) -> int:
        """How many letters `word` has beyond the question word it starts with (0 for an exact one)."""
        if word in self.exact:
            return 0
        for prefix, _role in self._by_start.get(word[:_START], ()):
            if word.startswith(prefix):
                return len(word) - len(prefix)
        return len(word)

    @lru_cache(maxsize=65_536)  # noqa: B019  (one instance for the module's lifetime)
    def role(self, word: str) -> str | None:
        found = self.exact.get(word)
        if found is not None:
            return found
        for prefix, role in self._by_start.get(word[:_START], ()):
            if word.startswith(prefix):
                return role
        return None


_WORD_ROLES = _WordRoles()


def word_role(word: str) -> str | None:
    """What a folded word asks for ("enterprise", "contact", "event", …), or None."""
    return _WORD_ROLES.role(word)


_STOPWORDS = frozenset().union(*LEXICON.values()) | GREETINGS | _HELP_FILLER
_ENDING = 4  # letters an ending adds to a question word ("företag-en"); more make a compound ("-sevent")
_GUIDE_EVIDENCE = 4.0  # a guide matched this strongly makes a question about the domain by itself
_UNKNOWN_PER_SIGNAL = 2  # words nothing explains a question may carry per topic word ("pateikt", "šobrīd")


class QuestionParser:
    """All the indexes a question needs, built once per knowledge snapshot."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.gazetteer = Gazetteer(knowledge.regions)
        self._country = {region.id: region.country for region in knowledge.regions.values()}
        self._local = frozenset(r.id for r in knowledge.regions.values() if r.kind != "country")
        self.themes = ThemeIndex(knowledge.themes)
        question_words = set(_WORD_ROLES.exact) | {p for p, _ in _WORD_ROLES.prefixes} | _STOPWORDS
        self._place_words = self.gazetteer.vocabulary()

        def weak(word: str) -> bool:
            return (
                word in self._place_words
                or word in _STOPWORDS
                or word in COMMON_NAME_WORDS
                or _WORD_ROLES.role(word) is not None
            )

        self.names = NameIndex(knowledge, weak=weak)
        self.roles = RoleIndex(
            knowledge, stopwords=_STOPWORDS, generic=lambda word: _WORD_ROLES.role(word) == "generic"
        )
        self._name_words = self.names.vocabulary()
        self.guides = GuideIndex(knowledge, is_name=self.names.is_name)
        self.descriptions = DescriptionIndex(
            knowledge, ignore=_STOPWORDS | question_words | COMMON_NAME_WORDS
        )
        targets = (
            self._place_words
            | self._name_words
            | set(self.themes.vocabulary)
            | self.roles.vocabulary()
            | self.guides.vocabulary()
        )
        self.speller = Speller(targets, also_known=question_words)

    def parse(self, text: str, *, quiet: frozenset[str] = frozenset()) -> Question:
        """`quiet`: words read from linked addresses, which never count against the question."""
        truncated = len(text) > QUESTION_LIMIT
        considered = text[:QUESTION_LIMIT].strip()
        tokens = tokenize(considered)
        if not tokens:
            return Question(considered, "sv", "help", truncated=truncated)
        typed = tokens
        tokens, corrected = self._correct(tokens)
        names = self.names.find(tokens, corrected=corrected)
        # A word mended into part of a name, and used for nothing more ("kaffe" -> "kafe" of "Lärjeåns
        # Kafé"), was the ordinary word it looked like: keep it as typed.
        guessed = {
            i
            for i in corrected
            if any(i in m.tokens for m in names)
            and not any(i in m.tokens and (m.exact or len(m.tokens) > 1) for m in names)
        }
        if guessed:
            tokens = tuple(typed[t.index] if t.index in guessed else t for t in tokens)
            corrected -= guessed
            names = self.names.find(tokens, corrected=corrected)
        person = _asked_person(tokens)
        if person is not None:  # "who is Anna Berg?": a name in full, or no name at all
            span = set(person)
            names = tuple(m for m in names if not span & set(m.tokens) or (m.exact and span <= set(m.tokens)))
        return self._understand(considered, tokens, corrected, names, truncated, person=person, quiet=quiet)

    def _understand(
        self,
        considered: str,
        tokens: tuple[Token, ...],
        corrected: set[int],
        names: tuple[NameMatch, ...],
        truncated: bool,
        *,
        prose: bool = False,
        person: tuple[int, ...] | None = None,
        quiet: frozenset[str] = frozenset(),
    ) -> Question:
        """`prose`: a name in the question turned out to be an ordinary word, so the question is a
        sentence about something else unless its topic words clearly outweigh the rest."""
        named = {i for m in names if m.exact for i in m.tokens}
        neutral = named | {
            t.index
            for t in tokens
            if (t.text in self._place_words or t.text in self._name_words or self._genitive_place(t.text))
            and t.text not in _STOPWORDS
            and not self.themes.languages(t.text)
            and not _WORD_ROLES.languages(t.text)
        }
        hints = {t.text: self.themes.languages(t.text) | _WORD_ROLES.languages(t.text) for t in tokens}
        lang = detect_language(tokens, ignore=neutral, vocabulary=hints)
        roles: dict[int, str] = {}
        for token in tokens:
            role = _WORD_ROLES.role(token.text) or ("stop" if token.text in _STOPWORDS else None)
            if role is not None:
                # "Summit" in "Social Innovation Summit" names the event; it does not ask for events.
                roles[token.index] = "named" if token.index in named and role in _ASKING_ROLES else role
        years = tuple(int(t.text) for t in tokens if _YEAR_MIN <= _number(t.text) <= _YEAR_MAX)
        period = find_period(tokens)
        for i in period.tokens:
            if roles.get(i) in (None, "stop", "event_cue"):
                roles[i] = "period"
        themes = self.themes.find(tokens, lang, skip=named)
        theme_tokens = {i for m in themes for i in range(m.start, m.end)}
        # "second hand" is a trade, not a piece of "Strömsbacka Second Hand": a partial name whose words
        # all say a theme is that theme.
        names = tuple(m for m in names if m.exact or not set(m.tokens) <= theme_tokens)
        name_tokens = {i for m in names for i in m.tokens}
        topical = {i for i, role in roles.items() if role not in _PLAIN_ROLES} | theme_tokens | name_tokens
        places = tuple(p for p in self.gazetteer.find(tokens, lang, explained=topical) if p.strong)
        if person is not None:  # "Berg" in "Anna Berg" is her name, not the municipality
            places = tuple(p for p in places if not set(person) & set(range(p.start, p.end)))
        place_tokens = {i for p in places for i in range(p.start, p.end)}
        # "sociala företag på Gotland": a place's own name is the place, not a one-word piece of a name
        # ("Coompanion Gotland"), however it is capitalised.
        names = tuple(m for m in names if len(m.tokens) != 1 or m.tokens[0] not in place_tokens)
        name_tokens = {i for m in names for i in m.tokens}
        # "en vizīte Zviedrijā … Gēteborgā": the town asked about, not the whole country around it.
        narrower = {self._country.get(p.region) for p in places if p.region in self._local}
        places = tuple(
            p for p in places if p.region in self._local or self._country.get(p.region) not in narrower
        )
        if places and all(t.index in place_tokens or t.text in PLACE_NOUNS for t in tokens):
            # "jekabpils", "Umeå": nothing but a place says nothing of the asker's language but where
            # they are, so the answer speaks the place's language.
            lang = _PLACE_LANG.get(self._country.get(places[0].region, ""), lang)
        # "Ale kommun", "Rīgas novads": a place noun beside a place is part of the place, not a domain word.
        for place in places:
            for i in (place.start - 1, place.end):
                if roles.get(i) == "domain" and 0 <= i < len(tokens) and tokens[i].text in PLACE_NOUNS:
                    roles[i] = "place_noun"
        # A place typed as a place wins over a theme prefix that happens to fit it ("Laxå" is not "läx*").
        themes = tuple(m for m in themes if not place_tokens & set(range(m.start, m.end)))
        themes = _without_restated_domain(themes, tokens, roles, bool(places))
        theme_tokens = {i for m in themes for i in range(m.start, m.end)}
        content = {  # the question's own topic words, for matching people by their published role
            t.index
            for t in tokens
            if t.index not in place_tokens
            and t.index not in name_tokens
            and roles.get(t.index) in (None, "generic")
            and not t.text.isdigit()
        }
        people = self.roles.find(tokens, content=content)
        role_tokens = {i for m in people for i in m.tokens}
        # How-to questions ("hur startar jag …") and relation verbs ("who funds …") are topic words too.
        countries = {self._country.get(p.region, "") for p in places} or _LANG_COUNTRIES[lang]
        guides = self.guides.find(tokens, frozenset(countries))
        # Only when the guide makes sense of words nothing else explains ("startar", "IOP", "buy"): a
        # question whose words are all places, themes, names and question words asks for entries.
        # Asked how ("hur", "how", "kā", "what can we"), any topic word of the guide will do; a keyword
        # phrase alone must explain words nothing else does, and never beside a name typed in full.
        guide_tokens = set(guides[0].tokens) - name_tokens - place_tokens if guides else set()
        defines = bool(guides) and guides[0].phrase and _asks_what(tokens)  # "vad är reserverad upphandling"
        # "any ASF in Falkenberg? asking for our social services team", "vai zini kādus sociālos
        # uzņēmumus Siguldā?" ask for enterprises there, unless a guide's phrase is typed whole.
        local = any(p.region in self._local for p in places)
        listing = local and ("enterprise" in roles.values() or bool(themes))
        if (
            guide_tokens
            and listing
            and asks_how(tokens)
            and not (guides[0].phrase and guides[0].evidence >= _GUIDE_EVIDENCE)
        ):
            guide_tokens = set()
        if guide_tokens and not asks_how(tokens) and not defines:
            asked = set(roles) | theme_tokens | role_tokens
            exact = any(m.exact for m in names)
            guide_tokens = guide_tokens - asked if guides[0].phrase and not exact and not listing else set()
        # "who at Region Örebro län was the contact, and how can I reach them?" asks for its people.
        if any(m.exact for m in names) and {"contact", "contact_who"} & set(roles.values()):
            guide_tokens = set()
        howto = bool(guide_tokens)
        relation = find_relation(tokens)
        if relation is not None and (names or relation.relation == "funds"):
            roles.setdefault(relation.token, "relation")
        explained = set(roles) | theme_tokens | name_tokens | role_tokens | guide_tokens
        unknown = tuple(
            t.index
            for t in tokens
            if t.index not in explained
            and t.index not in place_tokens
            and not t.text.isdigit()
            and len(t.text) > 1
            and t.text not in quiet
        )
        # Words only some entries' descriptions explain ("deaf", "hospice") say what is asked for, once
        # the question names the domain itself; they never make it about the domain on their own.
        describing = {i: self.descriptions.find(tokens[i].text) for i in unknown}
        described = tuple(i for i in unknown if describing[i])
        # A one-word name typed as an ordinary word ("Raise money for …") in a sentence with words nothing
        # explains is that word, not the name: understand the question again without it. Capitalised
        # unknown words are more names ("Basta Järna"), not a sentence.
        loose = {
            m.tokens[0]
            for m in names
            if m.exact and len(m.tokens) == 1 and not self.names.written_as_name(tokens[m.tokens[0]])
        }
        if loose and any(_plain_word(tokens[i]) for i in unknown if i not in loose):
            kept = tuple(m for m in names if not set(m.tokens) <= loose)
            return self._understand(
                considered, tokens, corrected, kept, truncated, prose=True, person=person, quiet=quiet
            )
        strong_roles = sum(1 for r in roles.values() if r in _STRONG_ROLES)
        # A one-word name written as the name ("pengar från Vinnova") is as sure as a two-word one.
        written = sum(
            1
            for m in names
            if len(m.tokens) == 1 and m.exact and self.names.written_as_name(tokens[m.tokens[0]])
        )
        # Beside a name typed in full, a short piece of another name ("new" of "Cēsis New School" in "I
        # bought new Prisma glasses") ranks, but says nothing of the domain.
        weak_parts = (
            {
                i
                for m in names
                if not m.exact
                for i in m.tokens
                if len(tokens[i].text) < CONTENT_WORD + 1
                and not any(i in n.tokens and n.exact for n in names)
            }
            if any(m.exact for m in names)
            else set()
        )
        signals = (
            len(theme_tokens | (name_tokens - weak_parts) | role_tokens | guide_tokens)
            + strong_roles
            + written
        )
        # A relation verb is a topic word of its own, unless a guide already counted it ("bidrag").
        relation_words = {i for i, r in roles.items() if r == "relation"} - guide_tokens
        signals += 1 if relation_words else 0
        cues = any(r in ("contact_cue", "contact_who", "event_cue", "period") for r in roles.values())
        # Topic words outweigh words nothing explains; a place or a cue alone must stand alone, and a
        # place with only "where is", "how big" beside it is a geography question.
        geography = "geography" in roles.values()
        # Where the domain itself is named ("sociālais uzņēmums", "social enterprise") or a guide's topic
        # is asked how, a natural sentence may carry more words of its own ("pateikt", "šobrīd").
        found_roles = set(roles.values())
        domain_itself = {"enterprise", "domain"} <= found_roles
        # Asked how, or a guide's keywords typed with some weight ("IOP", "reserverade kontrakt"); one
        # plain word of a guide ("bidrag för solceller", "funding for a video camera") is not enough.
        core = domain_itself or (howto and (asks_how(tokens) or guides[0].evidence >= _GUIDE_EVIDENCE))
        # "företagen", "uzņēmumi" ask for enterprises; "företagsevent" is another thing.
        plain_enterprise = any(
            role == "enterprise" and _WORD_ROLES.overhang(tokens[i].text) <= _ENDING
            for i, role in roles.items()
        )
        per_signal = _UNKNOWN_PER_SIGNAL if (core or plain_enterprise) and not prose else 1
        asks_for = "enterprise" in found_roles or local
        # ... where the domain is named: "social", or a kind of social enterprise ("kooperativ").
        domain_named = "domain" in found_roles or any(t.text.startswith(_KIND_PREFIXES) for t in tokens)
        named = any(m.exact for m in names)  # "when did SE Forum host the … delegations": about it
        phrase = howto and guides[0].phrase  # "reserverade kontrakt" typed whole
        # "… in Uppsala for people with mental illness", "cafe in Riga that employs …": a place or an
        # enterprise asked for, with a theme or the domain named, may say more in words of its own.
        rescued = (
            domain_itself or phrase or (signals > 0 and ((asks_for and (domain_named or themes)) or named))
        )
        # "ko dara Ramalla? … viņi cep maizi": words the named entry's own description has explain themselves.
        named_keys = {m.key for m in names if m.exact}
        about_named = {i for i in described if named_keys & set(describing[i])}
        plain_unknown = [i for i in unknown if i not in described or not (rescued or i in about_named)]
        in_domain = (
            len(plain_unknown) <= per_signal * signals + (0 if prose else 1) - 1
            if signals
            else bool(places or cues) and not unknown and (cues or not geography)
        )
        # "tack för hjälpen!", "hej, kan du hjälpa mig?": a greeting with nothing to look up is chatter,
        # answered as such when nothing else in it is left unexplained.
        chat = None
        to_me = any(t.text in ASKING_ME for t in tokens)  # "hi! what can you help me with?"
        exact_names = any(m.exact for m in names)
        topic = bool(places or themes or exact_names or people or (guide_tokens and not to_me) or relation)
        asking = any(r in _STRONG_ROLES for i, r in roles.items() if tokens[i].text not in ASKING_ME)
        greets = any(t.text in GREETINGS for t in tokens)
        opens = tokens[0].text in GREETINGS or (
            greets and all(t.text in GREETINGS or t.text in _STOPWORDS or t.text in ASKING_ME for t in tokens)
        )
        if not topic and not asking and opens and len(unknown) <= CHAT_UNKNOWN:
            # "tack så mycket, det hjälpte verkligen", "god morgon Samverka :sunny:": chatter, with a
            # few words of its own ("verkligen", "great") but nothing to look up.
            in_domain = False
            chat = "thanks" if any(t.text in THANKS for t in tokens) else "greeting"
        elif not signals and not places and any(t.text in GREETINGS for t in tokens):
            in_domain = False
        asked = person is not None and not names
        if asked:  # "who is Anna Berg?" about nobody the knowledge base knows: in scope, answered honestly
            in_domain = True
        lead = [t.text for t in tokens if t.text not in FOLLOW_FILLERS][:2]
        opener = bool(lead) and (lead[0] in _FOLLOW_OPENERS or tuple(lead) in _FOLLOW_PAIRS)
        short = len(tokens) <= _FOLLOW_SHORT and not any(r in _ASKING_ROLES for r in roles.values())
        question = Question(
            text=considered,
            language=lang,
            intent="out_of_domain",
            places=places,
            themes=themes,
            names=names,
            roles_of_people=people,
            years=years,
            tokens=tokens,
            roles=MappingProxyType(roles),
            corrected=tuple(sorted(corrected)),
            unknown=unknown,
            truncated=truncated,
            in_domain=in_domain,
            defines=_asks_definition(tokens),
            period=period,
            chat=chat,
            person=_typed(tokens, person) if asked and person else None,
            follow_up=(opener or short) and not names and not asked,
            guides=guides,
            howto=howto,
            relation=relation,
            described=described if in_domain else (),
        )
        return replace(question, intent=intent_of(question))

    def _correct(self, tokens: Sequence[Token]) -> tuple[tuple[Token, ...], set[int]]:
        """Typos mended into known words; the raw text stays as typed."""
        mended: list[Token] = []
        corrected: set[int] = set()
        budget = _MAX_CORRECTIONS
        for token in tokens:
            word = token.text
            if (
                budget > 0
                and word not in self.speller
                and word not in _STOPWORDS
                and _WORD_ROLES.role(word) is None
                and not self.themes.knows(word)
                and not self._inflected_place(word)
                and relation_of(word) is None
            ):
                budget -= 1
                fix = self.speller.correct(word)
                if fix is not None:
                    mended.append(replace(token, text=fix[0]))
                    corrected.add(token.index)
                    continue
            mended.append(token)
        return tuple(mended), corrected

    def _genitive_place(self, word: str) -> bool:
        """ "Örebros", "Karlskogas": a place whose ö says nothing about the asker's language."""
        return len(word) > _START + 1 and word.endswith("s") and word[:-1] in self._place_words

    def _inflected_place(self, word: str) -> bool:
        probe = (Token(word, word, 0, False, False),)
        return bool(self.gazetteer.find(probe, "lv"))


def _without_restated_domain(
    themes: tuple[ThemeMatch, ...], tokens: Sequence[Token], roles: Mapping[int, str], placed: bool
) -> tuple[ThemeMatch, ...]:
    """ "Malmös sociala entreprenörer", "social entrepreneurs in Latvia": a theme whose words only restate
    the domain (social + enterprise words) asks for social enterprises, not for the bodies that support
    them. Beside a place or a real theme it is no constraint; alone it is all the question has."""

    def restates(m: ThemeMatch) -> bool:
        found = [roles.get(i) for i in range(m.start, m.end)]
        kinds = any(t.text.startswith(_KIND_PREFIXES) for t in tokens[m.start : m.end])
        return all(r in _RESTATING_ROLES for r in found) and "enterprise" in found and not kinds

    topical = [m for m in themes if not restates(m)]
    return tuple(topical) if placed or topical else themes
