"""Terminal text and the JSON contract of `ask --json` (DESIGN.md)."""

from __future__ import annotations

import json

import pytest

from bot.matching.matcher import Matcher
from bot.rendering.json_answer import answer_object, render_json
from bot.rendering.text import render_text
from tests.matcher_knowledge import TODAY, fictional


@pytest.fixture(scope="module")
def knowledge():
    return fictional()


@pytest.fixture(scope="module")
def matcher(knowledge) -> Matcher:
    return Matcher(knowledge)


def test_json_has_exactly_the_contract_keys(matcher, knowledge):
    answer = matcher.answer("vem kan hjälpa mig i Kiruna?", today=TODAY)
    obj = answer_object(answer, knowledge, today=TODAY)
    assert list(obj) == ["question", "language", "intent", "regions", "themes", "results", "answer"]
    assert obj["regions"] == ["se-kiruna"]
    first = obj["results"][0]
    assert list(first) == ["kind", "id", "name", "organisation", "score", "why"]
    assert first == {
        "kind": "contact",
        "id": "exempel-nordlund",
        "name": "Exempla Nordlund",
        "organisation": "Exempel Nod Norr",  # the name, not the id
        "score": 1.0,
        "why": "regional kontakt för Norrbottens län",
    }
    assert obj["answer"] == render_text(answer, knowledge, today=TODAY)


def test_json_is_one_line_and_keeps_letters_readable(matcher, knowledge):
    line = render_json(matcher.answer("äldreomsorg i Karlskoga", today=TODAY), knowledge, today=TODAY)
    assert "\n" not in line
    assert "äldreomsorg" in line
    assert json.loads(line)["themes"] == ["elderly-care"]


def test_json_without_results(matcher, knowledge):
    obj = answer_object(matcher.answer("What is the capital of France?", today=TODAY), knowledge, today=TODAY)
    assert obj["results"] == []
    assert obj["intent"] == "out_of_domain"
    assert "social enterprises" in obj["answer"]


def test_why_is_in_the_answers_language(matcher, knowledge):
    obj = answer_object(matcher.answer("Who can help me in Kiruna?", today=TODAY), knowledge, today=TODAY)
    assert obj["language"] == "en"
    assert obj["results"][0]["why"] == "regional contact for Norrbotten County"


def test_text_shows_contact_details_as_published(matcher, knowledge):
    text = render_text(matcher.answer("vem kan hjälpa mig i Kiruna?", today=TODAY), knowledge, today=TODAY)
    first = next(line for line in text.splitlines() if line.startswith("1. "))
    assert first == "1. Exempla Nordlund — Kontakt"
    assert "Telefon: 000-111 22 33" in text
    assert "Varför: regional kontakt för Norrbottens län" in text


def test_text_shows_notes_before_results_and_past_events_as_past(matcher, knowledge):
    text = render_text(matcher.answer("Exempelforum", today=TODAY), knowledge, today=TODAY)
    assert "Genomfördes 10–11 november 2020" in text
    assert "Länk: https://www.exempelforum.example" in text
    widened = render_text(matcher.answer("sociala företag i Kumla", today=TODAY), knowledge, today=TODAY)
    assert widened.startswith("Jag hittade inget i Kumla självt, så jag breddade sökningen till Örebro län.")


def test_text_cuts_long_lists(matcher, knowledge):
    answer = matcher.answer("evenemang", today=TODAY)
    text = render_text(answer, knowledge, today=TODAY, shown=1)
    assert "… och 1 till" in text


def test_text_for_help_empty_and_out_of_domain(matcher, knowledge):
    assert render_text(matcher.answer("help", today=TODAY), knowledge, today=TODAY).startswith("I'm Samverka")
    assert "Skriv en fråga" in render_text(matcher.answer("", today=TODAY), knowledge, today=TODAY)
    assert "Det kan jag tyvärr inte svara på" in render_text(
        matcher.answer("Vad blir det för väder imorgon?", today=TODAY), knowledge, today=TODAY
    )
    assert render_text(matcher.answer("hej", today=TODAY), knowledge, today=TODAY).startswith("Hej!")


def test_text_shows_five_entries_and_groups_the_same_description():
    from tests.matcher_knowledge import shipped

    real = shipped()
    answer = Matcher(real).answer("sociala företag i Örebro län", today=TODAY)
    text = render_text(answer, real, today=TODAY)
    numbered = [line for line in text.splitlines() if line[:1].isdigit() and ". " in line[:4]]
    assert len(numbered) <= 5
    # Funkis, Integrera Karlskoga, Mohass and Prisma share one sentence in the source: one entry.
    assert any("Föreningen Funkis" in line and "Mohass" in line for line in numbered)
    assert text.count("Arbetsintegrerande socialt företag i Karlskoga") == 1
    assert "… och" in text


def test_latvian_text_carries_no_english_date_note():
    from tests.matcher_knowledge import shipped

    real = shipped()
    answer = Matcher(real).answer("mācību brauciens uz Stokholmu 2017", today=TODAY)
    assert answer.language == "lv"
    text = render_text(answer, real, today=TODAY)
    assert "reported on" not in text and "2017. gada septembrī" in text


def test_a_contact_without_phone_or_email_shows_the_page_that_names_them():
    from tests.matcher_knowledge import shipped

    real = shipped()
    answer = Matcher(real).answer("Admir Lukacevic", today=TODAY)
    text = render_text(answer, real, today=TODAY)
    source = real.newest_source(real.contacts["admir-lukacevic"])
    assert source is not None and source.title in text
    assert text.count("Källa:") + text.count("Source:") == 1  # once: not again as how to reach them


def test_a_list_of_several_is_compact(matcher, knowledge):
    text = render_text(matcher.answer("sociala företag i Örebro län", today=TODAY), knowledge, today=TODAY)
    # Entries in a row with the same reason say it once, above the first of them.
    blocks = [block.splitlines() for block in text.split("\n\n")]
    entries = [lines[1:] if not lines[0][:1].isdigit() else lines for lines in blocks]
    assert [entry[0][:2] for entry in entries] == ["1.", "2.", "3.", "4."]
    assert blocks[0][0] == "I Karlskoga (1–2):" and blocks[2][0].endswith("(3–4):")
    # No staff or served-regions lines in a list: what it is, what it does, where published.
    assert "Kontaktpersoner:" not in text and "Ansvarar för:" not in text and "Varför:" not in text
    assert [len(entry) for entry in entries] == [3, 3, 3, 3]


def test_a_reason_shared_by_every_entry_is_said_once_above_them() -> None:
    from bot.rendering.text import _shared_why

    same = ["1. A\n   Varför: i Karlskoga", "2. B\n   Varför: i Karlskoga", "3. C\n   Varför: i Karlskoga"]
    assert _shared_why(same, "sv") == "   Varför: i Karlskoga"
    assert _shared_why([*same[:2], "3. C\n   Varför: i Örebro"], "sv") == ""
    assert _shared_why(same[:1], "sv") == ""
