"""HTTP mode: the bolt app behind aiohttp's production web server.

Events, slash commands and interactivity all arrive at POST /slack/events. The signature is checked
here, strictly, on the raw bytes, before anything parses the body or bolt sees the request
(`bot.slack.signature`: slack-bolt 1.30 lets a malformed timestamp through to its error handler);
a refused request gets 401 and one capped log line (`bot.slack.rejections`), never its body in a log.
A verified request seen before (same timestamp and signature) is acknowledged and not handled
again. bolt then acknowledges at once and runs the listener afterwards, so Slack's 3-second limit
holds under load. GET (and HEAD) /healthz reports the knowledge version being served; features add
their own routes through `runtime.hooks.add_route` (e.g. GET /events.ics).

Slow clients: a connection that has not sent a whole request head within HTTP_READ_TIMEOUT is
closed (aiohttp's keep-alive timer runs from the moment a connection opens), a body must arrive
within as long again, and open connections are capped (HTTP_MAX_CONNECTIONS, and below the
open-file limit): at the cap the longest-idle connection is closed to make room, so a flood of slow
clients cannot starve /healthz.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import resource
import socket
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from aiohttp.web_protocol import RequestHandler
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.runtime import Runtime
from bot.slack.rejections import CappedLog
from bot.slack.shared_state import SharedSeen, first_time
from bot.slack.signature import VERIFIED, SignedRequest, check_signature

logger = logging.getLogger(__name__)
rejected_logger = logging.getLogger("samverka.rejected")

EVENTS_PATH = "/slack/events"
MAX_BODY_BYTES = 1024 * 1024  # Slack's payloads are far smaller; anything bigger is not from Slack
MAX_CONNECTIONS = 1000  # at most (HTTP_MAX_CONNECTIONS); lowered to fit the open-file limit
FILE_RESERVE = 200  # descriptors kept for the database, the Web API client, log files, knowledge reads


def connection_cap(limit: int = MAX_CONNECTIONS) -> int:
    """Open connections to allow: `limit`, less when the open-file limit would not hold them."""
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return limit
    return max(16, min(limit, soft - FILE_RESERVE))


def raise_file_limit() -> None:
    """Use the open-file limit the system allows (the soft limit is often 1,024 of a far higher hard
    one), so connections, the database and the Web API client do not run out of descriptors."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        except (ValueError, OSError):
            logger.debug("could not raise the open-file limit from %d", soft)


class RequestGate:
    """Everything a request to /slack/events passes before bolt: size, time, signature, replay."""

    def __init__(
        self, bolt_app: AsyncApp, runtime: Runtime, *, clock: Callable[[], float] = time.time
    ) -> None:
        settings = runtime.settings
        secret = settings.slack_signing_secret
        self._secret = secret.get_secret_value() if secret is not None else ""
        self._bolt = bolt_app
        self._runtime = runtime
        self._clock = clock
        self._read_timeout = settings.http_read_timeout
        self.rejections = CappedLog(rejected_logger, what="requests refused")

    def refuse(self, request: web.Request, status: int, reason: str, size: int | None) -> web.Response:
        """One capped line (reason, size, client address) and a short answer; never the body."""
        self.rejections.note(
            reason,
            "refused %s %s: %s (%s bytes, from %s) -> %d",
            request.method,
            request.path,
            reason,
            "?" if size is None else size,
            request.remote or "?",
            status,
        )
        return web.json_response({"error": reason}, status=status)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        declared = request.content_length
        if declared is not None and declared > MAX_BODY_BYTES:
            return self.refuse(request, 413, "body too large", declared)
        try:
            async with asyncio.timeout(self._read_timeout):
                raw = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return self.refuse(request, 413, "body too large", declared)
        except TimeoutError:
            return self.refuse(request, 408, "body too slow", declared)
        headers = request.headers
        verdict = check_signature(
            self._secret,
            raw,
            headers.getall("X-Slack-Request-Timestamp", []),
            headers.getall("X-Slack-Signature", []),
            now=self._clock(),
        )
        if not isinstance(verdict, SignedRequest):
            return self.refuse(request, 401, verdict, len(raw))
        try:
            bolt_request = AsyncBoltRequest(
                body=raw.decode("utf-8"),
                query=request.query_string,
                headers=headers,  # type: ignore[arg-type]
                context={VERIFIED: True},
            )
        except UnicodeDecodeError:
            return self.refuse(request, 400, "signed body is not UTF-8", len(raw))
        except (ValueError, RecursionError, TypeError, AttributeError, KeyError, IndexError):
            # bolt parses the body and reads ids out of it while building the request
            return self.refuse(request, 400, "signed body is not a Slack payload", len(raw))
        if not isinstance(bolt_request.body, dict):
            return self.refuse(request, 400, "signed body is not a Slack payload", len(raw))
        # A signed request is good for five minutes: whoever captured one could send it again. An
        # event's retries and replays share its event_id, which app.py checks across processes, so
        # here this process's memory is enough for events (one database round trip fewer).
        seen = self._runtime.seen_requests
        if bolt_request.body.get("type") == "event_callback":
            seen = seen.fallback if isinstance(seen, SharedSeen) else seen
        if not await first_time(seen, f"{verdict.timestamp}:{verdict.signature}"):
            self.rejections.note(
                "replayed",
                "replayed request acknowledged only (%d bytes, from %s)",
                len(raw),
                request.remote or "?",
            )
            return web.Response(status=200, text="")
        bolt_response = await self._bolt.async_dispatch(bolt_request)
        return await to_aiohttp_response(bolt_response)


