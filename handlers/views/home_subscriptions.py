"""The App Home tab's "Your subscriptions" section (a `runtime.hooks.home_sections` provider)."""

from __future__ import annotations

from typing import Any

from bot.model import Lang
from bot.reminder_text import build_subscriptions_home_section
from bot.runtime import Runtime
from bot.scheduling import service_of
from bot.subscriptions import topic_label


async def subscriptions_section(runtime: Runtime, user_id: str, lang: Lang) -> list[dict[str, Any]]:
    service = service_of(runtime)
    if service is None:
        return []
    knowledge = runtime.snapshot.knowledge
    rows = await service.subscriptions_of(user_id)
    items = [(row.topic.kind, topic_label(knowledge, row.topic, lang)) for row in rows]
    return build_subscriptions_home_section(items, lang)


def register(app: Any, runtime: Runtime) -> None:
    if service_of(runtime) is not None:
        runtime.hooks.home_sections.append(subscriptions_section)
