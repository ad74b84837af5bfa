"""When a question asks about: "kommande", "next", "gaidāmie"; a month ("i december", "decembrī"); a
season ("i höst", "summer", "vasarā"); this or next year. The same words in Swedish, English and
Latvian mean the same period.

Parsing is pure and knows no date; `Period.window(today)` turns what was asked into dates, and
`events_in` picks the events that fall in it, so past events are never called upcoming.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from bot.knowledge.model import Event
from bot.understanding.text import Token, wordset

# Folded month words: Swedish/English names, Latvian nominative, genitive and locative.
_MONTH_WORDS: dict[str, int] = {}
for _number, _forms in enumerate(
    (
        "januari january janvaris janvari janvara jan",
        "februari february februaris februari februara feb",
        "mars march marts marta",
        "april aprilis aprili aprila apr",
        "maj may maijs maija",
        "juni june junijs junija",
        "juli july julijs julija",
        "augusti august augusts augusta aug",
        "september septembris septembri septembra sep sept",
        "oktober october oktobris oktobri oktobra okt oct",
        "november novembris novembri novembra nov",
        "december decembris decembri decembra dec",
    ),
    start=1,
):
    for _word in _forms.split():
        _MONTH_WORDS[_word] = _number
# Words that are months only beside "i"/"in" or written with a capital: "may", "mars", "dec".
_AMBIGUOUS_MONTHS = wordset("maj may mars marta jan feb apr aug sep sept dec okt oct nov")

# Seasons by folded word; Swedish "vår"/"höst" only as typed with their letters ("var", "host" are words).
_SEASONS: dict[str, tuple[int, ...]] = {}
for _months, _forms in (
    ((3, 4, 5), "varen varterminen spring pavasaris pavasari pavasara"),
    ((6, 7, 8), "sommar sommaren summer vasara vasaras vasari"),
    ((9, 10, 11), "hosten hostterminen autumn fall rudens rudeni"),
    ((12, 1, 2), "vinter vintern winter ziema ziemas ziemu"),
):
    for _word in _forms.split():
        _SEASONS[_word] = _months
_RAW_SEASONS = {"vår": (3, 4, 5), "höst": (9, 10, 11)}
_SEASON_BEFORE = wordset("i till under nasta kommande denna efter fore")  # "vår" is also "our"

# "kommande", "next", "upcoming", "gaidāmie", "nākamie", "drīzumā", "what's happening".
UPCOMING_WORDS = wordset(
    "kommande nasta framover snart hander pagang upcoming next coming soon future forthcoming happening "
    "gaidamie gaidamais gaidamas gaidami nakamie nakamais nakamas nakamo nakamajos drizuma "
    "tuvakajos tuvakaja tuvakajiem somenes manad manaden month paredzeti paredzets"
)
_THIS = wordset("i this in sogad")  # "i år", "this year", "šogad"
_NEXT = wordset("nasta next nakamgad nakamaja nakamais")
_YEAR = wordset("ar year gada gads gadu")
_MONTH_BEFORE = wordset("i in pa during under lidz no")


@dataclass(frozen=True, slots=True)
class Period:
    """What a question says about time. Empty when it says nothing."""

    months: tuple[int, ...] = ()
    year_offset: int | None = None  # 0: this year, 1: next year
    upcoming: bool = False
    tokens: tuple[int, ...] = ()  # the words that said it

    def __bool__(self) -> bool:
        return bool(self.months or self.year_offset is not None or self.upcoming)

    def window(self, today: date, years: Sequence[int] = ()) -> tuple[date, date] | None:
        """The dates asked about, first and last day included; None when only "upcoming" was asked."""
        year = years[0] if years else today.year + self.year_offset if self.year_offset is not None else None
        if self.months:
            start_month, end_month = self.months[0], self.months[-1]
            wraps = end_month < start_month  # "vintern": December to February
            if year is None:  # "i december": the next December, this one while it is not over
                year = today.year
                if _month_end(year + wraps, end_month) < today:
                    year += 1
            return date(year, start_month, 1), _month_end(year + wraps, end_month)
        if year is not None:
            return date(year, 1, 1), date(year, 12, 31)
        return None


def _month_end(year: int, month: int) -> date:
    following = date(year + (month == 12), month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def find_period(tokens: Sequence[Token]) -> Period:
    """The period words in a question's tokens (folded), and which tokens they are."""
    months: list[int] = []
    used: list[int] = []
    upcoming = False
    offset: int | None = None
    for i, token in enumerate(tokens):
        word = token.text
        raw = token.raw.casefold()
        before = tokens[i - 1].text if i else ""
        after = tokens[i + 1].text if i + 1 < len(tokens) else ""
        plain_month = word not in _AMBIGUOUS_MONTHS or before in _MONTH_BEFORE
        if word in _MONTH_WORDS and (plain_month or (token.capitalised and not token.sentence_start)):
            months.append(_MONTH_WORDS[word])
            used.append(token.index)
        elif word in _SEASONS or (
            raw in _RAW_SEASONS and before in _SEASON_BEFORE
        ):  # "i vår", not "vår kommun"
            months.extend(_SEASONS.get(word) or _RAW_SEASONS[raw])
            used.append(token.index)
        elif word in _YEAR and before in (_THIS | _NEXT):
            offset = 1 if before in _NEXT else 0
            used.extend((tokens[i - 1].index, token.index))
        elif word in ("sogad", "nakamgad"):
            offset = 1 if word == "nakamgad" else 0
            used.append(token.index)
        elif word in UPCOMING_WORDS and not (word in _NEXT and after in _YEAR):
            upcoming = True
            used.append(token.index)
    return Period(tuple(dict.fromkeys(months)), offset, upcoming, tuple(dict.fromkeys(used)))


def overlaps(event: Event, start: date, end: date) -> bool:
    return event.start.day <= end and event.end.day >= start


def events_in(events: Iterable[Event], period: Period, today: date, years: Sequence[int] = ()) -> list[Event]:
    """The events in the period asked about, soonest first; "upcoming" (and a month or season without
    a year) never brings back an event that is over."""
    window = period.window(today, years)
    found = []
    for event in events:
        if window is not None and not overlaps(event, *window):
            continue
        if (period.upcoming or (period.months and not years)) and event.status(today) == "past":
            continue
        found.append(event)
    return sorted(found, key=lambda e: (e.start.day, e.name.casefold(), e.id))
