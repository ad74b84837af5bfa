"""What a running bot holds: settings, the current knowledge snapshot, the clock and its services.

Handlers get one `Runtime` (bolt puts it in `context["runtime"]`), so they never read globals, the
wall clock or the environment. The knowledge snapshot and its matcher are swapped together as one
object: a question is answered from one snapshot, never from a half-reloaded one.

Listeners plug features into each other through `runtime.hooks` (slash sub-commands, App Home
sections, buttons under events, HTTP routes). The services (store, scheduler, reminders, upkeep,
knowledge watcher) are not here: `bot.slack.services` builds them and hands them over explicitly.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol

from bot.config import Settings
from bot.knowledge.model import Knowledge, Lang
from bot.knowledge.reload_outcome import ReloadOutcome
from bot.matching.conversation import Context, ConversationMemory
from bot.rendering.blocks import EventButton
from bot.understanding.answers import Answer

logger = logging.getLogger(__name__)


class Answerer(Protocol):
    """What the runtime needs of a matcher (`bot.matching.matcher.Matcher`)."""

    def answer(self, question: str, *, today: date, context: Context | None = None) -> Answer: ...


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A knowledge snapshot and the matcher built on it: replaced together, never apart."""

    knowledge: Knowledge
    matcher: Answerer

    @property
    def version(self) -> str:
        return self.knowledge.version


@dataclass(frozen=True, slots=True)
class SubcommandRequest:
    """One `/samverka <name> <args>` call, handed to the sub-command registered under `name`."""

    name: str
    args: str  # the text after the sub-command's name, stripped
    user_id: str
    channel_id: str
    lang: Lang
    runtime: Runtime
    client: Any  # slack_sdk AsyncWebClient for this request
    respond: Callable[..., Awaitable[Any]]  # bolt's respond(): ephemeral by default
    body: dict[str, Any]  # the raw slash command payload


Subcommand = Callable[[SubcommandRequest], Awaitable[None]]
# (runtime, user id, language) -> Block Kit blocks for the App Home tab, in registration order
HomeSection = Callable[["Runtime", str, Lang], Awaitable[list[dict[str, Any]]]]


@dataclass
class Hooks:
    """Where features plug in without editing the core handlers."""

    subcommands: dict[str, Subcommand] = field(default_factory=dict)
    home_sections: list[HomeSection] = field(default_factory=list)
    event_buttons: list[EventButton] = field(default_factory=list)
    http_routes: list[tuple[str, str, Callable[..., Awaitable[Any]]]] = field(default_factory=list)

    def add_route(self, method: str, path: str, handler: Callable[..., Awaitable[Any]]) -> None:
        """An extra aiohttp route served in HTTP mode next to /slack/events (e.g. GET /events.ics)."""
        self.http_routes.append((method.upper(), path, handler))


class UserLanguages:
    """The language each user last asked in, so `/samverka` alone answers in it (bounded, in memory)."""

    def __init__(self, default: Lang, max_users: int = 10_000) -> None:
        self.default = default
        self._max = max_users
        self._langs: OrderedDict[str, Lang] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, user_id: str | None) -> Lang:
        with self._lock:
            return self._langs.get(user_id or "", self.default)

    def remember(self, user_id: str | None, lang: Lang) -> None:
        if not user_id:
            return
        with self._lock:
            self._langs[user_id] = lang
            self._langs.move_to_end(user_id)
            while len(self._langs) > self._max:
                self._langs.popitem(last=False)


def default_language(settings: Settings) -> Lang:
    """The language to greet someone in before they have asked anything: the deployment's country.

    Slack's own locales include neither Swedish nor Latvian, so the bot's time zone is the best
    signal an operator already sets (Europe/Riga for a Latvian workspace)."""
    zone = settings.bot_timezone
    if zone == "Europe/Riga":
        return "lv"
    if zone == "Europe/Stockholm":
        return "sv"
    return "en"


def _system_now() -> datetime:
    return datetime.now(UTC)


def _default_matcher(knowledge: Knowledge) -> Answerer:
    from bot.matching.matcher import Matcher

    return Matcher(knowledge)


def _default_loader(directory: Path) -> Knowledge:
    from bot.knowledge.loading import load_knowledge

    return load_knowledge(directory)


# ----- what this process has already taken ---------------------------------------------------------
# Which Slack events this process has already taken, so a retry is answered once.
#
# Slack re-sends an event it thinks went unanswered (`X-Slack-Retry-Num` over HTTP, `retry_attempt`
# in Socket Mode) with the same `event_id`. Slack retries within about an hour, so ids are kept for a
# bounded time and number; in memory only, which is right for one process (a second replica sees a
# different connection, and Slack delivers each event to one of them).


class Seen(Protocol):
    """What answers "first time?": this process's memory, or the database shared by every worker."""

    def first_time(self, seen_id: str, /) -> bool: ...


