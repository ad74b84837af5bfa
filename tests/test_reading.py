"""Reading what people send: Slack markup and long pastes, periods of time, and follow-ups that lean
on the question before (bot.understanding.reading, bot.understanding.periods, bot.matching.conversation,
bot.matching.follow_up)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.matching.conversation import Context, ConversationMemory
from bot.matching.matcher import Matcher
from bot.rendering.text import render_text
from bot.understanding.periods import Period, find_period
from bot.understanding.reading import LONG_WORDS, read
from bot.understanding.text import tokenize
from tests.matcher_knowledge import TODAY, shipped

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
EMAIL = (
    "Hej! Jag heter Karin och arbetar som näringslivsutvecklare på Hallsbergs kommun. Vi har under hösten "
    "haft flera möten om hur vi kan stärka samverkan med civilsamhället och det lokala näringslivet, och "
    "en fråga som kommit upp är hur fler som står långt från arbetsmarknaden kan komma i sysselsättning. "
    "Vi har en budget för ett förprojekt nästa år och vill gärna använda den klokt. "
    "Vilka sociala företag finns det hos oss? Med vänliga hälsningar, Karin"
)


@pytest.fixture(scope="module")
def real() -> Matcher:
    return Matcher(shipped())


def keys(answer) -> list[str]:
    return [f"{r.kind}:{r.id}" for r in answer.results]


def test_a_long_paste_is_cut_to_its_last_question_with_the_rest_as_context() -> None:
    reading = read(EMAIL)
    assert len(EMAIL.split()) > LONG_WORDS
    assert reading.question == "Vilka sociala företag finns det hos oss?"
    assert "Hallsbergs kommun" in reading.context
    assert read("sociala företag i Karlskoga?").question == "sociala företag i Karlskoga?"


def test_a_pasted_email_is_answered_for_the_place_its_writer_names(real) -> None:
    answer = real.answer(EMAIL, today=TODAY)
    assert answer.intent == "enterprises" and answer.regions == ("se-hallsberg",)
    assert keys(answer)[0] in {
        "enterprise:aniara-maskin-och-fastighet",
        "enterprise:childrens-discovery-house",
    }


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("sociala företag i Hallsberg, se <https://example.se>", "enterprise:aniara-maskin-och-fastighet"),
        ("<@U0123> sociala företag i Karlskoga? :pray:", "enterprise:foreningen-funkis"),
        ("*sociala företag* i _Karlskoga_", "enterprise:foreningen-funkis"),
    ],
)
def test_slack_markup_is_read_as_words_wherever_the_question_comes_from(real, question, expected) -> None:
    answer = real.answer(question, today=TODAY)
    assert answer.intent != "out_of_domain"
    assert expected in keys(answer)[:5]


def _period(text: str) -> Period:
    return find_period(tokenize(text))


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("vad händer i december?", date(2026, 12, 1), date(2026, 12, 31)),
        ("anything in November?", date(2027, 11, 1), date(2027, 11, 30)),  # this one is over on 1 Dec
        ("pasākumi decembrī", date(2026, 12, 1), date(2026, 12, 31)),
        ("events this winter", date(2026, 12, 1), date(2027, 2, 28)),
        ("evenemang i höst", date(2027, 9, 1), date(2027, 11, 30)),
        ("vasarā", date(2027, 6, 1), date(2027, 8, 31)),
        ("events next year", date(2027, 1, 1), date(2027, 12, 31)),
    ],
)
def test_periods_mean_the_same_in_every_language(text: str, start: date, end: date) -> None:
    assert _period(text).window(date(2026, 12, 1)) == (start, end)


def test_may_and_mars_are_months_only_where_they_read_as_months() -> None:
    assert _period("may I ask about events").months == ()
    assert _period("events in May").months == (5,)
    assert _period("kommande evenemang").upcoming and _period("gaidāmie pasākumi").upcoming


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("finns det några kommande evenemang?", "sv"),
        ("vad händer i december?", "sv"),
        ("any upcoming events?", "en"),
        ("anything in December?", "en"),
        ("gaidāmie pasākumi", "lv"),
        ("kas notiek decembrī?", "lv"),
    ],
)
def test_past_events_are_never_listed_as_upcoming(real, question: str, lang: str) -> None:
    answer = real.answer(question, today=date(2026, 12, 1))
    assert answer.language == lang and answer.intent == "events"
    assert len(answer.results) <= 1  # at most a pointer to the latest past one, said as such
    assert "no_upcoming_events" in [n.code for n in answer.notes]
    text = render_text(answer, shipped(), today=date(2026, 12, 1))
    assert len(text) < 700


def test_events_of_a_year_are_those_of_that_year(real) -> None:
    answer = real.answer("pasākumi 2018", today=TODAY)
    assert keys(answer) and all(k.endswith("2018") for k in keys(answer))


def test_a_follow_up_reuses_the_previous_place_and_theme(real) -> None:
    first = real.answer("sociala företag inom äldreomsorg i Örebro", today=TODAY)
    context = Context(first.regions, first.themes, first.intent)
    assert context.themes == ("elderly-care",)
    follow = real.answer("och i Umeå?", today=TODAY, context=context)
    assert follow.regions == ("se-umea",) and follow.themes == ("elderly-care",)
    assert "follow_up" in [n.code for n in follow.notes]
    other = real.answer(
        "what about homework help?", today=TODAY, context=Context(("se-umea",), ("elderly-care",))
    )
    assert other.regions == ("se-umea",) and other.themes == ("homework-help",)
    fresh = real.answer("sociala företag i Karlskoga", today=TODAY, context=context)
    assert fresh.themes == () and "follow_up" not in [n.code for n in fresh.notes]


def test_conversation_memory_keeps_ids_for_a_while_and_only_so_many(real) -> None:
    memory = ConversationMemory(keep_for=timedelta(minutes=30), limit=2)
    answer = real.answer("äldreomsorg i Örebro", today=TODAY)
    memory.remember(("C1", "1.0"), answer, NOW)
    expected = Context(
        ("se-orebro",),
        ("elderly-care",),
        "enterprises",
        tuple(f"{r.kind}:{r.id}" for r in answer.results[:3]),
    )
    assert memory.recall(("C1", "1.0"), NOW + timedelta(minutes=29)) == expected
    assert all(":" in key for key in expected.entries) and len(expected.entries) == 3
    assert memory.recall(("C1", "1.0"), NOW + timedelta(minutes=31)) is None
    for n in range(3):
        memory.remember(("C1", str(n)), answer, NOW)
    assert len(memory) == 2 and memory.recall(("C1", "0"), NOW) is None
    memory.remember(("C2", ""), real.answer("hej", today=TODAY), NOW)  # a greeting is nothing to lean on
    assert memory.recall(("C2", ""), NOW) is None


@pytest.mark.parametrize(
    "question",
    [
        "sociala företag i Karlskoga, se <https://www.karlskoga.se/naringsliv|vår sida>",
        "social enterprises in Karlskoga, see <https://example.org/about|this page>",
        "sociala företag i Karlskoga, läs mer på <https://example.se>",
    ],
)
def test_a_pointer_to_a_page_keeps_the_question_in_domain(question: str) -> None:
    from bot.matching.matcher import Matcher
    from tests.matcher_knowledge import TODAY, fictional

    answer = Matcher(fictional()).answer(question, today=TODAY)
    assert answer.intent == "enterprises" and "se-karlskoga" in answer.regions


def test_the_words_of_a_linked_address_never_count_against_the_question(real) -> None:
    from bot.understanding.slack_text import link_words

    text = "*IOP* – what is it and can we use it? <https://www.mucf.se/ideburetoffentligtpartnerskap|mucf>"
    assert link_words(text) == {"mucf", "ideburetoffentligtpartnerskap"}
    assert link_words("<@U0123> hej <#C1|general> <mailto:a@b.se|mejla>") == frozenset()
    answer = real.answer(text, today=TODAY)
    assert answer.results and answer.results[0].id == "se-iop"
    # The same words typed as the question itself are words nothing explains.
    assert not real.answer("IOP mucf ideburetoffentligtpartnerskap kanelbulle recept", today=TODAY).results
