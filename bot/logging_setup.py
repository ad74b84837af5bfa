"""Logging for the running bot: text or JSON lines, one line per handled request, and no secrets.

Every record passes a redaction filter on the handler before it is written, so a token, the signing
secret or the database password cannot reach the logs whichever library logged it (slack_sdk at
DEBUG logs request headers; SQLAlchemy and psycopg put URLs in their errors; a traceback may hold
anything). Uncaught exceptions in the main thread and in worker threads go through the same path.
"""

from __future__ import annotations

import contextvars
import itertools
import json
import logging
import re
import secrets
import sys
import threading
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Literal, TextIO

from pydantic import SecretStr

LogFormat = Literal["text", "json"]

REQUEST_LOGGER = "samverka.request"
MASK = "[REDACTED]"

# Slack tokens (bot, user, app, refresh, config) whatever their value, and the password part of any
# URL ("postgresql://user:secret@host") — also ones we were never told about.
_PATTERNS = (
    re.compile(r"\bxox[a-z]-[A-Za-z0-9-]{6,}"),
    re.compile(r"\bxapp-[A-Za-z0-9-]{6,}"),
    re.compile(r"(?<=://)([^\s:/@]*):[^\s@/]+@"),
)
# Slack user ids: in delivery keys and targets ("user:U…", whatever the id's shape), and bare ids as
# Slack issues them (U or W, then 8 to 11 capitals and digits, at least one digit) from any library.
_USER_IDS = (
    re.compile(r"(?<=user:)[A-Za-z0-9]+"),
    re.compile(r"\b[UW](?=[A-Z]*\d)[A-Z0-9]{8,11}\b"),
)
USER_MASK = "[user]"
_MIN_SECRET = 4  # shorter "secrets" would redact ordinary words; settings validation rejects them anyway

# The request being handled in this task/thread: every line logged while handling it carries its id.
_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("samverka_request_id", default=None)

# LogRecord's own attributes; anything else on a record came in through `extra=` and is JSON-worthy.
_STANDARD_ATTRS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class Redactor:
    """Replaces known secret values, anything shaped like a token or a URL password, and Slack
    user ids (a log line says what happened, never to whom)."""

    def __init__(self, secrets: Iterable[str | SecretStr | None] = ()) -> None:
        values: set[str] = set()
        for secret in secrets:
            value = secret.get_secret_value() if isinstance(secret, SecretStr) else secret
            if value and len(value) >= _MIN_SECRET:
                values.add(value)
        # Longest first, so a secret containing another is masked whole.
        self._values = tuple(sorted(values, key=len, reverse=True))

    def __call__(self, text: str) -> str:
        for value in self._values:
            if value in text:
                text = text.replace(value, MASK)
        # Most lines hold neither a token nor a URL: skip the patterns then (one line per request).
        if "xox" in text:
            text = _PATTERNS[0].sub(MASK, text)
        if "xapp-" in text:
            text = _PATTERNS[1].sub(MASK, text)
        if "://" in text:
            text = _PATTERNS[2].sub(lambda m: f"{m.group(1)}:{MASK}@", text)
        for pattern in _USER_IDS:
            text = pattern.sub(USER_MASK, text)
        return text


# Library messages that carry a Slack request body (with user ids and what people typed) at INFO or
# WARNING: bolt's signature failure ("…, body: {…})"), a middleware that returned nothing ("… for the
# request ({…})") and "Unhandled request ({…})". The text from the marker on is withheld; bolt's
# signature failures are dropped whole (bot.slack.http_server logs its own short line before bolt runs).
_BODY_MARKERS = (", body: ", "for the request (", "Unhandled request (")
_DROPPED_LOGGERS = frozenset({"slack_bolt.RequestVerification"})
BODY_WITHHELD = "[request body withheld]"


def withhold_bodies(message: str) -> str:
    """`message` with any request body a library put in it cut off."""
    for marker in _BODY_MARKERS:
        at = message.find(marker)
        if at >= 0:
            return message[: at + len(marker)] + BODY_WITHHELD
    return message


