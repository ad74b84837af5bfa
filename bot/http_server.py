"""HTTP mode: the bolt app behind aiohttp's production web server.

Events, slash commands and interactivity all arrive at POST /slack/events; bolt verifies the
signature, acknowledges at once and runs the listener afterwards, so Slack's 3-second limit holds
under concurrent load. GET /healthz reports the knowledge version being served; features add their
own routes through `runtime.hooks.add_route` (e.g. GET /events.ics).
"""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

from bot.runtime import Runtime

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
MAX_BODY_BYTES = 1024 * 1024  # Slack's payloads are far smaller; anything bigger is not from Slack


def build_web_app(bolt_app: AsyncApp, runtime: Runtime) -> web.Application:
    """The aiohttp application serving Slack and the health check (and any feature routes)."""

    async def slack_events(request: web.Request) -> web.StreamResponse:
        bolt_response = await bolt_app.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(bolt_response)

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "knowledge_version": runtime.snapshot.version})

    web_app = web.Application(client_max_size=MAX_BODY_BYTES)
    web_app.router.add_post(EVENTS_PATH, slack_events)
    web_app.router.add_get("/healthz", healthz)
    for method, path, handler in runtime.hooks.http_routes:
        web_app.router.add_route(method, path, handler)
    return web_app


async def serve_http(web_app: web.Application, *, host: str, port: int, stop: asyncio.Event) -> None:
    """Serve `web_app` until `stop` is set, then stop taking requests and let in-flight ones finish."""
    # At shutdown, requests in flight get 2 s: an acknowledgement is due within Slack's 3 s anyway,
    # and the answers themselves are drained afterwards (bot.commands.run), all within 10 s.
    runner = web.AppRunner(web_app, handle_signals=False, access_log=None, shutdown_timeout=2.0)
    await runner.setup()
    site = web.TCPSite(runner, host, port, backlog=1024, reuse_address=True)
    try:
        await site.start()
    except OSError as exc:
        await runner.cleanup()
        raise OSError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    logger.info("HTTP mode: listening on %s:%d, Slack requests at %s", host, port, EVENTS_PATH)
    try:
        await stop.wait()
    finally:
        logger.info("HTTP mode: shutting down")
        await runner.cleanup()
