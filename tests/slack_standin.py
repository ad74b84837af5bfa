"""A local stand-in for Slack: the Web API, response URLs and a Socket Mode websocket on 127.0.0.1.

The real `python -m bot run` process talks to it through `SLACK_API_URL`, so tests see exactly what
the bot sent (every call is recorded with its method, body and token) and can deliver events,
slash commands and button clicks the way Slack does, over Socket Mode or as signed HTTP requests.

It runs its own event loop in a background thread, so plain (sync) tests, `asyncio.run` tests and
subprocess tests all use it the same way:

    with SlackStandin() as slack:                      # or the `slack_standin` fixture
        env = {"SLACK_API_URL": slack.api_url, "SLACK_BOT_TOKEN": slack.bot_token, ...}
        slack.wait_connected()                         # the bot opened its Socket Mode connection
        slack.deliver_event({"type": "app_mention", ...})
        call = slack.wait_for_call("chat.postMessage", channel="C1")
        slack.fail_next("chat.postMessage", status=429, retry_after=1)   # script a failure
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web
from slack_sdk.signature import SignatureVerifier

BOT_TOKEN = "xoxb-standin-bot-token"
APP_TOKEN = "xapp-1-standin-app-token"
SIGNING_SECRET = "standin-signing-secret-0123456789abcdef"
TEAM_ID = "T0STANDIN"
BOT_USER_ID = "U0SAMVERKA"
BOT_ID = "B0SAMVERKA"
API_APP_ID = "A0SAMVERKA"
_MESSAGE_METHODS = frozenset({"chat.postMessage", "chat.postEphemeral", "chat.update"})  # blocks checked


@dataclass(frozen=True)
class Call:
    """One request the bot made: a Web API method (`chat.postMessage`) or `response_url`."""

    method: str
    body: dict[str, Any]
    token: str | None
    at: float
    path: str = ""

    def get(self, key: str, default: Any = None) -> Any:
        return self.body.get(key, default)

    @property
    def blocks(self) -> list[dict[str, Any]]:
        blocks = self.body.get("blocks") or []
        return json.loads(blocks) if isinstance(blocks, str) else list(blocks)

    @property
    def text(self) -> str:
        return str(self.body.get("text") or "")

    def dump(self) -> str:
        """Everything sent, as one string: for asserting what must never appear anywhere."""
        return json.dumps(self.body, ensure_ascii=False)


@dataclass
class _Failure:
    status: int
    error: str
    retry_after: int | None
    remaining: int


@dataclass
class _Socket:
    ws: web.WebSocketResponse
    opened: float = field(default_factory=time.monotonic)


def _matches(call: Call, where: dict[str, Any]) -> bool:
    return all(call.body.get(key) == value for key, value in where.items())


class SlackStandin:
    """The Slack stand-in server; start with `start()` or as a context manager."""

    def __init__(
        self,
        *,
        bot_token: str = BOT_TOKEN,
        app_token: str = APP_TOKEN,
        signing_secret: str = SIGNING_SECRET,
        team_id: str = TEAM_ID,
        bot_user_id: str = BOT_USER_ID,
        bot_id: str = BOT_ID,
        hello: bool = True,
    ) -> None:
        self.bot_token = bot_token
        self.app_token = app_token
        self.signing_secret = signing_secret
        self.team_id = team_id
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.send_hello = hello
        self.port = 0
        self.calls: list[Call] = []
        self.acks: dict[str, dict[str, Any]] = {}  # envelope_id -> the ack message the bot sent
        self.messages: dict[str, list[dict[str, Any]]] = {}  # channel -> posted messages, for history
        self._failures: dict[str, list[_Failure]] = {}
        self._sockets: list[_Socket] = []
        self._connections_opened = 0
        self._changed = threading.Condition()
        self._ids = itertools.count(1)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self.handlers: dict[str, Callable[[dict[str, Any], str | None], dict[str, Any]]] = {
            "auth.test": self._auth_test,
            "apps.connections.open": self._connections_open,
            "chat.postMessage": self._post_message,
            "chat.postEphemeral": self._post_ephemeral,
            "chat.update": self._update,
            "chat.delete": self._delete,
            "views.publish": self._views_publish,
            "conversations.open": self._conversations_open,
            "conversations.history": self._conversations_history,
            "users.info": self._users_info,
        }

    # ----- lifecycle -------------------------------------------------------------------------------
    def start(self) -> SlackStandin:
        ready = threading.Event()
        errors: list[BaseException] = []

        def serve() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                loop.run_until_complete(self._start_server())
            except BaseException as exc:  # reported to the starting thread below
                errors.append(exc)
                ready.set()
                return
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self._stop_server())
            loop.close()

        self._thread = threading.Thread(target=serve, name="slack-standin", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("the Slack stand-in did not start within 10 s")
        if errors:
            raise errors[0]
        return self

    def stop(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            self._loop = None
            self._thread = None

    def __enter__(self) -> SlackStandin:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def _start_server(self) -> None:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)  # slack_sdk reads conversations.history by GET
        app.router.add_post("/response/{key}", self._response_url)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets  # type: ignore[attr-defined]
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    async def _stop_server(self) -> None:
        for socket in list(self._sockets):
            await socket.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # ----- addresses --------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        """What `SLACK_API_URL` should be set to."""
        return f"{self.base_url}/api/"

    def response_url(self, key: str | None = None) -> str:
        """A fresh response URL; calls to it are recorded as method `response_url`."""
        return f"{self.base_url}/response/{key or next(self._ids)}"

    # ----- scripting ------------------------------------------------------------------------------
    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        retry_after: int | None = 1,
        error: str | None = None,
        times: int = 1,
    ) -> None:
        """Make the next `times` calls of `method` fail: HTTP 429 with Retry-After (Slack's rate
        limit), another status (500, 503), or `status=200` with `{"ok": false, "error": error}`."""
        default_error = "ratelimited" if status == 429 else "internal_error"
        with self._changed:
            self._failures.setdefault(method, []).append(
                _Failure(status, error or default_error, retry_after if status == 429 else None, times)
            )

    def reset(self) -> None:
        """Forget recorded calls, acks and scripted failures (connections stay open)."""
        with self._changed:
            self.calls.clear()
            self.acks.clear()
            self.messages.clear()
            self._failures.clear()

    # ----- inspection -------------------------------------------------------------------------------
    def calls_to(self, method: str | None = None, **where: Any) -> list[Call]:
        """Recorded calls of `method` (all when None) whose body has every `where` key equal."""
        with self._changed:
            return [c for c in self.calls if (method is None or c.method == method) and _matches(c, where)]

    def wait_for_calls(
        self,
        method: str | None = None,
        *,
        count: int = 1,
        timeout: float = 10,
        predicate: Callable[[Call], bool] | None = None,
        **where: Any,
    ) -> list[Call]:
        """Block until at least `count` matching calls were recorded; AssertionError after `timeout`."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [
                    c
                    for c in self.calls
                    if (method is None or c.method == method)
                    and _matches(c, where)
                    and (predicate is None or predicate(c))
                ]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = ", ".join(c.method for c in self.calls) or "nothing"
                    raise AssertionError(
                        f"expected {count} call(s) of {method or 'any method'} matching {where}; "
                        f"got {len(found)} within {timeout} s (all calls: {seen})"
                    )
                self._changed.wait(min(left, 0.1))

    def wait_for_call(self, method: str | None = None, *, timeout: float = 10, **where: Any) -> Call:
        return self.wait_for_calls(method, timeout=timeout, **where)[0]

    def assert_no_call(self, method: str | None = None, *, within: float = 0.5, **where: Any) -> None:
        """Nothing matching arrives within `within` seconds (a short, bounded wait for a negative)."""
        deadline = time.monotonic() + within
        with self._changed:
            while True:
                found = [
                    c for c in self.calls if (method is None or c.method == method) and _matches(c, where)
                ]
                if found:
                    raise AssertionError(f"unexpected {found[0].method} call: {found[0].dump()[:500]}")
                left = deadline - time.monotonic()
                if left <= 0:
                    return
                self._changed.wait(left)

    # ----- Socket Mode --------------------------------------------------------------------------------
    @property
    def connections_opened(self) -> int:
        """How many times the bot called apps.connections.open successfully."""
        return self._connections_opened

    def wait_connected(self, timeout: float = 15) -> None:
        """Block until a bot holds an open Socket Mode connection."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not any(not s.ws.closed for s in self._sockets):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no Socket Mode connection within {timeout} s")
                self._changed.wait(min(left, 0.1))

    def deliver(self, kind: str, payload: dict[str, Any], *, retry_attempt: int = 0) -> str:
        """Send one envelope (`events_api`, `slash_commands`, `interactive`) to the connected bot;
        returns its envelope id (see `wait_for_ack`)."""
        envelope_id = f"env-{next(self._ids)}"
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
            "retry_attempt": retry_attempt,
            "retry_reason": "timeout" if retry_attempt else "",
        }
        self.wait_connected()
        self._run(self._send(envelope))
        return envelope_id

    def deliver_event(
        self, event: dict[str, Any], *, event_id: str | None = None, retry_attempt: int = 0
    ) -> str:
        return self.deliver(
            "events_api", self.event_callback(event, event_id=event_id), retry_attempt=retry_attempt
        )

    def deliver_command(self, text: str, **fields: Any) -> str:
        return self.deliver("slash_commands", self.slash_command(text, **fields))

    def deliver_action(self, payload: dict[str, Any]) -> str:
        return self.deliver("interactive", payload)

    def wait_for_ack(self, envelope_id: str, timeout: float = 10) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while envelope_id not in self.acks:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"envelope {envelope_id} was not acknowledged within {timeout} s")
                self._changed.wait(min(left, 0.1))
            return self.acks[envelope_id]

    async def _send(self, envelope: dict[str, Any]) -> None:
        open_sockets = [s for s in self._sockets if not s.ws.closed]
        await open_sockets[-1].ws.send_str(json.dumps(envelope))

    def _run(self, coroutine: Any) -> Any:
        assert self._loop is not None, "the stand-in is not running"
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(10)

    def close_sockets(self) -> None:
        """Close every Socket Mode connection from Slack's side (the bot should reconnect)."""

        async def close() -> None:
            for socket in list(self._sockets):
                await socket.ws.close()

        self._run(close())

    # ----- payload builders (what Slack sends) ------------------------------------------------------
    def event_callback(self, event: dict[str, Any], *, event_id: str | None = None) -> dict[str, Any]:
        """The `event_callback` body Slack wraps an event in (HTTP body or Socket Mode payload)."""
        return {
            "token": "legacy-verification-token",
            "team_id": self.team_id,
            "api_app_id": API_APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(self._ids):08d}",
            "event_time": int(time.time()),
            "authorizations": [
                {
                    "team_id": self.team_id,
                    "user_id": self.bot_user_id,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
        }

    def mention(
        self, text: str, *, channel: str = "C0GENERAL", user: str = "U0OFFICIAL", ts: str | None = None
    ) -> dict:
        """An `app_mention` event; `text` should contain `<@BOT_USER_ID>` as Slack would send it."""
        ts = ts or self.new_ts()
        return {
            "type": "app_mention",
            "user": user,
            "text": text,
            "ts": ts,
            "channel": channel,
            "event_ts": ts,
            "team": self.team_id,
        }

    def direct_message(
        self,
        text: str,
        *,
        channel: str = "D0DIRECT",
        user: str = "U0OFFICIAL",
        ts: str | None = None,
        **extra: Any,
    ) -> dict:
        """A `message` event in the bot's DM (`message.im`); `extra` adds subtype, bot_id, edited…"""
        ts = ts or self.new_ts()
        event = {
            "type": "message",
            "channel_type": "im",
            "user": user,
            "text": text,
            "ts": ts,
            "channel": channel,
            "event_ts": ts,
            "team": self.team_id,
        }
        event.update(extra)
        return event

    def slash_command(
        self,
        text: str,
        *,
        user: str = "U0OFFICIAL",
        channel: str = "C0GENERAL",
        command: str = "/samverka",
        response_url: str | None = None,
    ) -> dict[str, str]:
        """The fields of a slash command (form-encoded in HTTP mode, JSON in Socket Mode)."""
        return {
            "token": "legacy-verification-token",
            "team_id": self.team_id,
            "team_domain": "standin",
            "channel_id": channel,
            "channel_name": "general",
            "user_id": user,
            "user_name": "official",
            "command": command,
            "text": text,
            "api_app_id": API_APP_ID,
            "is_enterprise_install": "false",
            "response_url": response_url or self.response_url(),
            "trigger_id": f"trigger-{next(self._ids)}",
        }

    def block_action(
        self,
        action_id: str,
        value: str,
        *,
        user: str = "U0OFFICIAL",
        channel: str = "C0GENERAL",
        message_ts: str | None = None,
        ephemeral: bool = False,
        response_url: str | None = None,
        block_id: str = "b",
    ) -> dict[str, Any]:
        """A `block_actions` payload for a button click on a message the bot posted."""
        container: dict[str, Any] = {"type": "message", "channel_id": channel, "is_ephemeral": ephemeral}
        if message_ts:
            container["message_ts"] = message_ts
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": {"id": user, "username": "official", "team_id": self.team_id},
            "api_app_id": API_APP_ID,
            "token": "legacy-verification-token",
            "container": container,
            "trigger_id": f"trigger-{next(self._ids)}",
            "team": {"id": self.team_id, "domain": "standin"},
            "channel": {"id": channel, "name": "general"},
            "response_url": response_url or self.response_url(),
            "actions": [
                {
                    "type": "button",
                    "action_id": action_id,
                    "block_id": block_id,
                    "value": value,
                    "action_ts": self.new_ts(),
                }
            ],
        }
        if message_ts and not ephemeral:
            payload["message"] = {"type": "message", "ts": message_ts, "bot_id": self.bot_id, "text": ""}
        return payload

    def new_ts(self) -> str:
        return f"{time.time():.6f}"[:-6] + f"{next(self._ids):06d}"

    # ----- HTTP mode helpers --------------------------------------------------------------------------
    def signed_headers(
        self,
        body: str,
        *,
        timestamp: int | None = None,
        secret: str | None = None,
        content_type: str = "json",
    ) -> dict[str, str]:
        """The headers Slack signs a request with; `timestamp`/`secret` let tests forge bad ones."""
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        signature = SignatureVerifier(secret or self.signing_secret).generate_signature(
            timestamp=stamp, body=body
        )
        kind = "application/json" if content_type == "json" else "application/x-www-form-urlencoded"
        return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature, "Content-Type": kind}

    @staticmethod
    def form_body(fields: dict[str, Any]) -> str:
        """A form-encoded body: slash commands, and interactivity as `payload=<json>`."""
        return urllib.parse.urlencode(fields)

    # ----- server side -----------------------------------------------------------------------------------
    def _record(self, call: Call) -> None:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def _take_failure(self, method: str) -> _Failure | None:
        with self._changed:
            queue = self._failures.get(method)
            if not queue:
                return None
            failure = queue[0]
            failure.remaining -= 1
            if failure.remaining <= 0:
                queue.pop(0)
            return failure

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        body = await _read_body(request)
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ").strip() or body.pop("token", None)
        self._record(Call(method, body, token, time.monotonic(), request.path))
        failure = self._take_failure(method)
        if failure is not None:
            headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
            return web.json_response(
                {"ok": False, "error": failure.error}, status=failure.status, headers=headers
            )
        handler = self.handlers.get(method)
        if handler is None:
            return web.json_response({"ok": False, "error": "unknown_method"})
        # apps.connections.open takes the app-level token; every other method the bot token
        expected = self.app_token if method == "apps.connections.open" else self.bot_token
        if token != expected:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        invalid = self._blocks_invalid(body) if method in _MESSAGE_METHODS else None
        return web.json_response(invalid or handler(body, token))

    async def _response_url(self, request: web.Request) -> web.Response:
        body = await _read_body(request)
        self._record(Call("response_url", body, None, time.monotonic(), request.path))
        failure = self._take_failure("response_url")
        if failure is not None:
            return web.Response(status=failure.status, text=failure.error)
        if self._blocks_invalid(body):
            return web.Response(status=400, text="invalid_blocks")
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        socket = _Socket(ws)
        with self._changed:
            self._sockets.append(socket)
            self._changed.notify_all()
        if self.send_hello:
            await ws.send_str(
                json.dumps(
                    {
                        "type": "hello",
                        "num_connections": 1,
                        "debug_info": {"host": "standin", "approximate_connection_time": 3600},
                        "connection_info": {"app_id": API_APP_ID},
                    }
                )
            )
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            if "envelope_id" in data:
                with self._changed:
                    self.acks[data["envelope_id"]] = data
                    self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()
        return ws

    # ----- Web API methods -------------------------------------------------------------------------------
    def _auth_test(self, body: dict[str, Any], token: str | None) -> dict[str, Any]:
        return {
            "ok": True,
            "url": "https://standin.slack.invalid/",
            "team": "Stand-in",
            "user": "samverka",
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _connections_open(self, body: dict[str, Any], token: str | None) -> dict[str, Any]:
        with self._changed:
            self._connections_opened += 1
        return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket?ticket={next(self._ids)}"}

    def _blocks_invalid(self, body: dict[str, Any]) -> dict[str, Any] | None:
        """Slack's answer to blocks it would reject (`invalid_blocks`), else None; text over 40,000
        characters is `msg_too_long`."""
        if len(str(body.get("text") or "")) > 40_000:
            return {"ok": False, "error": "msg_too_long"}
        problems = block_kit_problems(body["blocks"]) if body.get("blocks") is not None else []
        return {"ok": False, "error": "invalid_blocks", "errors": problems} if problems else None

    def _post_message(self, body: dict[str, Any], token: str | None) -> dict[str, Any]:
        channel = str(body.get("channel") or "")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        ts = self.new_ts()
        message = {"type": "message", "ts": ts, "bot_id": self.bot_id, "user": self.bot_user_id}
        message.update({k: v for k, v in body.items() if k in ("text", "blocks", "thread_ts", "metadata")})
        with self._changed:
            self.messages.setdefault(channel, []).append(message)
        return {"ok": True, "channel": channel, "ts": ts, "message": message}

    def _post_ephemeral(self, body: dict[str, Any], token: str | None) -> dict[str, Any]:
        return {"ok": True, "message_ts": self.new_ts()}

    def _update(self, body: dict[str, Any], token: str | None) -> dict[str, Any]:
        return {"ok": True, "channel": body.get("channel"), "ts": body.get("ts"), "text": body.get("text")}

    def _delete(self, body: dict[str, Any], token: str | None) -> dict[str, Any]:
        return {"ok": True, "channel": body.get("channel"), "ts": body.get("ts")}

    def _views_publish(self, body: dict[str, Any], token: str | None) -> dict[str, Any]:
        view = body.get("view")
        view = json.loads(view) if isinstance(view, str) else view
        problems = block_kit_problems((view or {}).get("blocks", []), max_blocks=100)
        if problems:
            return {"ok": False, "error": "invalid_blocks", "errors": problems}
        return {"ok": True, "view": {"id": f"V{next(self._ids)}", **(view or {})}}

    def _conversations_open(self, body: dict[str, Any], token: str | None) -> dict[str, Any]:
        users = str(body.get("users") or "")
        if not users:
            return {"ok": False, "error": "users_list_not_supplied"}
        return {"ok": True, "channel": {"id": "D" + users.split(",", maxsplit=1)[0].lstrip("U")}}

    def _conversations_history(self, body: dict[str, Any], token: str | None) -> dict[str, Any]:
        with self._changed:
            messages = list(reversed(self.messages.get(str(body.get("channel") or ""), [])))
        return {"ok": True, "messages": messages[: int(body.get("limit") or 100)], "has_more": False}

    def _users_info(self, body: dict[str, Any], token: str | None) -> dict[str, Any]:
        user = str(body.get("user") or "")
        return {
            "ok": True,
            "user": {"id": user, "name": user.lower(), "tz": "Europe/Stockholm", "locale": "en-US"},
        }


async def _read_body(request: web.Request) -> dict[str, Any]:
    """JSON, form or query parameters, merged the way Slack accepts them."""
    body: dict[str, Any] = dict(request.query)
    raw = await request.text()
    if not raw:
        return body
    if request.content_type == "application/json":
        parsed = json.loads(raw)
        if isinstance(parsed, dict):
            body.update(parsed)
        return body
    for key, values in urllib.parse.parse_qs(raw, keep_blank_values=True).items():
        body[key] = values[-1]
    if isinstance(body.get("payload"), str) and body["payload"].startswith("{"):
        body["payload"] = json.loads(body["payload"])
    return body


def block_kit_problems(blocks: Any, *, max_blocks: int = 50) -> list[str]:
    """What Slack would reject in `blocks` (the limits and shapes the bot relies on); [] when valid."""
    problems: list[str] = []
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    if not isinstance(blocks, list):
        return ["blocks is not a list"]
    if len(blocks) > max_blocks:
        problems.append(f"{len(blocks)} blocks (max {max_blocks})")

    def text_ok(obj: Any, where: str, limit: int) -> None:
        if not isinstance(obj, dict) or obj.get("type") not in ("mrkdwn", "plain_text"):
            problems.append(f"{where}: not a text object")
        elif not obj.get("text") or len(obj["text"]) > limit:
            problems.append(f"{where}: text length {len(obj.get('text') or '')} not in 1..{limit}")

    for n, block in enumerate(blocks):
        kind = block.get("type")
        where = f"block {n} ({kind})"
        if kind == "section":
            text_ok(block.get("text"), where, 3000)
        elif kind == "context":
            elements = block.get("elements") or []
            if not 1 <= len(elements) <= 10:
                problems.append(f"{where}: {len(elements)} elements (1..10)")
            for element in elements:
                text_ok(element, where, 3000)
        elif kind == "header":
            text_ok(block.get("text"), where, 150)
        elif kind == "actions":
            elements = block.get("elements") or []
            if not 1 <= len(elements) <= 25:
                problems.append(f"{where}: {len(elements)} elements (1..25)")
            for element in elements:
                text_ok(element.get("text"), where, 75)
                if not element.get("action_id") or len(element["action_id"]) > 255:
                    problems.append(f"{where}: bad action_id")
                if len(element.get("value") or "") > 2000:
                    problems.append(f"{where}: button value over 2000 characters")
        elif kind != "divider":
            problems.append(f"{where}: unexpected block type")
    return problems


def texts_of(blocks: Iterable[dict[str, Any]]) -> list[str]:
    """Every piece of text in Block Kit blocks (sections, fields, context, buttons), in order."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(list(blocks))
    return found


def shown(call: Call) -> str:
    """What a person sees of a posted message: its text and every block's text, Slack's &amp; undone."""
    return html.unescape("\n".join([call.text, *texts_of(call.blocks)]))
