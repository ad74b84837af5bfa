"""`python -m bot run`: connect to Slack and answer, in Socket Mode or over HTTP."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import logging
import signal
from typing import TYPE_CHECKING

from bot.cli import CommandError, load_knowledge_or_fail
from bot.config import Settings, load_settings

if TYPE_CHECKING:  # Slack and aiohttp load only when the bot runs, not for every `python -m bot …`
    from slack_bolt.async_app import AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    from bot.runtime import Runtime
    from bot.storage.store import Store

HELP = "connect to Slack: Socket Mode when SLACK_APP_TOKEN is set, else HTTP on PORT"
DESCRIPTION = (
    "Connect to Slack and answer mentions, direct messages, /samverka and buttons. "
    "Socket Mode (SLACK_BOT_TOKEN and SLACK_APP_TOKEN) needs no public URL: right for a laptop or "
    "one worker. HTTP mode (SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET) serves POST /slack/events and "
    "GET /healthz on PORT: right for a server behind a load balancer."
)
MODES = ("auto", "http", "socket")
# SIGTERM to exit: within 10 s (a PaaS kills at 10 s or more). The HTTP server gets up to 2 s
# (bot.slack.http_server) to finish acknowledgements, then the drain, then SERVICES_SECONDS to stop the
# services (tick in progress, question log, database).
SHUTDOWN_SECONDS = 7.0
SERVICES_SECONDS = 2.5

logger = logging.getLogger("bot.run")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--mode",
        choices=MODES,
        default="auto",
        help="auto (default): Socket Mode when SLACK_APP_TOKEN is set, else HTTP; the Procfile pins each",
    )
    parser.add_argument("--port", type=int, default=None, help="HTTP port (default: $PORT, else 3000)")
    parser.add_argument("--host", default="0.0.0.0", help="HTTP address to listen on (default: 0.0.0.0)")
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="HTTP mode: worker processes sharing the port (default: $WEB_CONCURRENCY, else the CPU "
        "count, at most 8, on PostgreSQL and 1 on SQLite)",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)  # one of several


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    configure_logging(settings)
    mode = choose_mode(args.mode, settings)
    port = args.port if args.port is not None else settings.port
    if not 1 <= port <= 65535:
        raise CommandError(f"--port must be between 1 and 65535, not {port}", 2)
    knowledge = load_knowledge_or_fail(args.knowledge)
    workers = _worker_count(args, settings) if mode == "http" and not args.worker else 1
    if workers > 1:
        from bot.slack.workers import supervise

        del knowledge  # each worker loads its own
        _open_store(settings).close()  # migrated once, and a wrong DATABASE_URL is one line here
        worker_args = ["run", "--mode", "http", "--host", args.host, "--port", str(port)]
        return supervise([*worker_args, "--knowledge", str(args.knowledge)], workers)
    from bot.runtime import Runtime
    from bot.slack.shared_state import share_seen

    runtime = Runtime(settings, knowledge, knowledge_dir=args.knowledge)
    store = _open_store(settings)
    share_seen(runtime, store)  # retries and replays answered once by any worker (PostgreSQL)
    logger.info(
        "knowledge %s from %s: %d enterprises, %d contacts, %d organisations, %d events",
        knowledge.version,
        args.knowledge,
        len(knowledge.enterprises),
        len(knowledge.contacts),
        len(knowledge.organisations),
        len(knowledge.events),
    )
    return asyncio.run(_serve(runtime, store, mode, args.host, port, reuse_port=args.worker))


def _worker_count(args: argparse.Namespace, settings: Settings) -> int:
    from bot.slack.workers import default_workers

    count = args.workers or settings.web_concurrency
    if count is None:
        return default_workers(settings.database_url.get_secret_value())
    if not 1 <= count <= 64:
        raise CommandError(f"--workers must be between 1 and 64, not {count}", 2)
    return count


def _open_store(settings: Settings) -> Store:
    """The database (migrated to head): reminders' ledger, subscriptions, the question log."""
    from bot.storage.store import StoreError, open_store

    try:
        return open_store(settings.database_url.get_secret_value(), timeout=settings.database_timeout)
    except StoreError as exc:
        raise CommandError(str(exc)) from None


def configure_logging(settings: Settings) -> None:
    """One line per record on stderr at LOG_LEVEL (JSON with LOG_FORMAT=json); secrets redacted."""
    from bot.logging_setup import configure_logging as configure
    from bot.logging_setup import secrets_of

    configure(level=settings.log_level, fmt=settings.log_format, secrets=secrets_of(settings))


def _secret(value: object) -> str:
    return value.get_secret_value().strip() if value is not None else ""  # type: ignore[attr-defined]


