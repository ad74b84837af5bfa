"""What every listener sends back, built one way: a question answered from the current snapshot,
the help, the App Home view. Listeners only parse Slack's payload and call these."""

from __future__ import annotations

import logging
from typing import Any

from bot.knowledge.model import Lang
from bot.knowledge.upcoming import upcoming_events
from bot.matching.conversation import Context
from bot.rendering.blocks import BASIC_COMMANDS, COMMAND_KEYS, Message, build_answer_message, build_home_view
from bot.runtime import Runtime
from bot.slack.middleware.request_log import note_answer
from bot.slack.services import Services
from bot.understanding.slack_text import question_from_slack

logger = logging.getLogger(__name__)


def runtime_of(context: Any) -> Runtime:
    """The runtime the app's middleware put into bolt's request context."""
    return context["runtime"]


def services_of(context: Any) -> Services:
    """The services (`bot.slack.services`) the app's middleware put into bolt's request context."""
    return context["services"]


def reply_place(event: dict[str, Any]) -> dict[str, str]:
    """Where a reply to a message event goes (chat.postMessage keywords): a mention is answered in a
    thread under it (or in the thread it was in); a DM in the DM itself, or its thread if it had one."""
    thread = event.get("thread_ts") or (event.get("ts") if event.get("type") == "app_mention" else None)
    return {"channel": event["channel"], **({"thread_ts": thread} if thread else {})}


def conversation_of(event: dict[str, Any]) -> tuple[str, str]:
    """The conversation a message belongs to: its channel and thread (a top-level DM: the DM itself;
    a top-level mention: the thread its answer starts under it)."""
    if event.get("thread_ts"):
        return event["channel"], str(event["thread_ts"])
    if event.get("type") == "app_mention":
        return event["channel"], str(event.get("ts", ""))
    return event["channel"], ""


def available_commands(runtime: Runtime, user_id: str | None) -> tuple[str, ...]:
    """The /samverka sub-commands this user can run, in help order."""
    names = set(BASIC_COMMANDS) | set(runtime.hooks.subcommands)
    if runtime.is_maintainer(user_id):
        names.add("reload")
    return tuple(name for name in COMMAND_KEYS if name in names)


def answer_message(
    runtime: Runtime,
    services: Services,
    question: str,
    user_id: str | None,
    *,
    shown: int | None = None,
    share_button: bool = False,
    shared_by: str | None = None,
    conversation: tuple[str, str] | None = None,
    context: Context | None = None,
) -> Message:
    """Answer `question` and render it; remembers the asker's language for later help and App Home.
    `conversation` (channel, thread): where a follow-up ("och i Umeå?") may lean on the question before."""
    snapshot, answer = runtime.answer(question, conversation=conversation, context=context)
    if answer.question.strip():
        runtime.languages.remember(user_id, answer.language)
    if shown is None:  # a new question, not "Show more" or "Share" of one already answered
        note_answer(services.upkeep, answer, user_id)
    options: dict[str, Any] = {} if shown is None else {"shown": shown}
    return build_answer_message(
        answer,
        snapshot.knowledge,
        today=runtime.today(),
        share_button=share_button,
        shared_by=shared_by,
        event_buttons=runtime.hooks.event_buttons,
        commands=available_commands(runtime, user_id),
        stale_after_years=runtime.settings.stale_after_years,
        **options,
    )


def answer_to_event(context: Any, event: dict[str, Any]) -> dict[str, Any]:
    """A mention's or a DM's answer, ready for `chat.postMessage`: Slack's text read as a person would,
    answered with the thread's follow-up context, and placed where the question was asked."""
    question = question_from_slack(event.get("text", ""), bot_user_id=context.get("bot_user_id"))
    runtime, services = runtime_of(context), services_of(context)
    message = answer_message(runtime, services, question, event["user"], conversation=conversation_of(event))
    return {**reply_place(event), "unfurl_links": False, **message}


async def home_view(runtime: Runtime, user_id: str, lang: Lang) -> dict[str, Any]:
    """The App Home view for `user_id`, with every feature's section (a failing one is left out)."""
    sections = []
    for provider in runtime.hooks.home_sections:
        try:
            sections.append(await provider(runtime, user_id, lang))
        except Exception:
            name = getattr(provider, "__qualname__", provider)
            logger.exception("App Home section %s failed; shown without it", name)
    knowledge = runtime.snapshot.knowledge
    today = runtime.today()
    return build_home_view(
        lang,
        knowledge,
        upcoming_events(knowledge, today),
        today=today,
        commands=available_commands(runtime, user_id),
        event_buttons=runtime.hooks.event_buttons,
        sections=sections,
    )


async def publish_home(client: Any, runtime: Runtime, user_id: str) -> None:
    """(Re)draw a user's App Home tab; features call this after changing what it shows."""
    view = await home_view(runtime, user_id, runtime.languages.get(user_id))
    await client.views_publish(user_id=user_id, view=view)