class SeenEvents:
    """A bounded, time-limited set of event ids."""

    def __init__(
        self, *, ttl_seconds: float = 3600, max_ids: int = 50_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._ttl = ttl_seconds
        self._max = max_ids
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, event_id: str) -> bool:
        """True the first time `event_id` is offered (and records it); False for a repeat."""
        now = self._clock()
        with self._lock:
            self._expire(now)
            if event_id in self._seen:
                return False
            self._seen[event_id] = now
            if len(self._seen) > self._max:
                self._seen.popitem(last=False)
            return True

    def __len__(self) -> int:
        with self._lock:
            return len(self._seen)

    def _expire(self, now: float) -> None:
        while self._seen:
            oldest, seen_at = next(iter(self._seen.items()))
            if now - seen_at < self._ttl:
                return
            del self._seen[oldest]


class Runtime:
    """The running bot's state; one per process, shared by every handler."""

    def __init__(
        self,
        settings: Settings,
        knowledge: Knowledge,
        *,
        knowledge_dir: Path | None = None,
        now: Callable[[], datetime] = _system_now,
        matcher_factory: Callable[[Knowledge], Answerer] = _default_matcher,
        loader: Callable[[Path], Knowledge] = _default_loader,
    ) -> None:
        self.settings = settings
        self.knowledge_dir = knowledge_dir or settings.knowledge_dir
        self._now = now
        self._matcher_factory = matcher_factory
        self._loader = loader
        self._reload_lock = threading.Lock()
        self.hooks = Hooks()
        self.languages = UserLanguages(default_language(settings))
        self.seen_events: Seen = SeenEvents()  # Slack event ids already taken, so retries are answered once
        # (timestamp, signature) of HTTP requests already taken: a replay within Slack's 5-minute
        # window is acknowledged, not answered (bot.slack.http_server)
        self.seen_requests: Seen = SeenEvents(ttl_seconds=6 * 60)
        self.conversations = ConversationMemory()  # the previous question's place and theme per thread
        self.bot_user_id: str | None = None  # set from auth.test at start
        self._snapshot = Snapshot(knowledge, matcher_factory(knowledge))

    # ----- time -------------------------------------------------------------------------------------
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC); tests inject a fixed clock."""
        return self._now()

    def today(self) -> date:
        """Today's date where the bot's users are (BOT_TIMEZONE), for "upcoming" and "past"."""
        return self._now().astimezone(self.settings.timezone).date()

    # ----- knowledge ------------------------------------------------------------------------------
    @property
    def snapshot(self) -> Snapshot:
        """The snapshot to answer from; read it once per request and keep using that object."""
        return self._snapshot

    def answer(
        self,
        question: str,
        *,
        conversation: tuple[str, str] | None = None,
        context: Context | None = None,
    ) -> tuple[Snapshot, Answer]:
        """Answer `question` from the current snapshot, returning the snapshot it came from.
        `conversation` (channel, thread): a follow-up there leans on the previous question's place and
        theme (bot.matching.conversation); only their ids are kept, for a while. `context`: what an
        answer being
        rebuilt ("Show more") leaned on, carried in its button."""
        snapshot = self._snapshot
        if conversation is None:
            extra_context = {"context": context} if context else {}
            return snapshot, snapshot.matcher.answer(question, today=self.today(), **extra_context)
        now = self.now()
        context = self.conversations.recall(conversation, now)
        extra = {"context": context} if context else {}
        answer = snapshot.matcher.answer(question, today=self.today(), **extra)
        self.conversations.remember(conversation, answer, now)
        return snapshot, answer

    def swap(self, knowledge: Knowledge) -> Snapshot:
        """Serve `knowledge` from now on (its matcher is built first, so no question waits on it)."""
        self._snapshot = Snapshot(knowledge, self._matcher_factory(knowledge))
        return self._snapshot

    def reload(self) -> ReloadOutcome:
        """Load the knowledge directory again; swap only if it is valid, else keep the last good one."""
        from bot.knowledge.loading import KnowledgeError

        with self._reload_lock:
            previous = self._snapshot.version
            try:
                knowledge = self._loader(self.knowledge_dir)
            except KnowledgeError as exc:
                problems = tuple(str(problem) for problem in exc.problems) or (str(exc),)
                logger.warning(
                    "knowledge in %s is not valid (%d problems); still serving %s",
                    self.knowledge_dir,
                    len(problems),
                    previous,
                )
                return ReloadOutcome(False, previous, previous, problems)
            if knowledge.version == previous:
                return ReloadOutcome(True, previous, previous)
            self.swap(knowledge)
            logger.info("knowledge reloaded: %s -> %s", previous, knowledge.version)
            return ReloadOutcome(True, knowledge.version, previous)

    # ----- people -----------------------------------------------------------------------------------
    def is_maintainer(self, user_id: str | None) -> bool:
        return bool(user_id) and user_id in self.settings.maintainer_ids