class BodyFilter(logging.Filter):
    """No request body reaches the log from bolt at any level above DEBUG."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno <= logging.DEBUG:
            return True
        if record.name in _DROPPED_LOGGERS:
            return False
        try:
            message = record.getMessage()
        except Exception:
            return True  # RedactingFilter renders it
        withheld = withhold_bodies(message)
        if withheld is not message:
            record.msg, record.args = withheld, None
        return True


class RedactingFilter(logging.Filter):
    """Renders message and traceback once, redacted, so no formatter sees the raw values."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redact = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = f"{record.msg!r} % {record.args!r}"
        record.msg = self.redact(message)
        record.args = None
        if record.exc_info:
            if not record.exc_text:
                record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip()
            record.exc_info = None
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        for name, value in list(vars(record).items()):
            if name not in _STANDARD_ATTRS and isinstance(value, str):
                setattr(record, name, self.redact(value))
        if getattr(record, "request_id", None) is None:
            record.request_id = _request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request id, the record's extras."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, value in vars(record).items():
            if name in _STANDARD_ATTRS or name.startswith("_") or value is None:
                continue
            data[name] = value if isinstance(value, str | int | float | bool) else str(value)
        if record.exc_text:
            data["exception"] = record.exc_text
        if record.stack_info:
            data["stack"] = record.stack_info
        return json.dumps(data, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        request_id = getattr(record, "request_id", None)
        if request_id and record.name != REQUEST_LOGGER:
            line = line.replace(": ", f" [{request_id}]: ", 1)
        return line


def secrets_of(settings: Any) -> list[str]:
    """Every secret value a `Settings` holds: tokens, signing secret, salt, the database password."""
    found: list[str] = []
    for name in ("slack_bot_token", "slack_app_token", "slack_signing_secret", "log_salt"):
        value = getattr(settings, name, None)
        if isinstance(value, SecretStr):
            found.append(value.get_secret_value())
    url = getattr(settings, "database_url", None)
    if isinstance(url, SecretStr):
        found.append(url.get_secret_value())
        password = _url_password(url.get_secret_value())
        if password:
            found.append(password)
    return found


def _url_password(url: str) -> str | None:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).password  # type: ignore[return-value]
    except (ArgumentError, ValueError):
        match = re.search(r"://[^\s:/@]*:([^\s@/]+)@", url)
        return match.group(1) if match else None


def configure_logging(
    *,
    level: str = "INFO",
    fmt: LogFormat = "text",
    secrets: Iterable[str | SecretStr | None] = (),
    stream: TextIO | None = None,
) -> logging.Handler:
    """Route every logger (ours, bolt's, slack_sdk's, uvicorn's, aiohttp's) through one redacting handler.

    Safe to call again (tests, a second `run`): the previous handler is replaced, not stacked.
    """
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(BodyFilter())
    handler.addFilter(RedactingFilter(Redactor(secrets)))
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root = logging.getLogger()
    for existing in list(root.handlers):  # an earlier call's, or basicConfig's (which would not redact)
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level)
    # Libraries that install their own handlers would bypass the filter: make them propagate to ours.
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "aiohttp", "slack_bolt", "slack_sdk"):
        lib = logging.getLogger(name)
        lib.handlers.clear()
        lib.propagate = True
    quiet_chatter(level)
    logging.captureWarnings(True)
    _install_excepthooks()
    return handler


# Libraries' routine lines that say nothing an operator acts on: APScheduler's executor writes two
# lines per job run ("Running job", "executed successfully": about 94,000 a day from an idle bot),
# Alembic lists its plugins and migration context at every start. Shown only at LOG_LEVEL=DEBUG.
CHATTY_LOGGERS = ("apscheduler.executors", "alembic.runtime.plugins", "alembic.runtime.migration")


def quiet_chatter(level: str | int) -> None:
    """Routine library lines below WARNING unless `level` is DEBUG (then everything shows)."""
    debug = level.upper() == "DEBUG" if isinstance(level, str) else level <= logging.DEBUG
    for name in CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(logging.NOTSET if debug else logging.WARNING)


def _install_excepthooks() -> None:
    crash = logging.getLogger("samverka.crash")

    def main_hook(kind: type[BaseException], value: BaseException, tb: Any) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        crash.critical("uncaught exception", exc_info=(kind, value, tb))

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else "?"
        crash.error(
            "uncaught exception in thread %s",
            name,
            exc_info=(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback),
        )

    sys.excepthook = main_hook
    threading.excepthook = thread_hook


# ----- requests ---------------------------------------------------------------------------------------
# A random prefix per process and a counter: unique across replicas, and no system call per request
# (uuid4 reads the kernel's random source each time, which costs more than the rest of the id).
_ID_PREFIX = secrets.token_hex(3)
_ids = itertools.count(1)


def new_request_id() -> str:
    return f"{_ID_PREFIX}{next(_ids):06x}"


def current_request_id() -> str | None:
    return _request_id.get()


@contextmanager
def request_context(request_id: str | None = None) -> Iterator[str]:
    """Tag every line logged inside with `request_id` (a new one when not given)."""
    rid = request_id or new_request_id()
    token = _request_id.set(rid)
    try:
        yield rid
    finally:
        _request_id.reset(token)


def log_request(request_id: str, kind: str, latency_ms: float, outcome: str, **fields: Any) -> None:
    """The one line per handled request: id, kind, latency and outcome (plus any `fields`)."""
    extra = {"request_id": request_id, "kind": kind, "latency_ms": round(latency_ms, 1), "outcome": outcome}
    extra.update({k: v for k, v in fields.items() if v is not None})
    tail = "".join(f" {k}={v}" for k, v in fields.items() if v is not None)
    logging.getLogger(REQUEST_LOGGER).info(
        "request id=%s kind=%s latency_ms=%.1f outcome=%s%s",
        request_id,
        kind,
        latency_ms,
        outcome,
        tail,
        extra=extra,
    )
