"""Block Kit for Slack: pure `build_…` functions from answers and knowledge to message dicts.

Nothing here talks to Slack or reads the clock, so every message is tested as data. Every text that
comes from a user or the knowledge base goes through `bot.understanding.slack_text` (escaped, so it
cannot ping),
and every message stays inside Slack's limits (50 blocks, 3,000 characters a section, 40,000 a
message): results that do not fit are cut with "… and N more", never dropped silently.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.knowledge.model import Event, Knowledge, Lang
from bot.knowledge.reload_outcome import ReloadOutcome
from bot.matching.conversation import Context, context_of
from bot.rendering import phrases
from bot.rendering.block_entries import (
    contact_lines,
    enterprise_lines,
    event_lines,
    field,
    guide_lines,
    organisation_lines,
    place_name,
)
from bot.rendering.feedback import feedback_buttons
from bot.rendering.freshness import DEFAULT_STALE_AFTER_YEARS, source_line
from bot.rendering.phrases import ui
from bot.rendering.text import FIRST_PAGE, description, grouped
from bot.understanding.answers import Answer, Result
from bot.understanding.slack_text import code_block, escape, quote, truncate

Block = dict[str, Any]
Message = dict[str, Any]  # {"text": fallback, "blocks": [...]}: chat.postMessage / respond() keywords


@dataclass(frozen=True, slots=True)
class EventButton:
    """A button shown under every event in answers, `/samverka events` and App Home ("Remind me").

    Each event's buttons sit in their own actions block, so `action_id` is the same for every event
    (register one `app.action(action_id)` listener) and the button's value is the event id.
    `label_key` is a `bot.rendering.phrases` UI key. With `url_template` ("https://host/events/{event_id}.ics")
    it is a link button; Slack still sends a click on it, so register a listener that only acks.
    `needs_day`: left out under an event known only to the month ("Add to calendar" has no day to add).
    """

    action_id: str
    label_key: str
    url_template: str | None = None
    needs_day: bool = False


MAX_BLOCKS = 50  # per message
MAX_HOME_BLOCKS = 100  # per App Home view
MAX_SECTION_CHARS = 3000
MAX_MESSAGE_CHARS = 40_000
MAX_BUTTON_VALUE = 2000
MAX_BUTTON_TEXT = 75
MAX_CONTEXT_ELEMENTS = 10

PAGE_STEP = 5  # more results per "Show more"
DESCRIPTION_CHARS = 300
ECHO_CHARS = 300
EVENTS_LISTED = 10  # in `/samverka events`
HOME_EVENTS = 5

# /samverka sub-commands the help can describe, in the order it lists them; the first two always exist.
COMMAND_KEYS = ("help", "events", "subscribe", "unsubscribe", "subscriptions", "reload")
BASIC_COMMANDS = ("help", "events")

ACTION_SHOW_MORE = "answer_show_more"
ACTION_SHARE = "answer_share"
_CARRIED_INTENTS = frozenset({"enterprises", "contact", "events"})


@dataclass(frozen=True, slots=True)
class AnswerRef:
    """What a button under an answer carries to rebuild it: the question, how many results to show,
    and who shared it (a shared answer keeps its "shared by" line when it grows)."""

    question: str
    shown: int
    shared_by: str | None = None
    context: Context | None = None  # what a follow-up leaned on ("och i Umeå?"), as ids


def encode_ref(
    question: str, shown: int, shared_by: str | None = None, context: Context | None = None
) -> str:
    """A button value for `question` (shortened to fit Slack's 2,000-character limit)."""
    text = question
    while True:
        data: dict[str, Any] = {"q": text, "n": shown}
        if shared_by:
            data["u"] = shared_by
        if context:
            data["c"] = {
                "r": list(context.regions),
                "t": list(context.themes),
                "i": context.intent,
                "e": list(context.entries),
                "m": list(context.named),
            }
        value = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        if len(value) <= MAX_BUTTON_VALUE:
            return value
        text = text[: len(text) - (len(value) - MAX_BUTTON_VALUE) - 1]


def decode_ref(value: str) -> AnswerRef:
    """The `AnswerRef` in a button value; ValueError when it is not one of ours."""
    data = json.loads(value)
    if not isinstance(data, dict) or not isinstance(data.get("q"), str) or not isinstance(data.get("n"), int):
        raise ValueError("not an answer reference")
    shared_by = data.get("u")
    return AnswerRef(
        data["q"],
        max(1, data["n"]),
        shared_by if isinstance(shared_by, str) else None,
        _context_of(data.get("c")),
    )


def _context_of(data: object) -> Context | None:
    """A follow-up's context from a button value; None when absent or not ours."""
    if not isinstance(data, dict):
        return None
    regions, themes, intent = data.get("r"), data.get("t"), data.get("i")
    entries, named = data.get("e", []), data.get("m", [])
    if not all(
        isinstance(x, list) and all(isinstance(i, str) for i in x) for x in (regions, themes, entries, named)
    ):
        return None
    if intent not in _CARRIED_INTENTS:
        intent = None
    return Context(tuple(regions), tuple(themes), intent, tuple(entries), tuple(named)) or None  # type: ignore[arg-type]


# ----- small blocks ----------------------------------------------------------------------------------
def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, MAX_SECTION_CHARS)}}


