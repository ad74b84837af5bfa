"""`/samverka …`: help, a question (answered only to the asker, with a Share button), `events`,
maintainer-only `reload`, and sub-commands other features register in `runtime.hooks.subcommands`
(`subscribe`, `unsubscribe`, `subscriptions`)."""

from __future__ import annotations

from typing import Any

from bot.knowledge.model import Lang
from bot.knowledge.upcoming import upcoming_events
from bot.rendering.blocks import (
    build_events_message,
    build_help_message,
    build_reload_message,
    build_text_message,
)
from bot.rendering.phrases import ui
from bot.runtime import Runtime, SubcommandRequest
from bot.slack.knowledge_watch import KnowledgeWatcher
from bot.slack.replies import answer_message, available_commands, runtime_of, services_of
from bot.understanding.slack_text import question_from_slack

# `/samverka help` in each language; the help answers in the language of the word used.
HELP_WORDS: dict[str, Lang] = {
    "help": "en",
    "hjälp": "sv",
    "hjalp": "sv",
    "palīdzība": "lv",
    "palidziba": "lv",
}


async def samverka(ack: Any, command: dict[str, Any], respond: Any, context: Any, client: Any) -> None:
    await ack()  # within Slack's 3 seconds, before any work
    runtime = runtime_of(context)
    user_id = command.get("user_id", "")
    # Slack escapes &, < and > in the text (and with should_escape, mentions are tokens): read it as
    # the question the person typed, the same way as a mention or a DM.
    text = " ".join(question_from_slack(command.get("text") or "", bot_user_id=runtime.bot_user_id).split())
    name, _, args = text.partition(" ")
    name = name.casefold()
    lang = runtime.languages.get(user_id)

    if not text or (name in HELP_WORDS and not args):
        help_lang = HELP_WORDS.get(name, lang)
        await respond(**build_help_message(help_lang, commands=available_commands(runtime, user_id)))
    elif name == "events" and not args:  # "events in Örebro" is a question for the matcher
        await respond(**_events(runtime, lang))
    elif name == "reload" and not args:
        await respond(**await _reload(runtime, services_of(context).knowledge, user_id, lang))
    elif name in runtime.hooks.subcommands:  # the feature that registered it decides what args mean
        request = SubcommandRequest(
            name=name,
            args=args,
            user_id=user_id,
            channel_id=command.get("channel_id", ""),
            lang=lang,
            runtime=runtime,
            client=client,
            respond=respond,
            body=command,
        )
        await runtime.hooks.subcommands[name](request)
    else:
        await respond(**answer_message(runtime, services_of(context), text, user_id, share_button=True))


def _events(runtime: Runtime, lang: Lang) -> dict[str, Any]:
    knowledge = runtime.snapshot.knowledge
    today = runtime.today()
    return build_events_message(
        upcoming_events(knowledge, today),
        knowledge,
        lang,
        today=today,
        event_buttons=runtime.hooks.event_buttons,
    )


async def _reload(runtime: Runtime, watcher: KnowledgeWatcher, user_id: str, lang: Lang) -> dict[str, Any]:
    if not runtime.is_maintainer(user_id):
        return build_text_message(ui("slack.reload.denied", lang))
    # The same reload as the file watcher's: an invalid edit is also DMed to the other maintainers.
    result = await watcher.reload()
    return build_reload_message(result.outcome, lang)
