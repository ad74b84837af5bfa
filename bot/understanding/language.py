"""Which language a question is in: Swedish, English or Latvian, from its own words.

Questions are short ("aniara", "Karlskogas sociala företag"), so a statistical detector has too
little to go on. Instead: the common words of each language, the letters only one of them uses,
and the theme vocabulary of the knowledge base, with names and places left out (a Swedish town's
å says nothing about the asker's language). Swedish wins when nothing decides.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from bot.knowledge.model import Lang
from bot.understanding.text import Token, wordset

DEFAULT: Lang = "sv"

# Folded function words and everyday verbs: words that carry no topic. A word may be in several lists.
# Domain words (enterprise, contact, event) live in `bot.understanding.question`; themes come from the
# knowledge base.
LEXICON: Mapping[Lang, frozenset[str]] = {
    "sv": wordset(
        """
        och i pa av for med som att det den de dem en ett ar var vad vem vilka vilken vilket nar hur
        varfor finns fanns kan kunde ska skulle vill ville jag mig oss vi du dig ni er min mitt mina
        vara var vart har hade om till fran kring inom hos utan eller men inte nagon nagot nagra alla
        allt hej hejsan tack blir bli ges gors ager rum sker ocksa bara sa mycket mer fler vet prata
        hitta finna sok soker letar nan naan nat gar gick galler jobbar arbetar jobba arbeta runt
        hallo tjena tja snalla hur manga dar har nagonstans ju val nu da sedan efter innan under over
        nara mellan dessa denna detta just ens eget egen egna sig sin sina sitt hans hennes deras
        man gora gor gjorde kanske behover behova undrar tips vilket ge visa lista berratta
        leder leda ledde driver driva drev startade grundade ager agde
        se sida sidan hemsida hemsidan webbsida webbsidan lank lanken las lasa
        komma kommer kom igang fa far
        """
    ),
    "en": wordset(
        """
        the a an and or of in on at to from for with about who whom whose what when where which why how
        is are was were be been being am can could do does did i me my mine we us our you your there
        here any anyone anybody anything some someone somebody something all it its this that these
        those will would should shall may might must have has had near around over under into onto
        hello hi hey thanks thank please tell show find list know talk working work works worked
        want need looking look get give got s whats wheres whos who's many much more most other
        just also only very so if then than not no yes like as by up out there's id im ive
        email mail phone number address website details info information about description
        see page link read
        """
    ),
    "lv": wordset(
        """
        un ir kur kas kad vai par ar no uz pie ka es man mums mes jus jums tu tev vins vina vini vinas
        sveiki labdien cau paldies ludzu vajag var varu varam var varetu kurs kura kuri kuras kadi kads
        kada kadas ari tikai visi visas jebkurs kaut kads kadu sis si so sie tas ta to tie tam
        lai bet jo ja ne nav bija bus tiek tika tiks ko kam kuru kuriem kurus sava savs savu mani
        apraksts apraksta informacija platforma talrunis epasts pasts adrese vietne
        strada stradat stradaju darbojas nodarbojas dara darit atrast meklet mekleju gribu velos
        zinat uzzinat varetu butu ir kadi kadas kads sakt uzsakt
        skat skatit lapa lapu lapa saite saiti lasit vairak
        """
    ),
}

# Letters that, outside names and places, point to one language.
_LETTERS: Mapping[Lang, frozenset[str]] = {
    "lv": frozenset("āēīūņļģķčšžĀĒĪŪŅĻĢĶČŠŽ"),
    "sv": frozenset("åäöÅÄÖ"),
}

_WORD_WEIGHT = 2.0
_VOCABULARY_WEIGHT = 1.0
_LETTER_WEIGHT = 1.5
_ORDER: tuple[Lang, ...] = ("sv", "en", "lv")  # tie-break: the bot's home language first


def detect_language(
    tokens: Sequence[Token],
    *,
    ignore: Collection[int] = (),
    vocabulary: Mapping[str, frozenset[Lang]] | None = None,
) -> Lang:
    """The question's language; `ignore` holds token indices of names and places."""
    scores: dict[Lang, float] = dict.fromkeys(_ORDER, 0.0)
    seen_raw: set[str] = set()
    named_letters: dict[Lang, float] = dict.fromkeys(_ORDER, 0.0)
    for token in tokens:
        if token.index in ignore:
            # A place or name says little, but "Latvijā" or "Rīgā" is still written by a Latvian:
            # a small vote per language, however many names there are.
            _letters(token, named_letters, seen_raw, _LETTER_WEIGHT / 3)
            continue
        hit = False
        for lang in _ORDER:
            if token.text in LEXICON[lang]:
                scores[lang] += _WORD_WEIGHT
                hit = True
        if not hit and vocabulary:
            for lang in vocabulary.get(token.text, ()):
                scores[lang] += _VOCABULARY_WEIGHT
        _letters(token, scores, seen_raw, _LETTER_WEIGHT)
    for lang, vote in named_letters.items():
        scores[lang] += min(vote, _LETTER_WEIGHT / 3)
    best = max(_ORDER, key=lambda lang: (scores[lang], -_ORDER.index(lang)))
    return best if scores[best] > 0 else DEFAULT


def _letters(token: Token, scores: dict[Lang, float], seen_raw: set[str], weight: float) -> None:
    if token.raw in seen_raw:  # "Malung-Sälen" is one raw word split in two tokens
        return
    seen_raw.add(token.raw)
    for lang, letters in _LETTERS.items():
        if any(ch in letters for ch in token.raw):
            scores[lang] += weight
