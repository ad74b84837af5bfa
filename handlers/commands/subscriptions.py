"""`/samverka subscribe <theme|place|event>`, `unsubscribe …` and `subscriptions`: sub-commands
registered in `runtime.hooks.subcommands`, on the reminder service.

Following an event means its reminders as DMs (the same as "Remind me"); following a theme or a
place means a DM about each new event that matches. "kind: name" settles an ambiguous name."""

from __future__ import annotations

from functools import partial
from typing import Any

from bot.reminders.service import ReminderService
from bot.reminders.subscriptions import Resolution, Topic, resolve_topic, topic_label
from bot.rendering.reminder_blocks import (
    build_ambiguous_reply,
    build_not_found_reply,
    build_remind_me_reply,
    build_subscribed_reply,
    build_subscriptions_reply,
    build_unsubscribed_reply,
    build_usage_reply,
)
from bot.runtime import Runtime, SubcommandRequest
from bot.slack.services import Services
from bot.understanding.text import key as text_key


async def _explain_unresolved(request: SubcommandRequest, resolution: Resolution) -> None:
    knowledge = request.runtime.snapshot.knowledge
    if resolution.topics:
        options = [(t.kind, topic_label(knowledge, t, request.lang)) for t in resolution.topics[:6]]
        await request.respond(**build_ambiguous_reply(request.args, options, request.name, request.lang))
        return
    suggestion = resolution.suggestion
    label = topic_label(knowledge, suggestion, request.lang) if suggestion else None
    await request.respond(**build_not_found_reply(request.args, label, request.lang))


async def subscribe(service: ReminderService, request: SubcommandRequest) -> None:
    runtime, lang = request.runtime, request.lang
    if not request.args.strip():
        await request.respond(**build_usage_reply("subscribe", lang))
        return
    knowledge = runtime.snapshot.knowledge
    resolution = resolve_topic(knowledge, request.args)
    topic = resolution.topic
    if topic is None:
        await _explain_unresolved(request, resolution)
        return
    tz = runtime.settings.timezone
    if topic.kind == "event":
        result = await service.remind_me(request.user_id, topic.value, lang)
        name = result.event.name if result.event else topic.value
        reply = build_remind_me_reply(
            result.status, name, lang=lang, times=result.times, now=runtime.now(), tz=tz
        )
    else:
        subscribed = await service.subscribe(request.user_id, topic, lang)
        what = topic_label(knowledge, topic, lang)
        reply = build_subscribed_reply(
            subscribed.added, what, subscribed.known, knowledge, lang=lang, now=runtime.now(), tz=tz
        )
    await request.respond(**reply)


async def unsubscribe(service: ReminderService, request: SubcommandRequest) -> None:
    runtime, lang = request.runtime, request.lang
    if not request.args.strip():
        await request.respond(**build_usage_reply("unsubscribe", lang))
        return
    knowledge = runtime.snapshot.knowledge
    mine = [row.topic for row in await service.subscriptions_of(request.user_id)]
    resolution = resolve_topic(knowledge, request.args)
    wanted = text_key(request.args.split(":", 1)[-1])
    # Their own subscriptions first: an event since removed from the knowledge base can still go.
    chosen = next((t for t in resolution.topics if t in mine), None) or next(
        (t for t in mine if wanted in (text_key(topic_label(knowledge, t, lang)), text_key(t.value))), None
    )
    if chosen is None and resolution.topic is None:
        await _explain_unresolved(request, resolution)
        return
    topic: Topic = chosen or resolution.topic  # type: ignore[assignment]
    removed = await service.unsubscribe(request.user_id, topic)
    await request.respond(**build_unsubscribed_reply(removed, topic_label(knowledge, topic, lang), lang))


async def subscriptions(service: ReminderService, request: SubcommandRequest) -> None:
    knowledge = request.runtime.snapshot.knowledge
    rows = await service.subscriptions_of(request.user_id)
    items = [(row.topic.kind, topic_label(knowledge, row.topic, request.lang)) for row in rows]
    await request.respond(**build_subscriptions_reply(items, request.lang))


def register(app: Any, runtime: Runtime, services: Services) -> None:
    service = services.reminders
    runtime.hooks.subcommands.update(
        {
            "subscribe": partial(subscribe, service),
            "unsubscribe": partial(unsubscribe, service),
            "subscriptions": partial(subscriptions, service),
        }
    )
