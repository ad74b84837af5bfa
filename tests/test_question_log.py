"""The question log on both databases: what is recorded, hashed users, upserted ratings, retention,
and the background writer that holds entries through a database outage."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import inspect, select

from bot.storage.store import QuestionLogRow, open_store
from bot.understanding.answers import Answer, Note, Result
from bot.upkeep.question_log import (
    LOW_CONFIDENCE,
    MAX_QUESTION_CHARS,
    QuestionLog,
    QuestionRecorder,
    classify,
    derive_salt,
    feedback_entry,
    hash_user,
    question_entry,
)

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
SALT = derive_salt("test-salt")


def answer(question: str, *scores: float, intent: str = "enterprises", regions=(), themes=()) -> Answer:
    results = tuple(
        Result(kind="enterprise", id=f"e{i}", name=f"E{i}", score=score, why=())
        for i, score in enumerate(scores)
    )
    return Answer(
        question=question,
        language="sv",
        intent=intent,  # type: ignore[arg-type]
        regions=tuple(regions),
        themes=tuple(themes),
        results=results,
        knowledge_version="kv1",
    )


# ----- pure parts ----------------------------------------------------------------------------------------
def test_classify_logs_no_results_and_weak_answers_only() -> None:
    assert classify(answer("sociala företag i Kiruna")) == "no_results"
    assert classify(answer("vem kan hjälpa", LOW_CONFIDENCE - 0.01, 0.1)) == "low_confidence"
    assert classify(answer("sociala företag i Karlskoga", 0.9, 0.2)) is None
    assert classify(answer("hjälp", intent="help")) is None
    assert classify(answer("   ")) is None  # an empty question is not a gap in the knowledge base
    assert classify(answer("vad blir vädret", intent="out_of_domain")) == "no_results"
    widened = answer("sociala företag i Kiruna", 0.8, regions=("se-kiruna",))
    assert classify(widened) is None
    assert classify(replace(widened, notes=(Note("widened", {"place": "se-kiruna"}),))) == "widened"


def test_user_ids_are_salted_hashes_never_the_raw_id() -> None:
    hashed = hash_user("U012ABCDEF", SALT)
    assert hashed == hash_user("U012ABCDEF", SALT)  # stable: distinct people can be counted
    assert "U012ABCDEF" not in hashed and len(hashed) == 32
    assert hashed != hash_user("U012ABCDEF", derive_salt("another-salt"))
    assert hashed != hash_user("U012ABCDEG", SALT)
    assert hash_user(None, SALT) == ""
    # LOG_SALT wins; else the first secret that is set; else random (not derivable later).
    assert derive_salt(None, "signing") == derive_salt("signing")
    assert derive_salt(None, None) != derive_salt(None, None)


def test_entries_are_clipped_and_storable() -> None:
    long = "a" * 40_000 + "\x00\ud800"
    entry = question_entry(answer(long), "no_results", at=NOW, channel_type="im", user_hash="h")
    assert len(entry.question) == MAX_QUESTION_CHARS
    weird = question_entry(answer("x\x00y\ud800z"), "no_results", at=NOW, channel_type="im", user_hash="h")
    assert "\x00" not in weird.question and "\ud800" not in weird.question
    with pytest.raises(ValueError):
        feedback_entry(answer("q"), 0, results=(), at=NOW, channel_type="im", user_hash="h")


# ----- the database ---------------------------------------------------------------------------------------
def test_record_read_back_and_purge(database_url: str) -> None:
    store = open_store(database_url)
    try:
        log = QuestionLog(store, retention=timedelta(days=90))
        old = question_entry(
            answer("enterprises in Kiruna", regions=("se-kiruna",)),
            "no_results",
            at=NOW - timedelta(days=91),
            channel_type="channel",
            user_hash=hash_user("U1", SALT),
        )
        new = question_entry(
            answer("äldreomsorg i Luleå", 0.3, regions=("se-lulea",), themes=("elderly-care",)),
            "low_confidence",
            at=NOW - timedelta(days=1),
            channel_type="im",
            user_hash=hash_user("U2", SALT),
        )
        log.add([old, new])
        assert log.questions(NOW - timedelta(days=365)) == [old, new]
        assert log.questions(NOW - timedelta(days=30)) == [new]
        assert log.questions(NOW - timedelta(days=365), until=NOW - timedelta(days=30)) == [old]

        assert log.purge(NOW) == 1
        assert log.questions(NOW - timedelta(days=365)) == [new]
        # Nothing in the tables can identify the person: no raw Slack id anywhere.
        with store.begin() as connection:
            rows = connection.execute(select(QuestionLogRow.__table__)).all()
        assert rows and all("U2" not in str(tuple(row)) for row in rows)
    finally:
        store.close()


def test_a_second_click_replaces_the_rating(database_url: str) -> None:
    store = open_store(database_url)
    try:
        log = QuestionLog(store)
        asked = answer("sociala företag i Karlskoga", 0.9)
        up = feedback_entry(asked, 1, results=("enterprise:e0",), at=NOW, channel_type="im", user_hash="h1")
        down = feedback_entry(
            asked,
            -1,
            results=("enterprise:e0",),
            at=NOW + timedelta(minutes=1),
            channel_type="im",
            user_hash="h1",
        )
        other = feedback_entry(
            asked, -1, results=("enterprise:e0",), at=NOW, channel_type="im", user_hash="h2"
        )
        log.add([up])
        log.add([down, other])
        ratings = log.feedback(NOW - timedelta(days=1))
        assert sorted((f.user_hash, f.rating) for f in ratings) == [("h1", -1), ("h2", -1)]
        assert {f.results for f in ratings} == {("enterprise:e0",)}
        assert log.purge(NOW + timedelta(days=91)) == 2
    finally:
        store.close()


def test_migration_creates_the_tables_with_their_indexes(database_url: str) -> None:
    store = open_store(database_url)
    try:
        inspector = inspect(store.engine)
        assert {"question_log", "answer_feedback"} <= set(inspector.get_table_names())
        assert "ix_question_log_asked_at" in {i["name"] for i in inspector.get_indexes("question_log")}
    finally:
        store.close()


def test_retention_must_be_positive(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path / 'q.db'}")
    try:
        with pytest.raises(ValueError):
            QuestionLog(store, retention=timedelta(0))
    finally:
        store.close()


# ----- the writer --------------------------------------------------------------------------------------
class FlakyLog:
    """A QuestionLog stand-in whose database is 'down' until `up` is set (raises OperationalError)."""

    def __init__(self) -> None:
        self.up = threading.Event()
        self.rows: list[object] = []
        self.attempts = 0

    def add(self, entries: list[object]) -> None:
        from sqlalchemy.exc import OperationalError

        self.attempts += 1
        if not self.up.is_set():
            raise OperationalError("INSERT", {}, Exception("connection refused"))
        self.rows.extend(entries)


def _entry(n: int):  # type: ignore[no-untyped-def]
    return question_entry(answer(f"q{n}"), "no_results", at=NOW, channel_type="im", user_hash="h")


def test_writer_holds_entries_through_an_outage_and_writes_each_once() -> None:
    flaky = FlakyLog()
    recorder = QuestionRecorder(flaky, retry_initial=0.01, retry_max=0.05)  # type: ignore[arg-type]
    try:
        for n in range(25):
            assert recorder.submit(_entry(n))
        assert not recorder.flush(timeout=0.3)  # the database is down: nothing written yet
        assert flaky.attempts >= 2 and flaky.rows == []
        flaky.up.set()
        assert recorder.flush(timeout=5)
        assert [e.question for e in flaky.rows] == [f"q{n}" for n in range(25)]  # in order, none twice
        assert recorder.written == 25 and recorder.dropped == 0
    finally:
        recorder.close(timeout=1)


class RefusingLog(FlakyLog):
    """Also refuses for good (not an outage) any batch holding the question "q3"."""

    def add(self, entries: list[object]) -> None:
        if self.up.is_set() and any(getattr(e, "question", None) == "q3" for e in entries):
            raise ValueError("value too long")
        super().add(entries)


def test_a_refused_row_is_dropped_alone_not_with_its_batch() -> None:
    refusing = RefusingLog()
    recorder = QuestionRecorder(refusing, retry_initial=0.01, retry_max=0.05)  # type: ignore[arg-type]
    try:
        for n in range(6):  # queued while the database is down, so they are written as one batch
            assert recorder.submit(_entry(n))
        refusing.up.set()
        assert recorder.flush(timeout=5)
        assert [e.question for e in refusing.rows] == ["q0", "q1", "q2", "q4", "q5"]
        assert recorder.written == 5 and recorder.dropped == 1
    finally:
        recorder.close(timeout=1)


def test_writer_backlog_is_bounded_and_closing_stops_taking_entries() -> None:
    flaky = FlakyLog()
    recorder = QuestionRecorder(flaky, max_pending=5, retry_initial=0.01, retry_max=0.02)  # type: ignore[arg-type]
    accepted = [recorder.submit(_entry(n)) for n in range(8)]
    assert accepted.count(True) == 5 and recorder.dropped == 3
    flaky.up.set()
    assert recorder.close(timeout=5)
    assert len(flaky.rows) == 5
    assert not recorder.submit(_entry(99))


def test_writer_against_a_real_database(database_url: str) -> None:
    store = open_store(database_url)
    recorder = QuestionRecorder(QuestionLog(store))
    try:
        for n in range(50):
            recorder.submit(_entry(n))
        assert recorder.flush(timeout=10)
        assert len(QuestionLog(store).questions(NOW - timedelta(days=1))) == 50
    finally:
        recorder.close()
        store.close()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ring mig på 070-123 45 67 om Örebro", "ring mig på [phone] om Örebro"),
        ("+46 70 123 45 67", "[phone]"),
        ("mitt personnummer 850709-1234", "mitt personnummer [personnummer]"),
        ("198507091234 i Luleå", "[personnummer] i Luleå"),
        ("skriv till anna.berg@orebro.se", "skriv till [e-mail]"),
        ("xoxb-1234-5678-abcdef och xapp-1-A0-123-abc", "[token] och [token]"),
        ("sociala företag i Karlskoga 2026", "sociala företag i Karlskoga 2026"),
        ("vad händer 2026-12-10 i Kiruna", "vad händer 2026-12-10 i Kiruna"),
    ],
)
def test_personal_details_are_masked_before_a_question_is_stored(typed: str, stored: str) -> None:
    entry = question_entry(answer(typed), "no_results", at=NOW, channel_type="im", user_hash="h")
    assert entry.question == stored