def _context(*texts: str) -> Block:
    elements = [
        {"type": "mrkdwn", "text": truncate(text, MAX_SECTION_CHARS)}
        for text in texts[:MAX_CONTEXT_ELEMENTS]
        if text
    ]
    return {"type": "context", "elements": elements}


def _header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": truncate(text, 150), "emoji": True}}


def _button(text: str, action_id: str, value: str, *, primary: bool = False) -> Block:
    button: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": truncate(text, MAX_BUTTON_TEXT), "emoji": True},
        "action_id": action_id,
        "value": value,
    }
    if primary:
        button["style"] = "primary"
    return button


def event_actions(event: Event, buttons: Sequence[EventButton], lang: Lang, today: date) -> list[Block]:
    """The buttons under one event (answers, App Home, reminders), only where they can still mean
    something: none once it is past, no `needs_day` one ("Add to calendar") without a day."""
    if event.status(today) == "past":
        return []
    elements: list[Block] = []
    for spec in buttons:
        if spec.needs_day and event.start.precision == "month":
            continue
        if spec.url_template:
            elements.append(
                {
                    "type": "button",
                    "text": {
                        "type": "plain_text",
                        "text": truncate(ui(spec.label_key, lang), MAX_BUTTON_TEXT),
                    },
                    "action_id": spec.action_id,
                    "url": spec.url_template.format(event_id=event.id),
                }
            )
        else:
            elements.append(_button(ui(spec.label_key, lang), spec.action_id, event.id))
    return [{"type": "actions", "elements": elements[:25]}] if elements else []


def _chars(blocks: Sequence[Block]) -> int:
    return len(json.dumps(blocks, ensure_ascii=False))


# ----- one result ------------------------------------------------------------------------------------
def _result_blocks(
    result: Result,
    knowledge: Knowledge,
    lang: Lang,
    today: date,
    event_buttons: Sequence[EventButton],
    *,
    single: bool = False,
) -> list[Block]:
    """A compact section for one result, its reasons as context, and buttons under an event.
    `single`: the only result, whose source line follows, so its own "Source:" line is left out."""
    lines: list[str]
    extra: list[Block] = []
    if result.kind == "enterprise" and result.id in knowledge.enterprises:
        lines = enterprise_lines(knowledge.enterprises[result.id], knowledge, lang)
    elif result.kind == "contact" and result.id in knowledge.contacts:
        lines = contact_lines(knowledge.contacts[result.id], knowledge, lang)
    elif result.kind == "organisation" and result.id in knowledge.organisations:
        lines = organisation_lines(knowledge.organisations[result.id], knowledge, lang)
    elif result.kind == "event" and result.id in knowledge.events:
        event = knowledge.events[result.id]
        lines = event_lines(event, knowledge, lang, today)
        extra = event_actions(event, event_buttons, lang, today)
    elif result.kind == "guide" and result.id in knowledge.guides:
        lines = guide_lines(knowledge.guides[result.id], knowledge, lang)
    else:  # a result from another snapshot: show what the answer itself carries
        lines = [f"*{escape(result.name)}*"]
    if single:
        label = ui("field.source", lang) + ":"
        lines = [line for line in lines if not line.startswith(label)]
    why = [
        f"_{ui(f'kind.{result.kind}', lang)}_",
        *(escape(phrases.why(r, knowledge, lang)) for r in result.why),
    ]
    return [_section("\n".join(line for line in lines if line)), _context(" · ".join(why)), *extra]


def _group_blocks(group: list[Result], knowledge: Knowledge, lang: Lang) -> list[Block]:
    """Entries a source describes in the same words, as one line: their names, the description once,
    their places, and their reasons without repeats (as the text answer does)."""
    first = group[0]
    names = ", ".join(f"*{escape(r.name)}*" for r in group)
    lines = [names, escape(truncate(description(first, knowledge, lang), DESCRIPTION_CHARS))]
    if first.kind == "enterprise":
        places = dict.fromkeys(
            place_name(knowledge, knowledge.enterprises[r.id].municipality, lang)
            for r in group
            if r.id in knowledge.enterprises
        )
        lines.append(field("field.place", escape(", ".join(p for p in places if p)), lang))
    reasons = dict.fromkeys(escape(phrases.why(w, knowledge, lang)) for r in group for w in r.why)
    why = [f"_{ui(f'kind.{first.kind}', lang)}_", *reasons]
    return [_section("\n".join(line for line in lines if line)), _context(" · ".join(why))]


