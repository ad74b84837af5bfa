"""What people asked that Samverka could not answer well, and what they thought of the answers.

Maintainers cannot improve a knowledge base blind: questions with no results, with nothing in the
place asked about (answered from the county instead) or with a low-confidence answer, and 👍/👎 on
answers, are kept (for `QUESTION_LOG_DAYS`, 90 by default) so `python -m bot report` can show what
is missing. Only what the report needs is kept: the question, its language, the places and themes
the matcher found, when, the kind of conversation, and the asker as a salted hash (HMAC), so a
maintainer can count distinct people but never see who asked.

Writing never slows or breaks an answer: rows go through `QuestionRecorder`, a bounded queue and
one writer thread that waits out a database outage and then writes what it held.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import queue
import re
import secrets
import threading
import time
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from bot.storage.deadline import StoreClosedError
from bot.storage.store import FeedbackRow, QuestionLogRow, Store
from bot.understanding.answers import Answer
from bot.upkeep.question_records import Feedback, LoggedQuestion, Outcome

logger = logging.getLogger(__name__)

DEFAULT_RETENTION = timedelta(days=90)
# The matcher scores 0..1; below this the best result is a guess the maintainers should look at.
LOW_CONFIDENCE = 0.5
MAX_QUESTION_CHARS = 2000  # the report needs the gist, not a pasted 40,000-character document
_SALT_CONTEXT = b"samverka question log salt v1"
# Intents that are not questions about the knowledge base (asking for help is not a gap in it).
_NOT_LOGGED_INTENTS = frozenset({"help"})
# The matcher found nothing in the place asked about and answered from a wider area instead.
_WIDENED_NOTES = frozenset({"widened", "nearest_only"})


# ----- pure parts ------------------------------------------------------------------------------------------
def classify(answer: Answer, *, threshold: float = LOW_CONFIDENCE) -> Outcome | None:
    """Whether an answer is worth a maintainer's look: no results, nothing in the place itself (the
    answer widened to the county or a nearest node), or a best result below `threshold`."""
    if answer.intent in _NOT_LOGGED_INTENTS or not answer.question.strip():
        return None
    if not answer.results:
        return "no_results"
    if any(note.code in _WIDENED_NOTES for note in answer.notes):
        return "widened"
    if max(result.score for result in answer.results) < threshold:
        return "low_confidence"
    return None


def question_entry(
    answer: Answer, outcome: Outcome, *, at: datetime, channel_type: str, user_hash: str
) -> LoggedQuestion:
    return LoggedQuestion(
        asked_at=at,
        outcome=outcome,
        question=_clip(answer.question),
        language=answer.language,
        intent=answer.intent,
        regions=tuple(answer.regions),
        themes=tuple(answer.themes),
        top_score=max((r.score for r in answer.results), default=None),
        result_count=len(answer.results),
        channel_type=channel_type,
        user_hash=user_hash,
        knowledge_version=answer.knowledge_version,
    )


def feedback_entry(
    answer: Answer,
    rating: int,
    *,
    results: Sequence[str],
    at: datetime,
    channel_type: str,
    user_hash: str,
) -> Feedback:
    """A rating of `answer` as shown (`results`: "kind:id" of what the person saw)."""
    if rating not in (1, -1):
        raise ValueError("a rating is +1 or -1")
    return Feedback(
        rated_at=at,
        rating=rating,
        question=_clip(answer.question),
        language=answer.language,
        regions=tuple(answer.regions),
        themes=tuple(answer.themes),
        results=tuple(results),
        channel_type=channel_type,
        user_hash=user_hash,
        knowledge_version=answer.knowledge_version,
    )


def derive_salt(*secret_values: str | None) -> bytes:
    """The salt for user hashes: LOG_SALT if given (first argument), else derived from the app's
    secrets, so an operator need not set anything; a fresh random one when there is none (hashes
    then only link questions within one process's life)."""
    for value in secret_values:
        if value:
            return hmac.new(value.encode("utf-8"), _SALT_CONTEXT, hashlib.sha256).digest()
    return secrets.token_bytes(32)


def salt_from_settings(settings: Any) -> bytes:
    """LOG_SALT, else the signing secret, the app token or the bot token (first one set)."""
    values = []
    for name in ("log_salt", "slack_signing_secret", "slack_app_token", "slack_bot_token"):
        value = getattr(settings, name, None)
        values.append(value.get_secret_value() if value is not None else None)
    return derive_salt(*values)


def hash_user(user_id: str | None, salt: bytes) -> str:
    """A stable pseudonym for a Slack user id; the raw id never reaches the database."""
    if not user_id:
        return ""
    return hmac.new(salt, user_id.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


# What a person may paste into a question that the maintainers' report must not keep, masked
# before it is stored: Slack tokens, e-mail addresses, Swedish personal identity numbers
# (ÅÅMMDD-XXXX, ÅÅÅÅMMDDXXXX, with - or +) and phone numbers (8 or more digits).
_PERSONAL = (
    (re.compile(r"\bx(?:ox[a-z]|app)-[A-Za-z0-9-]+"), "[token]"),
    # (starts only where a run of address characters starts: tried at every position, a long run
    # without "@", such as a pasted 40,000-character word, took seconds)
    (re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[e-mail]"),
    (re.compile(r"(?<![\d+])(?:19|20)?\d{6}[-+]?\d{4}(?!\d)"), "[personnummer]"),
    # (a date such as 2026-12-10 has eight digits too, and stays)
    (re.compile(r"(?<![\w+])(?!\d{4}-\d\d-\d\d(?![\d-]))\+?\d(?:[\s-]?\(?\d\)?){7,}(?!\d)"), "[phone]"),
)


def mask_personal(text: str) -> str:
    """`text` with tokens, e-mail addresses, personal identity numbers and phone numbers masked."""
    for pattern, mask in _PERSONAL:
        text = pattern.sub(mask, text)
    return text


def _clip(question: str) -> str:
    text = mask_personal(question.strip())
    # Lone surrogates cannot be stored as UTF-8 (PostgreSQL refuses them): keep what can be.
    text = text.encode("utf-8", "replace").decode("utf-8")
    text = text.replace("\x00", "")  # PostgreSQL text cannot hold NUL
    return text if len(text) <= MAX_QUESTION_CHARS else text[: MAX_QUESTION_CHARS - 1] + "…"


def _ids(values: Iterable[str]) -> str:
    return " ".join(values)[:1000]


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(value.split()) if value else ()


# ----- the database ---------------------------------------------------------------------------------------
class QuestionLog:
    """The two tables' operations; each call is one short transaction (synchronous)."""

    def __init__(self, store: Store, *, retention: timedelta = DEFAULT_RETENTION) -> None:
        if retention <= timedelta(0):
            raise ValueError("retention must be positive")
        self.store = store
        self.retention = retention

    def add(self, entries: Sequence[LoggedQuestion | Feedback]) -> None:
        questions = [e for e in entries if isinstance(e, LoggedQuestion)]
        ratings = [e for e in entries if isinstance(e, Feedback)]
        with self.store.begin() as connection:
            if questions:
                connection.execute(
                    QuestionLogRow.__table__.insert(),
                    [
                        {
                            "asked_at": q.asked_at,
                            "outcome": q.outcome,
                            "question": q.question,
                            "language": q.language,
                            "intent": q.intent,
                            "regions": _ids(q.regions),
                            "themes": _ids(q.themes),
                            "top_score": q.top_score,
                            "result_count": q.result_count,
                            "channel_type": q.channel_type[:16],
                            "user_hash": q.user_hash,
                            "knowledge_version": q.knowledge_version[:64],
                        }
                        for q in questions
                    ],
                )
            for rating in ratings:  # an upsert each: a second click changes the rating, never adds one
                values = {
                    "rated_at": rating.rated_at,
                    "rating": rating.rating,
                    "answer_key": rating.answer_key,
                    "question": rating.question,
                    "language": rating.language,
                    "regions": _ids(rating.regions),
                    "themes": _ids(rating.themes),
                    "results": " ".join(rating.results)[:2000],
                    "channel_type": rating.channel_type[:16],
                    "user_hash": rating.user_hash,
                    "knowledge_version": rating.knowledge_version[:64],
                }
                connection.execute(
                    self.store.insert(FeedbackRow)
                    .values(**values)
                    .on_conflict_do_update(
                        index_elements=["user_hash", "answer_key"],
                        set_={"rating": rating.rating, "rated_at": rating.rated_at},
                    )
                )

    def _rows(self, table: Any, when: str, since: datetime, until: datetime | None) -> list[Any]:
        column = table.c[when]
        query = select(table).where(column >= since).order_by(column, table.c.id)
        if until is not None:
            query = query.where(column < until)
        with self.store.begin() as connection:
            return list(connection.execute(query).all())

    def questions(self, since: datetime, until: datetime | None = None) -> list[LoggedQuestion]:
        rows = self._rows(QuestionLogRow.__table__, "asked_at", since, until)
        return [
            LoggedQuestion(
                asked_at=row.asked_at,
                outcome=row.outcome,
                question=row.question,
                language=row.language,
                intent=row.intent,
                regions=_split(row.regions),
                themes=_split(row.themes),
                top_score=row.top_score,
                result_count=row.result_count,
                channel_type=row.channel_type,
                user_hash=row.user_hash,
                knowledge_version=row.knowledge_version,
            )
            for row in rows
        ]

    def feedback(self, since: datetime, until: datetime | None = None) -> list[Feedback]:
        rows = self._rows(FeedbackRow.__table__, "rated_at", since, until)
        return [
            Feedback(
                rated_at=row.rated_at,
                rating=row.rating,
                question=row.question,
                language=row.language,
                regions=_split(row.regions),
                themes=_split(row.themes),
                results=_split(row.results),
                channel_type=row.channel_type,
                user_hash=row.user_hash,
                knowledge_version=row.knowledge_version,
            )
            for row in rows
        ]

    def purge(self, now: datetime) -> int:
        """Delete what is older than the retention period; returns how many rows went."""
        cutoff = now - self.retention
        with self.store.begin() as connection:
            gone = connection.execute(
                delete(QuestionLogRow.__table__).where(QuestionLogRow.__table__.c.asked_at < cutoff)
            ).rowcount
            gone += connection.execute(
                delete(FeedbackRow.__table__).where(FeedbackRow.__table__.c.rated_at < cutoff)
            ).rowcount
        if gone:
            logger.info("question log: purged %d rows older than %s", gone, cutoff.date().isoformat())
        return gone


# ----- the writer ------------------------------------------------------------------------------------------
_STOP = object()
# The database is away (refused, timed out, dropped the connection): wait and write the same batch again.
_OUTAGE = (OperationalError, InterfaceError, PoolTimeoutError, StoreClosedError)


class QuestionRecorder:
    """Takes entries from any thread without waiting; one background thread writes them.

    While the database is unreachable the writer holds the entries (up to `max_pending`, then the
    oldest are dropped and counted) and tries again with a growing pause, so nothing is lost to a
    short outage and nothing is written twice (a batch is retried only when its transaction failed).
    """

    def __init__(
        self,
        log: QuestionLog,
        *,
        max_pending: int = 10_000,
        batch: int = 200,
        retry_initial: float = 0.5,
        retry_max: float = 5.0,  # a short outage ends in seconds; an attempt every 5 s costs nothing
    ) -> None:
        self.log = log
        self._queue: queue.Queue[Any] = queue.Queue()
        self._max_pending = max_pending
        self._batch = batch
        self._retry_initial = retry_initial
        self._retry_max = retry_max
        self._pending = 0
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._stopping = threading.Event()
        self.dropped = 0
        self.written = 0
        self._thread = threading.Thread(target=self._run, name="question-log-writer", daemon=True)
        self._thread.start()

    def submit(self, entry: LoggedQuestion | Feedback) -> bool:
        """Queue `entry`; False (and counted in `dropped`) when the backlog is full or we are closing."""
        with self._lock:
            if self._stopping.is_set() or self._pending >= self._max_pending:
                self.dropped += 1
                return False
            self._pending += 1
        self._queue.put(entry)
        return True

    @property
    def pending(self) -> int:
        with self._lock:
            return self._pending

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until everything queued so far is written; False if the time ran out."""
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._pending:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(left)
        return True

    def close(self, timeout: float = 5.0) -> bool:
        """Write what is queued (within `timeout`), then stop the thread. True when nothing was left."""
        flushed = self.flush(timeout)
        self._stopping.set()
        self._queue.put(_STOP)
        self._thread.join(max(0.1, timeout / 5))
        if not flushed:
            logger.warning("question log: %d entries not written at shutdown", self.pending)
        return flushed

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            entries = [item]
            while len(entries) < self._batch:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is _STOP:
                    self._write(entries)
                    return
                entries.append(more)
            self._write(entries)

    def _write(self, entries: list[Any]) -> None:
        delay = self._retry_initial
        failures = 0
        while True:
            try:
                self.log.add(entries)
            except _OUTAGE as exc:
                failures += 1
                if self._stopping.is_set():
                    logger.warning(
                        "question log: %d entries lost at shutdown (%s)", len(entries), _brief(exc)
                    )
                    self._done(len(entries))
                    return
                if failures == 1:
                    logger.warning(
                        "question log: database unavailable (%s); holding %d entries and retrying",
                        _brief(exc),
                        len(entries),
                    )
                self._stopping.wait(delay)  # woken early by close(), which then gets one last try
                delay = min(self._retry_max, delay * 2)
                continue
            except Exception:
                if len(entries) > 1:  # one refused row must not take the rest of its batch with it
                    for entry in entries:
                        self._write([entry])
                    return
                # A row the database refuses for good (not an outage): drop it rather than retry forever.
                logger.exception("question log: could not write %d entries; dropped", len(entries))
                self.dropped += len(entries)
                self._done(len(entries))
                return
            if failures:
                logger.info("question log: database back; wrote %d held entries", len(entries))
            self.written += len(entries)
            self._done(len(entries))
            return

    def _done(self, count: int) -> None:
        with self._idle:
            self._pending -= count
            if self._pending <= 0:
                self._pending = 0
                self._idle.notify_all()


def _brief(exc: SQLAlchemyError) -> str:
    """One line naming the error class and the driver's first line (never the URL's password)."""
    original = getattr(exc, "orig", None)
    text = str(original if original is not None else exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:300]
