"""The scheduler's jobs neither pile up nor hang, and a run asked for during another is not lost."""

from __future__ import annotations

import asyncio

from bot.guarded_job import GuardedJob


def test_a_run_asked_for_while_one_is_going_follows_it_once() -> None:
    async def scenario() -> tuple[list[str], int]:
        runs: list[str] = []
        gate = asyncio.Event()

        async def work() -> None:
            runs.append("start")
            await gate.wait()
            gate.clear()
            runs.append("end")

        job = GuardedJob("tick", work, limit=5)
        first = asyncio.create_task(job.run())
        await asyncio.sleep(0)
        await job.run()  # a reload's tick: skipped for now…
        await job.run()  # …and a periodic one: both fold into one more run
        gate.set()
        await asyncio.sleep(0.01)
        gate.set()
        await first
        return runs, job.skipped

    runs, skipped = asyncio.run(scenario())
    assert runs == ["start", "end", "start", "end"]
    assert skipped == 2


def test_no_further_run_once_the_scheduler_is_paused() -> None:
    async def scenario() -> list[str]:
        runs: list[str] = []
        paused = [False]

        async def work() -> None:
            runs.append("run")
            await asyncio.sleep(0.01)

        job = GuardedJob("tick", work, limit=5, may_go_again=lambda: not paused[0])
        first = asyncio.create_task(job.run())
        await asyncio.sleep(0)
        await job.run()
        paused[0] = True  # SIGTERM
        await first
        return runs

    assert asyncio.run(scenario()) == ["run"]


def test_a_run_over_its_limit_is_stopped_and_the_next_starts_afresh() -> None:
    async def scenario() -> tuple[int, list[str]]:
        runs: list[str] = []

        async def slow() -> None:
            runs.append("run")
            await asyncio.sleep(10)

        job = GuardedJob("tick", slow, limit=0.05)
        await job.run()
        await job.run()
        return job.timed_out, runs

    assert asyncio.run(scenario()) == (2, ["run", "run"])