# ----- answers ------------------------------------------------------------------------------------------
def _fallback(answer: Answer, knowledge: Knowledge, shown: Sequence[Result], lang: Lang) -> str:
    if not answer.results:
        notes = [phrases.note(n, knowledge, lang) for n in answer.notes]
        return escape(" ".join(notes) or ui("results.none", lang))
    names = ", ".join(r.name for r in shown)
    more = len(answer.results) - len(shown)
    text = ui("slack.results", lang, names=names)
    if more > 0:
        text += " " + ui("results.more", lang, n=more)
    return escape(truncate(text, 3000))


def build_answer_message(
    answer: Answer,
    knowledge: Knowledge,
    *,
    today: date,
    shown: int = FIRST_PAGE,
    share_button: bool = False,
    shared_by: str | None = None,
    event_buttons: Sequence[EventButton] = (),
    stale_after_years: int = DEFAULT_STALE_AFTER_YEARS,
    commands: Sequence[str] = BASIC_COMMANDS,
) -> Message:
    """The answer to one question: notes, then per result a section and its reasons, then buttons.

    `shown` results are rendered (more only if they fit); "Show more" appears while more exist;
    `share_button` adds "Share in channel" (ephemeral answers); `shared_by` is a user id heading a
    shared answer. A help question gets the help message (`commands` as in `build_help_message`).
    """
    lang = answer.language
    if answer.intent == "help":
        return build_help_message(lang, commands=commands)
    head: list[Block] = []
    if shared_by:
        head.append(_context(ui("slack.shared_by", lang, user=f"<@{shared_by}>")))
    if answer.question.strip():
        head.append(_context(quote(truncate(answer.question, ECHO_CHARS))))
    for note in answer.notes:
        head.append(_section(escape(phrases.note(note, knowledge, lang))))
    if not answer.results and not answer.notes:
        head.append(_section(escape(ui("results.none", lang))))

    # Entries a source describes in the same words are one line, as in the text answer; `shown` counts lines.
    wanted = grouped(answer.results, knowledge, lang)[: max(1, shown)]
    body: list[Block] = []
    rendered: list[Result] = []
    lines_shown = 0
    reserve = 2  # the "… and N more" context and the buttons row
    single = len(answer.results) == 1
    for group in wanted:
        if len(group) > 1:
            blocks = _group_blocks(group, knowledge, lang)
        else:
            blocks = _result_blocks(group[0], knowledge, lang, today, event_buttons, single=single)
        verified = (
            source_line(group[0], knowledge, lang, today=today, stale_after_years=stale_after_years)
            if single
            else None
        )
        if verified:  # an answer about one entry says how fresh its facts are
            blocks.insert(2, _context(escape(verified)))
        candidate = head + body + blocks
        if len(candidate) + reserve > MAX_BLOCKS or _chars(candidate) > MAX_MESSAGE_CHARS - 6000:
            break
        body.extend(blocks)
        rendered.extend(group)
        lines_shown += 1

    tail: list[Block] = []
    hidden = len(answer.results) - len(rendered)
    if hidden > 0:
        tail.append(_context(escape(ui("results.more", lang, n=hidden))))
    buttons: list[Block] = []
    room_for_more = lines_shown == len(wanted)  # nothing was cut for size, so a bigger page may fit
    # A follow-up ("och i Umeå?") keeps what it leaned on when the list grows or is shared.
    carried = context_of(answer) if any(n.code == "follow_up" for n in answer.notes) else None
    if hidden > 0 and room_for_more:
        next_ref = encode_ref(answer.question, lines_shown + PAGE_STEP, shared_by, carried)
        buttons.append(_button(ui("slack.show_more", lang), ACTION_SHOW_MORE, next_ref))
    if share_button and answer.results:
        buttons.append(
            _button(
                ui("slack.share", lang),
                ACTION_SHARE,
                encode_ref(answer.question, lines_shown, context=carried),
                primary=True,
            )
        )
    if answer.question.strip():
        buttons.extend(feedback_buttons(answer.question, rendered, lang))  # 👍/👎 (bot.rendering.feedback)
    if buttons:
        tail.append({"type": "actions", "elements": buttons})
    return {"text": _fallback(answer, knowledge, rendered, lang), "blocks": head + body + tail}


# ----- help, events, home -----------------------------------------------------------------------------------


def _command_lines(commands: Sequence[str], lang: Lang) -> str:
    return "\n".join(f"• {ui(f'slack.cmd.{name}', lang)}" for name in COMMAND_KEYS if name in commands)


