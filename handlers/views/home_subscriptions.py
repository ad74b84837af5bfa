"""The App Home tab's "Your subscriptions" section (a `runtime.hooks.home_sections` provider)."""

from __future__ import annotations

from typing import Any

from bot.knowledge.model import Lang
from bot.reminders.subscriptions import topic_label
from bot.rendering.reminder_blocks import build_subscriptions_home_section
from bot.runtime import Runtime
from bot.slack.services import Services


def register(app: Any, runtime: Runtime, services: Services) -> None:
    async def subscriptions_section(runtime: Runtime, user_id: str, lang: Lang) -> list[dict[str, Any]]:
        knowledge = runtime.snapshot.knowledge
        rows = await services.reminders.subscriptions_of(user_id)
        items = [(row.topic.kind, topic_label(knowledge, row.topic, lang)) for row in rows]
        return build_subscriptions_home_section(items, lang)

    runtime.hooks.home_sections.append(subscriptions_section)
