"""How-to questions answered by guides, relation questions by relations, places whose names fold alike,
and the shapes these answers take in text, JSON and Block Kit (on the shipped knowledge base)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.matching.conversation import Context, context_of
from bot.matching.matcher import Matcher
from bot.quality.evaluation import evaluate, load_questions
from bot.rendering.blocks import ACTION_SHOW_MORE, build_answer_message, decode_ref
from bot.rendering.json_answer import answer_object
from bot.rendering.phrases import why_all
from bot.rendering.text import render_text
from bot.understanding.places import Gazetteer
from tests.matcher_knowledge import TODAY, shipped
from tests.slack_standin import block_kit_problems, texts_of


@pytest.fixture(scope="module")
def real() -> Matcher:
    return Matcher(shipped())


def keys(answer) -> list[str]:
    return [f"{r.kind}:{r.id}" for r in answer.results]


@pytest.mark.parametrize(
    ("question", "language", "guide"),
    [
        ("Hur fungerar IOP?", "sv", "se-iop"),
        ("Vad är reserverad upphandling?", "sv", "se-reserved-contracts"),
        ("kā iegūt sociālā uzņēmuma statusu?", "lv", "lv-social-enterprise-status"),
        ("ko var darīt pašvaldība sociālo uzņēmumu atbalstam?", "lv", "lv-municipal-premises-and-tax-relief"),
    ],
)
def test_how_to_questions_are_answered_by_a_guide(real, question, language, guide):
    answer = real.answer(question, today=TODAY)
    assert answer.intent == "howto" and answer.language == language
    assert keys(answer)[0] == f"guide:{guide}"


def test_a_guide_is_rendered_briefly_in_the_askers_language(real):
    knowledge = shipped()
    answer = real.answer("kā iegūt sociālā uzņēmuma statusu?", today=TODAY)
    guide = knowledge.guides["lv-social-enterprise-status"]
    text = render_text(answer, knowledge, today=TODAY)
    first = text.split("\n\n")[0]
    assert guide.title.get("lv") in first and "Ceļvedis" in first
    assert guide.link in first and "Avots:" in first  # the link, and who published it and when
    assert len(first) < 700
    obj = answer_object(answer, knowledge, today=TODAY)
    assert obj["results"][0]["kind"] == "guide" and obj["results"][0]["why"].startswith("ceļvedis")
    message = build_answer_message(answer, knowledge, today=TODAY)
    assert block_kit_problems(message["blocks"]) == []
    assert any(guide.title.get("lv") in t for t in texts_of(message["blocks"]))


def test_ordinary_questions_are_not_taken_for_how_to(real):
    for question in (
        "arbetsintegrerande sociala företag",
        "Umeå contact",
        "Cik ir pulkstenis?",
        "MSI Syd contacts",
    ):
        answer = real.answer(question, today=TODAY)
        assert answer.intent != "howto" and not any(r.kind == "guide" for r in answer.results), question


@pytest.mark.parametrize(
    ("question", "expected", "why"),
    [
        (
            "Who funds Mötesplats Social Innovation?",
            "organisation:vinnova",
            "funds Mötesplats Social Innovation",
        ),
        ("vem finansierar MSI", "organisation:vinnova", "finansierar Mötesplats Social Innovation"),
        ("kas finansē Altum?", "organisation:labklajibas-ministrija", "finansē:"),
        ("who are Yalla Trappan's partners", "enterprise:yalla-lund", "partner of Yalla Trappan"),
    ],
)
def test_relation_questions_put_the_related_entries_first(real, question, expected, why):
    answer = real.answer(question, today=TODAY)
    assert answer.intent == "relation"
    assert expected in keys(answer)[:2]
    result = answer.results[keys(answer).index(expected)]
    assert why in why_all(result.why, shipped(), answer.language)


def test_who_funds_social_enterprises_in_sweden_lists_funders_and_the_funding_guide(real):
    answer = real.answer("Who funds social enterprises in Sweden?", today=TODAY)
    top = keys(answer)[:5]
    assert {"organisation:tillvaxtverket", "organisation:vinnova"} <= set(top)
    assert "guide:se-funding-social-enterprise" in top


# ----- places whose names fold alike ----------------------------------------------------------------


def _ambiguous() -> list[tuple[str, ...]]:
    return Gazetteer(shipped().regions).ambiguous()


def test_the_shipped_gazetteer_has_the_habo_pair():
    assert ("se-habo-jonkoping", "se-habo-uppsala") in _ambiguous()


@pytest.mark.parametrize("ids", _ambiguous())
def test_every_pair_of_places_that_fold_alike_is_settled_or_asked(real, ids):
    knowledge = shipped()
    for region_id in ids:
        region = knowledge.regions[region_id]
        county = knowledge.county_of(region_id)
        assert county is not None
        # A county named settles it.
        named = real.answer(f"sociala företag i {region.name}, {county.name}", today=TODAY)
        assert region_id in named.regions and "which_place" not in [n.code for n in named.notes]
        # The asker's earlier place in the thread (in the same county) settles it.
        other = next(r for r in knowledge.children(county.id) if r != region_id)
        followed = real.answer(
            f"och i {region.name.casefold()}?", today=TODAY, context=Context((other,), (), "enterprises")
        )
        assert region_id in followed.regions and "which_place" not in [n.code for n in followed.notes]
    # Typed without context, in folded letters: the answer asks which one, naming both counties.
    plain = real.answer(
        "sociala företag i " + knowledge.regions[ids[0]].name.encode("ascii", "ignore").decode(), today=TODAY
    )
    asked = [n for n in plain.notes if n.code == "which_place"]
    assert asked, plain.notes
    text = render_text(plain, knowledge, today=TODAY)
    for region_id in ids:
        assert knowledge.regions[region_id].name in text
        assert knowledge.county_of(region_id).name in text  # type: ignore[union-attr]


def test_habo_typed_with_its_ring_is_habo_in_uppsala(real):
    answer = real.answer("Finns det sociala företag i Håbo?", today=TODAY)
    assert answer.regions == ("se-habo-uppsala",)
    assert "which_place" not in [n.code for n in answer.notes]


def test_a_lowercase_latvian_place_in_the_locative_counts(real):
    answer = real.answer("kur ir sociālie uzņēmumi valkā", today=TODAY)
    assert answer.regions == ("lv-valkas-novads",) and answer.results


# ----- answer shape ------------------------------------------------------------------------------------


def test_slack_groups_entries_with_the_same_description_into_one_line(real):
    knowledge = shipped()
    answer = real.answer("sociala företag i Karlskoga", today=TODAY)
    message = build_answer_message(answer, knowledge, today=TODAY)
    sections = [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]
    descriptions = [
        knowledge.enterprises[r.id].description.get("sv") for r in answer.results if r.kind == "enterprise"
    ]
    for text in {d for d in descriptions if descriptions.count(d) > 1}:
        assert sum(1 for s in sections if text[:60] in s) == 1


def test_show_more_keeps_a_follow_ups_context(real):
    knowledge = shipped()
    first = real.answer("sociala företag inom arbetsintegrering i Örebro", today=TODAY)
    follow = real.answer("och i Göteborg?", today=TODAY, context=context_of(first))
    message = build_answer_message(follow, knowledge, today=TODAY, shown=1)
    button = next(
        e
        for b in message["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == ACTION_SHOW_MORE
    )
    ref = decode_ref(button["value"])
    assert ref.context is not None and "se-goteborg" in ref.context.regions
    again = real.answer(ref.question, today=TODAY, context=ref.context)
    assert keys(again) == keys(follow)


def test_a_single_contact_shows_its_source_once_in_slack(real):
    knowledge = shipped()
    answer = real.answer("Admir Lukacevic", today=TODAY)
    message = build_answer_message(answer, knowledge, today=TODAY)
    joined = "\n".join(texts_of(message["blocks"]))
    assert joined.count("Källa:") + joined.count("Source:") == 1


# ----- ask --after, eval with previous / conversation / kind ---------------------------------------------


def test_ask_after_answers_as_a_follow_up(capsys):
    assert (
        main(
            [
                "ask",
                "--json",
                "--today",
                "2026-11-23",
                "--after",
                "sociala företag inom äldreomsorg i Örebro",
                "och i Umeå?",
            ]
        )
        == 0
    )
    obj = json.loads(capsys.readouterr().out)
    assert obj["regions"] == ["se-umea"] and obj["themes"]


def test_eval_reads_previous_conversation_and_kind(tmp_path: Path):
    path = tmp_path / "q.yaml"
    path.write_text(
        """
- q: "och i Umeå?"
  previous: "sociala företag inom äldreomsorg i Örebro"
  expect: [enterprise:ung-omsorg, enterprise:brannagarden]
  kind: follow-up
- q: "hej!"
  expect: conversation
  kind: smalltalk
- q: "tack så mycket"
  expect: conversation
  kind: smalltalk
""",
        encoding="utf-8",
    )
    questions = load_questions(path)
    assert questions[0].previous and questions[1].conversation and not questions[1].wants_nothing
    report = evaluate(Matcher(shipped()), questions, today=TODAY)
    assert report.by_kind()["smalltalk"] == (2, 1.0, 1.0)
    assert report.out_of_domain == 0
    assert set(report.by_kind()) == {"follow-up", "smalltalk"}


def test_giving_verbs_are_words_not_prefixes() -> None:
    from bot.understanding.relations import relation_of

    assert relation_of("hand") == ("received", True) and relation_of("handed") == ("received", True)
    for word in ("handikapp", "handicap", "handicraft", "handling"):
        assert relation_of(word) is None, word