def choose_mode(requested: str, settings: Settings) -> str:
    """`socket` or `http`, after checking the tokens that mode needs (named, never printed)."""
    bot_token = _secret(settings.slack_bot_token)
    app_token = _secret(settings.slack_app_token)
    mode = requested if requested != "auto" else ("socket" if app_token else "http")
    if not bot_token:
        raise CommandError(
            "SLACK_BOT_TOKEN is not set: use the Bot User OAuth Token (xoxb-…) of the Slack app"
        )
    if not bot_token.startswith("xoxb-"):
        raise CommandError("SLACK_BOT_TOKEN is malformed: a bot token starts with xoxb-")
    if mode == "socket":
        if not app_token:
            raise CommandError(
                "SLACK_APP_TOKEN is not set: Socket Mode needs an app-level token (xapp-…) "
                "with the connections:write scope"
            )
        if not app_token.startswith("xapp-"):
            raise CommandError("SLACK_APP_TOKEN is malformed: an app-level token starts with xapp-")
    else:
        secret = _secret(settings.slack_signing_secret)
        if not secret:
            raise CommandError(
                "SLACK_SIGNING_SECRET is not set: HTTP mode needs the Signing Secret from the Slack "
                "app's Basic Information page (or set SLACK_APP_TOKEN for Socket Mode)"
            )
        if secret.startswith(("xoxb-", "xoxp-", "xapp-")) or any(ch.isspace() for ch in secret):
            raise CommandError("SLACK_SIGNING_SECRET is malformed: it is the Signing Secret, not a token")
    return mode


async def _serve(
    runtime: Runtime, store: Store, mode: str, host: str, port: int, *, reuse_port: bool = False
) -> int:
    """Build the services and the app, serve until SIGTERM/SIGINT, then shut down in order."""
    import aiohttp

    from bot.app import create_app
    from bot.slack.client import build_web_client
    from bot.slack.http_server import build_web_app, raise_file_limit, serve_http
    from bot.slack.services import build_services

    raise_file_limit()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    async with aiohttp.ClientSession() as session:
        client = build_web_client(runtime.settings, session=session)
        try:
            runtime.bot_user_id = await _check_bot_token(client, runtime.settings)
        except CommandError:
            store.close()
            raise
        delivery_client = build_web_client(runtime.settings, retries=False)
        services = build_services(runtime, store=store, client=delivery_client)
        app = create_app(runtime, services, client=client, socket_mode=mode == "socket")
        await services.start()
        _settle_memory()
        try:
            if mode == "socket":
                await _serve_socket_mode(app, runtime.settings, stop)
            else:
                try:
                    await serve_http(
                        build_web_app(app, runtime),
                        host=host,
                        port=port,
                        stop=stop,
                        reuse_port=reuse_port,
                        read_timeout=runtime.settings.http_read_timeout,
                        max_connections=runtime.settings.http_max_connections,
                    )
                except OSError as exc:  # the port is taken or not ours to bind
                    raise CommandError(f"{exc} (PORT)") from None
        finally:
            # SIGTERM: no new requests (above), no new jobs, finish what is in flight (answers, a
            # tick's sends), then stop the services in order, all within SHUTDOWN_SECONDS.
            services.pause()
            await _drain(loop.time() + SHUTDOWN_SECONDS - SERVICES_SECONDS)
            await services.stop(SERVICES_SECONDS)
    logger.info("stopped")
    return 0


async def _check_bot_token(client: AsyncWebClient, settings: Settings) -> str:
    """auth.test once at start, so a wrong token or URL is one clear line now, not a failure per event."""
    import aiohttp
    from slack_sdk.errors import SlackApiError

    try:
        response = await client.auth_test()
    except SlackApiError as exc:
        raise CommandError(f"SLACK_BOT_TOKEN was rejected by Slack ({exc.response.get('error')})") from None
    except (aiohttp.ClientError, TimeoutError) as exc:
        raise CommandError(f"cannot reach the Slack Web API at {settings.slack_api_url} ({exc})") from None
    logger.info("signed in to team %s as bot user %s", response.get("team_id"), response.get("user_id"))
    return str(response.get("user_id") or "")


async def _serve_socket_mode(app: AsyncApp, settings: Settings, stop: asyncio.Event) -> None:
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
    from slack_sdk.errors import SlackApiError

    app_token = _secret(settings.slack_app_token)
    handler = AsyncSocketModeHandler(app, app_token=app_token, web_client=app.client)
    # The first connection URL is fetched here, so a rejected app token stops the bot with one line
    # instead of the client's endless reconnect loop; later reconnects fetch their own.
    try:
        opened = await app.client.apps_connections_open(app_token=app_token)
    except SlackApiError as exc:
        await handler.close_async()
        raise CommandError(f"SLACK_APP_TOKEN was rejected by Slack ({exc.response.get('error')})") from None
    handler.client.wss_uri = opened["url"]
    await handler.connect_async()
    logger.info("Socket Mode: connected")
    try:
        await stop.wait()
    finally:
        logger.info("Socket Mode: disconnecting")
        await handler.close_async()


def _settle_memory() -> None:
    """What is loaded by now (knowledge, its indexes, the libraries) lives as long as the process:
    keep it out of the garbage collector's scans, and collect young objects less often. Otherwise a
    full collection walks every index and pauses answers for tens of milliseconds under load."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 50, 100)


async def _drain(deadline: float) -> None:
    """Let listeners that already acknowledged their request finish posting their answers, and a
    reminder tick in progress finish its sends (until `deadline`, loop time)."""
    current = asyncio.current_task()
    pending = [task for task in asyncio.all_tasks() if task is not current and not task.done()]
    if not pending:
        return
    timeout = max(0.1, deadline - asyncio.get_running_loop().time())
    _done, still = await asyncio.wait(pending, timeout=timeout)
    if still:
        logger.warning("shutdown: %d task(s) still running after the drain; cancelled", len(still))
    for task in still:
        task.cancel()
    with contextlib.suppress(Exception):
        await asyncio.gather(*still, return_exceptions=True)
