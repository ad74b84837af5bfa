"""The cycle collector is paused only while a knowledge base is built, and left as it was found."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.knowledge.gc_pause import paused_gc
from bot.knowledge.loading import validate_knowledge
from tests.knowledge_files import write_knowledge


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_paused_inside_and_running_after() -> None:
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause is still going
    assert gc.isenabled()


def test_running_again_after_an_error() -> None:
    with pytest.raises(RuntimeError), paused_gc():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_never_switched_on_when_it_was_off() -> None:
    gc.disable()
    with paused_gc():
        pass
    assert not gc.isenabled()


def test_overlapping_pauses_in_two_threads_end_with_the_last() -> None:
    first_in, second_done = threading.Event(), threading.Event()
    seen: list[bool] = []

    def first() -> None:
        with paused_gc():
            first_in.set()
            second_done.wait(10)
            seen.append(gc.isenabled())

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(10)
    with paused_gc():
        pass
    assert not gc.isenabled()  # the first thread's pause goes on
    second_done.set()
    thread.join(10)
    assert seen == [False]
    assert gc.isenabled()


def test_loading_leaves_the_collector_running(tmp_path: Path) -> None:
    knowledge, problems = validate_knowledge(write_knowledge(tmp_path / "k"))
    assert knowledge is not None and problems == []
    assert gc.isenabled()
