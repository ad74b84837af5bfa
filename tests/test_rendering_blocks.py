"""Block Kit builders, tested as data: content, escaping, buttons and Slack's limits."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from types import MappingProxyType

import pytest

from bot.knowledge.model import LANGS, Lang, Text
from bot.knowledge.reload_outcome import ReloadOutcome
from bot.knowledge.upcoming import upcoming_events
from bot.rendering.blocks import (
    ACTION_SHARE,
    ACTION_SHOW_MORE,
    FIRST_PAGE,
    PAGE_STEP,
    EventButton,
    build_answer_message,
    build_events_message,
    build_help_message,
    build_home_view,
    build_reload_message,
    decode_ref,
    encode_ref,
)
from bot.rendering.feedback import FEEDBACK_ACTIONS
from bot.understanding.answers import Answer, Note, Reason, Result
from tests.slack_standin import block_kit_problems, texts_of
from tests.tiny_knowledge import tiny_knowledge

TODAY = date(2026, 11, 23)
LIVE = ("<!channel>", "<!here>", "<!everyone>", "<@U", "<#C")


def _answer(
    results: tuple[Result, ...], *, question: str = "elderly care", lang: Lang = "en", **kw
) -> Answer:
    return Answer(
        question, lang, kw.pop("intent", "enterprises"), (), (), results, knowledge_version="v", **kw
    )


def _enterprises(knowledge, n: int | None = None) -> tuple[Result, ...]:
    ids = list(knowledge.enterprises)[:n]
    return tuple(
        Result(
            "enterprise",
            i,
            knowledge.enterprises[i].name,
            1 - k / 100,
            (Reason("in_place", MappingProxyType({"place": "se-exempelby"})),),
        )
        for k, i in enumerate(ids)
    )


def _buttons(message: dict) -> dict[str, dict]:
    """The answer's own buttons (👍/👎, under every answer, are tested in test_feedback.py)."""
    elements = (e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"])
    return {e["action_id"]: e for e in elements if e["action_id"] not in FEEDBACK_ACTIONS}


def test_an_enterprise_answer_shows_what_where_who_and_why() -> None:
    knowledge = tiny_knowledge()
    message = build_answer_message(_answer(_enterprises(knowledge)), knowledge, today=TODAY)
    assert block_kit_problems(message["blocks"]) == []
    texts = "\n".join(texts_of(message["blocks"]))
    assert ">elderly care" in texts  # the question, quoted
    assert "*<https://example.org/foretag|Exempel Företag 1>*" in texts
    assert "A made-up social enterprise no. 1." in texts
    assert "Place: Exempelby" in texts
    assert "Exempel Person, development manager, Exempel nod" in texts
    assert "Phone 000-000 00 00" in texts and "<mailto:exempel@example.org|exempel@example.org>" in texts
    assert "_Social enterprise_ · in Exempelby" in texts
    assert message["text"] == "Results: Exempel Företag 1"
    assert _buttons(message) == {}


def test_the_answer_is_in_the_answers_language() -> None:
    knowledge = tiny_knowledge()
    message = build_answer_message(_answer(_enterprises(knowledge), lang="sv"), knowledge, today=TODAY)
    texts = "\n".join(texts_of(message["blocks"]))
    assert "Ett påhittat socialt företag nummer 1." in texts
    assert "Plats: Exempelby" in texts and "_Socialt företag_ · i Exempelby" in texts


def test_show_more_pages_through_the_results() -> None:
    knowledge = tiny_knowledge(enterprises=12)
    answer = _answer(_enterprises(knowledge))
    first = build_answer_message(answer, knowledge, today=TODAY)
    assert sum(b["type"] == "section" for b in first["blocks"]) == FIRST_PAGE
    more = _buttons(first)[ACTION_SHOW_MORE]
    ref = decode_ref(more["value"])
    assert ref.question == "elderly care" and ref.shown == FIRST_PAGE + PAGE_STEP
    assert f"… and {12 - FIRST_PAGE} more" in texts_of(first["blocks"])
    assert first["text"].endswith(f"… and {12 - FIRST_PAGE} more")
    second = build_answer_message(answer, knowledge, today=TODAY, shown=ref.shown)
    assert sum(b["type"] == "section" for b in second["blocks"]) == ref.shown
    last = build_answer_message(answer, knowledge, today=TODAY, shown=12)
    assert ACTION_SHOW_MORE not in _buttons(last)
    assert not any("more" in t for t in texts_of(last["blocks"]))


def test_share_button_carries_the_question_and_page() -> None:
    knowledge = tiny_knowledge(enterprises=5)
    message = build_answer_message(
        _answer(_enterprises(knowledge)), knowledge, today=TODAY, share_button=True
    )
    share = _buttons(message)[ACTION_SHARE]
    assert decode_ref(share["value"]).shown == FIRST_PAGE
    shared = build_answer_message(_answer(_enterprises(knowledge)), knowledge, today=TODAY, shared_by="U42")
    assert texts_of(shared["blocks"])[0] == "<@U42> shared an answer from Samverka"
    assert ACTION_SHARE not in _buttons(shared)


def test_many_results_are_cut_to_slacks_limits_with_a_count() -> None:
    knowledge = tiny_knowledge(enterprises=60)
    big = {
        key: e.model_copy(update={"description": Text(en=f"{key} " + "word " * 2000)})
        for key, e in knowledge.enterprises.items()
    }
    knowledge = dataclasses.replace(knowledge, enterprises=MappingProxyType(big))
    answer = _answer(
        _enterprises(knowledge),
        notes=(Note("widened", MappingProxyType({"place": "se-exempelby", "county": "se-testlan"})),),
    )
    message = build_answer_message(answer, knowledge, today=TODAY, shown=60)
    assert block_kit_problems(message["blocks"]) == []
    assert len(json.dumps(message, ensure_ascii=False)) < 40_000
    shown = sum(
        1 for b in message["blocks"] if b["type"] == "section" and "Exempel Företag" in b["text"]["text"]
    )
    assert 0 < shown < 60
    assert f"… and {60 - shown} more" in texts_of(message["blocks"])
    assert ACTION_SHOW_MORE not in _buttons(message)  # a bigger page would not fit either


def test_nothing_in_user_or_knowledge_text_can_ping() -> None:
    knowledge = tiny_knowledge()
    firm = knowledge.enterprises["exempel-foretag-1"].model_copy(
        update={"name": "<!channel> & <@U1> Corp", "description": Text(en="Call <!here>")}
    )
    knowledge = dataclasses.replace(knowledge, enterprises=MappingProxyType({firm.id: firm}))
    results = (
        Result(
            "enterprise",
            firm.id,
            firm.name,
            1.0,
            (Reason("name", MappingProxyType({"text": "<!everyone>"})),),
        ),
    )
    question = "<!channel> <@U999> <#C1|x> who?"
    message = build_answer_message(
        _answer(results, question=question), knowledge, today=TODAY, share_button=True
    )
    shown = "\n".join([message["text"], *texts_of(message["blocks"])])  # button values are never shown
    assert not any(live in shown for live in LIVE)
    assert "&lt;!channel&gt; &amp; &lt;@U1&gt; Corp" in shown
    assert "&lt;!channel&gt; &lt;@U999&gt;" in shown


def test_events_show_when_where_organiser_and_plugged_in_buttons() -> None:
    knowledge = tiny_knowledge()
    result = Result(
        "event",
        "exempel-dagen",
        "Exempeldagen",
        1.0,
        (Reason("event_upcoming", MappingProxyType({"event": "exempel-dagen"})),),
    )
    buttons = (
        EventButton("remind_me", "slack.show_more"),
        EventButton(
            "add_to_calendar", "field.link", url_template="https://bot.example/events/{event_id}.ics"
        ),
    )
    message = build_answer_message(_answer((result,)), knowledge, today=TODAY, event_buttons=buttons)
    assert block_kit_problems(message["blocks"]) == []
    texts = "\n".join(texts_of(message["blocks"]))
    assert "Takes place 10–11 May 2030" in texts
    assert "Place: Exempelhallen, Exempelby" in texts and "Organiser: Exempel nod" in texts
    found = _buttons(message)
    assert found["remind_me"]["value"] == "exempel-dagen"
    assert found["add_to_calendar"]["url"] == "https://bot.example/events/exempel-dagen.ics"


def test_contacts_and_organisations_render_as_published() -> None:
    knowledge = tiny_knowledge()
    results = (
        Result(
            "contact",
            "exempel-person",
            "Exempel Person",
            1.0,
            (Reason("regional_contact", MappingProxyType({"place": "se-testlan"})),),
        ),
        Result("organisation", "exempel-nod", "Exempel nod", 0.9, ()),
    )
    message = build_answer_message(_answer(results), knowledge, today=TODAY)
    assert block_kit_problems(message["blocks"]) == []
    texts = texts_of(message["blocks"])
    contact = texts[1]
    assert contact.startswith("*Exempel Person*\ndevelopment manager, Exempel nod · Phone 000-000 00 00")
    assert "Responsible for: Testlän" in contact
    assert texts[3].startswith("*<https://example.org/nod|Exempel nod>*\nEn påhittad nod för tester.")


def test_nothing_found_says_so() -> None:
    knowledge = tiny_knowledge()
    message = build_answer_message(_answer((), notes=(Note("nothing_found"),)), knowledge, today=TODAY)
    assert block_kit_problems(message["blocks"]) == []
    assert message["text"] == "I found nothing in the knowledge base that answers the question."
    assert _buttons(message) == {}


def test_a_help_question_gets_the_help_message() -> None:
    knowledge = tiny_knowledge()
    message = build_answer_message(_answer((), intent="help", lang="lv"), knowledge, today=TODAY)
    assert message == build_help_message("lv")


@pytest.mark.parametrize("lang", LANGS)
def test_help_lists_only_the_commands_available(lang: Lang) -> None:
    plain = "\n".join(texts_of(build_help_message(lang)["blocks"]))
    assert "/samverka events" in plain and "/samverka subscribe" not in plain and "reload" not in plain
    full = build_help_message(lang, commands=("help", "events", "subscribe", "reload"))
    assert block_kit_problems(full["blocks"]) == []
    assert "/samverka subscribe" in "\n".join(texts_of(full["blocks"]))


@pytest.mark.parametrize("lang", LANGS)
def test_events_message_and_home_view(lang: Lang) -> None:
    knowledge = tiny_knowledge()
    upcoming = upcoming_events(knowledge, TODAY)
    assert [e.id for e in upcoming] == ["exempel-dagen"]
    message = build_events_message(upcoming, knowledge, lang, today=TODAY)
    assert block_kit_problems(message["blocks"]) == []
    assert "Exempeldagen" in message["text"]
    empty = build_events_message([], knowledge, lang, today=TODAY)
    assert block_kit_problems(empty["blocks"]) == []
    extra = [{"type": "section", "text": {"type": "mrkdwn", "text": "Your subscriptions: none"}}]
    home = build_home_view(lang, knowledge, upcoming, today=TODAY, sections=[extra])
    assert home["type"] == "home"
    assert block_kit_problems(home["blocks"], max_blocks=100) == []
    texts = texts_of(home["blocks"])
    assert "Your subscriptions: none" in texts and any("v-tiny" in t for t in texts)


def test_upcoming_events_keep_todays_and_order_by_start() -> None:
    knowledge = tiny_knowledge()
    assert upcoming_events(knowledge, date(2030, 5, 11))[0].id == "exempel-dagen"  # its last day
    assert upcoming_events(knowledge, date(2030, 5, 12)) == []
    assert [e.id for e in upcoming_events(knowledge, date(2018, 1, 1))] == ["gamla-dagen", "exempel-dagen"]


def test_reload_messages() -> None:
    ok = build_reload_message(ReloadOutcome(True, "v2", "v1"), "en")
    assert ok["text"] == "The knowledge base is loaded: version v2."
    same = build_reload_message(ReloadOutcome(True, "v1", "v1"), "en")
    assert "has not changed" in same["text"]
    problems = tuple(f"events.yaml:{n}: bad <date>" for n in range(40))
    failed = build_reload_message(ReloadOutcome(False, "v1", "v1", problems), "sv")
    assert block_kit_problems(failed["blocks"]) == []
    assert failed["text"].startswith("Kunskapsbasen har 40 fel, så jag fortsätter med version v1")
    listing = failed["blocks"][1]["text"]["text"]
    assert "events.yaml:0: bad &lt;date&gt;" in listing and "… och 10 till" in listing


def test_button_references_fit_slack_and_round_trip() -> None:
    assert decode_ref(encode_ref("x", 8)).shown == 8
    long = 'å"\\' * 3000
    value = encode_ref(long, 3)
    assert len(value) <= 2000
    ref = decode_ref(value)
    assert long.startswith(ref.question) and ref.shown == 3
    with pytest.raises(ValueError):
        decode_ref('{"q": 1}')