def build_help_message(lang: Lang, *, commands: Sequence[str] = BASIC_COMMANDS) -> Message:
    """What Samverka does, examples in `lang`, how to ask in Slack, and the sub-commands available
    to this user (`commands`: names from `COMMAND_KEYS`)."""
    blocks = [_section(ui("help", lang)), _section(ui("slack.how_to", lang))]
    lines = _command_lines(commands, lang)
    if lines:
        blocks.append(_section(f"*{ui('slack.commands', lang)}*\n{lines}"))
    blocks.append(_context(ui("slack.languages", lang)))
    return {"text": ui("help", lang).split("\n", 1)[0], "blocks": blocks}


def _event_list_blocks(
    events: Sequence[Event],
    knowledge: Knowledge,
    lang: Lang,
    today: date,
    event_buttons: Sequence[EventButton],
) -> list[Block]:
    blocks: list[Block] = []
    for event in events:
        lines = event_lines(event, knowledge, lang, today)
        blocks.append(_section("\n".join(line for line in lines[:4] if line)))
        blocks.extend(event_actions(event, event_buttons, lang, today))
    return blocks


def build_events_message(
    events: Sequence[Event],
    knowledge: Knowledge,
    lang: Lang,
    *,
    today: date,
    event_buttons: Sequence[EventButton] = (),
) -> Message:
    """`/samverka events`: the upcoming events, soonest first (`events` already selected and ordered)."""
    title = ui("slack.events.title", lang)
    if not events:
        return {
            "text": ui("slack.events.none", lang),
            "blocks": [_header(title), _section(ui("slack.events.none", lang))],
        }
    listed = list(events[:EVENTS_LISTED])
    blocks = [_header(title), *_event_list_blocks(listed, knowledge, lang, today, event_buttons)]
    hidden = len(events) - len(listed)
    if hidden > 0:
        blocks.append(_context(escape(ui("results.more", lang, n=hidden))))
    names = ", ".join(event.name for event in listed)
    return {"text": escape(truncate(f"{title}: {names}", 3000)), "blocks": blocks[:MAX_BLOCKS]}


def build_home_view(
    lang: Lang,
    knowledge: Knowledge,
    upcoming: Sequence[Event],
    *,
    today: date,
    commands: Sequence[str] = BASIC_COMMANDS,
    event_buttons: Sequence[EventButton] = (),
    sections: Sequence[Sequence[Block]] = (),
) -> dict[str, Any]:
    """The App Home tab: what Samverka is, examples, upcoming events, then features' own `sections`
    (a user's subscriptions), and the knowledge version it answers from."""
    blocks: list[Block] = [
        _header("Samverka"),
        _section(ui("help", lang)),
        _section(ui("slack.how_to", lang)),
    ]
    lines = _command_lines(commands, lang)
    if lines:
        blocks.append(_section(f"*{ui('slack.commands', lang)}*\n{lines}"))
    blocks += [{"type": "divider"}, _header(ui("slack.events.title", lang))]
    shown = list(upcoming[:HOME_EVENTS])
    if shown:
        blocks += _event_list_blocks(shown, knowledge, lang, today, event_buttons)
        if len(upcoming) > len(shown):
            blocks.append(_context(escape(ui("results.more", lang, n=len(upcoming) - len(shown)))))
    else:
        blocks.append(_section(ui("slack.events.none", lang)))
    footer = [
        {"type": "divider"},
        _context(
            ui("slack.languages", lang),
            escape(ui("slack.knowledge_version", lang, version=knowledge.version)),
        ),
    ]
    for section in sections:
        if len(blocks) + len(section) + len(footer) + 1 > MAX_HOME_BLOCKS:
            break
        blocks += [{"type": "divider"}, *section]
    return {"type": "home", "blocks": blocks + footer}


# ----- replies to sub-commands ----------------------------------------------------------------------------
def build_text_message(text: str) -> Message:
    """A one-paragraph reply (errors, refusals); `text` is ours, already safe mrkdwn."""
    return {"text": text, "blocks": [_section(text)]}


def build_reload_message(outcome: ReloadOutcome, lang: Lang, *, max_problems: int = 30) -> Message:
    """The result of `/samverka reload`: the version now served, or why the old one still is."""
    if outcome.ok:
        key = "slack.reload.ok" if outcome.changed else "slack.reload.unchanged"
        return build_text_message(escape(ui(key, lang, version=outcome.version)))
    head = escape(ui("slack.reload.failed", lang, count=len(outcome.problems), version=outcome.version))
    listed = "\n".join(outcome.problems[:max_problems])
    more = len(outcome.problems) - max_problems
    if more > 0:
        listed += "\n" + ui("results.more", lang, n=more)
    return {
        "text": head,
        "blocks": [_section(head), _section(code_block(truncate(listed, MAX_SECTION_CHARS - 200)))],
    }