def build_web_app(bolt_app: AsyncApp, runtime: Runtime) -> web.Application:
    """The aiohttp application serving Slack and the health check (and any feature routes)."""
    gate = RequestGate(bolt_app, runtime)

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "knowledge_version": runtime.snapshot.version})

    web_app = web.Application(client_max_size=MAX_BODY_BYTES, middlewares=[_mark_busy])
    web_app["gate"] = gate
    web_app.router.add_post(EVENTS_PATH, gate.handle)
    web_app.router.add_get("/healthz", healthz)  # add_get answers HEAD too
    for method, path, handler in runtime.hooks.http_routes:
        if method == "GET":
            web_app.router.add_get(path, handler)
        else:
            web_app.router.add_route(method, path, handler)
    return web_app


_busy: set[RequestHandler] = set()  # connections with a request being handled (not to be evicted)


@web.middleware
async def _mark_busy(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    protocol = request.protocol
    _busy.add(protocol)
    try:
        return await handler(request)
    finally:
        _busy.discard(protocol)


def _protocol_factory(server: web.Server, cap: int, evictions: CappedLog) -> Callable[[], RequestHandler]:
    """aiohttp's protocol factory, closing the longest-idle connections when `cap` is reached."""

    def make() -> RequestHandler:
        connections = server.connections  # oldest first
        excess = len(connections) + 1 - cap
        if excess > 0:
            idle = [conn for conn in connections if conn not in _busy][:excess]
            for conn in idle:
                conn.force_close()
            evictions.note(
                "evicted", "%d open connections (the cap): closed %d idle ones", len(connections), len(idle)
            )
        return server()

    return make


def _loop_exception_handler(capped: CappedLog) -> Callable[[asyncio.AbstractEventLoop, dict[str, Any]], None]:
    """Out of file descriptors, asyncio logs a traceback per failed accept: one capped line instead."""

    def handle(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        if isinstance(exc, OSError) and exc.errno in (
            errno.EMFILE,
            errno.ENFILE,
            errno.ENOBUFS,
            errno.ENOMEM,
        ):
            capped.note(
                "descriptors", "out of file descriptors: %s (%s)", context.get("message", ""), exc.strerror
            )
            return
        loop.default_exception_handler(context)

    return handle


async def serve_http(
    web_app: web.Application,
    *,
    host: str,
    port: int,
    stop: asyncio.Event,
    reuse_port: bool = False,
    read_timeout: float = 10.0,
    max_connections: int = MAX_CONNECTIONS,
) -> None:
    """Serve `web_app` until `stop` is set, then stop taking requests and let in-flight ones finish.

    `reuse_port`: several worker processes listen on the same port (SO_REUSEPORT; the kernel spreads
    connections over them)."""
    loop = asyncio.get_running_loop()
    capped = CappedLog(logger, what="resource warnings")
    loop.set_exception_handler(_loop_exception_handler(capped))
    # At shutdown, requests in flight get 2 s: an acknowledgement is due within Slack's 3 s anyway,
    # and the answers themselves are drained afterwards (bot.commands.run), all within 10 s.
    runner = web.AppRunner(
        web_app,
        handle_signals=False,
        access_log=None,
        shutdown_timeout=2.0,
        keepalive_timeout=read_timeout,
    )
    await runner.setup()
    assert runner.server is not None
    cap = connection_cap(max_connections)
    try:
        server = await loop.create_server(
            _protocol_factory(runner.server, cap, capped),
            host,
            port,
            backlog=1024,
            reuse_address=True,
            reuse_port=reuse_port or None,
            family=socket.AF_INET if host and ":" not in host else socket.AF_UNSPEC,
        )
    except OSError as exc:
        await runner.cleanup()
        raise OSError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    logger.info(
        "HTTP mode: listening on %s:%d, Slack requests at %s (at most %d connections)",
        host,
        port,
        EVENTS_PATH,
        cap,
    )
    try:
        await stop.wait()
    finally:
        logger.info("HTTP mode: shutting down")
        server.close()
        await runner.cleanup()
        capped.flush()
        web_app["gate"].rejections.flush()
