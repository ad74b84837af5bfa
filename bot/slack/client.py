"""The one way a Slack Web API client is made, so every call goes to `SLACK_API_URL` with the bot token.

Answers retry on connection resets and 429 on their own; reminder delivery asks for no automatic
retries, because it decides itself when a retry is safe (exactly once).
"""

from __future__ import annotations

import aiohttp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings


def build_web_client(
    settings: Settings, *, session: aiohttp.ClientSession | None = None, retries: bool = True
) -> AsyncWebClient:
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    handlers = (
        [
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=3),
        ]
        if retries
        else []
    )
    return AsyncWebClient(
        token=token, base_url=settings.slack_api_url, session=session, timeout=15, retry_handlers=handlers
    )
