"""Load test of HTTP mode: signed Slack requests at a steady rate against the real bot.

    python3 benchmarks/load.py                      # the target: 200 events/s for 60 s
    python3 benchmarks/load.py --rate 20 --seconds 3 --json
    python3 benchmarks/load.py --rate 400 --workers 2 --set DATABASE_URL=postgresql://…   # multi-process

Starts the local Slack stand-in (tests/slack_standin.py, in a process of its own) and the real
`python -m bot run --mode http` against it, both on 127.0.0.1 only, then sends signed requests on an
open-loop schedule (one every 1/rate s, whether or not earlier ones have been answered): mentions in
channels, direct messages and `/samverka` questions from many people, with the questions of
tests/questions.yaml. Reports the acknowledgement latency (what Slack's 3-second limit is about) as
p50/p90/p99, errors (non-2xx, resets, no acknowledgement within 3 s), whether every answer reached
the stand-in and how long that took, and the bot's CPU time. Bounded: at most MAX_EVENTS requests
and MAX_SECONDS of sending.

Exit status: 0 when there were no errors and every answer was posted; 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
import yaml  # noqa: E402

from tests.bot_process import BotProcess, free_port, standin_env  # noqa: E402
from tests.slack_standin import SlackStandin  # noqa: E402

MAX_EVENTS = 50_000
MAX_SECONDS = 600
ACK_TIMEOUT = 3.0  # Slack gives up on an acknowledgement after 3 s
ANSWER_WAIT = 60.0  # after the last request, how long answers may still arrive
USERS = 2_000  # distinct askers: at 200/s for 60 s each asks 6 times a minute, under the per-user limit
TARGET_P99_MS = 300.0


@dataclass
class Sent:
    index: int
    kind: str  # mention | dm | command
    key: str  # where its answer goes: the channel (mention, DM) or the response_url path
    started: float = 0.0
    latency: float | None = None  # seconds to the acknowledgement
    error: str | None = None


@dataclass
class Results:
    sent: list[Sent] = field(default_factory=list)
    send_seconds: float = 0.0
    answers: dict[str, float] = field(default_factory=dict)  # key -> when the answer reached Slack


# ----- the Slack stand-in, in a process of its own (its work must not slow the sender) -------------
def serve_standin() -> None:
    """Child process: run the stand-in, print its port; when stdin closes, print every answer it
    received as JSON (key, monotonic time: one clock for all processes on the machine)."""
    with SlackStandin() as slack:
        print(json.dumps({"port": slack.port}), flush=True)
        sys.stdin.read()  # until the parent closes our stdin
        answers = []
        for call in slack.calls_to():
            if call.method == "chat.postMessage":
                answers.append((str(call.get("channel")), call.at))
            elif call.method == "response_url":
                answers.append((call.path, call.at))
        print(json.dumps(answers), flush=True)


class StandinProcess:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--serve-standin"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        assert self.process.stdout is not None
        self.port = int(json.loads(self.process.stdout.readline())["port"])
        # A local, never-started copy builds payloads with the same tokens, secret and addresses.
        self.builder = SlackStandin()
        self.builder.port = self.port

    def answers(self) -> dict[str, float]:
        """Stop the stand-in; when the first answer reached each channel / response URL."""
        out, _ = self.process.communicate(timeout=60)
        first: dict[str, float] = {}
        for key, at in json.loads(out.strip().splitlines()[-1]):
            first.setdefault(key, at)
        return first

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


# ----- the requests -----------------------------------------------------------------------------------
RUN_ID = f"{os.getpid():x}{int(time.time()):x}"


def load_questions() -> list[str]:
    data = yaml.safe_load((ROOT / "tests" / "questions.yaml").read_text(encoding="utf-8"))
    return [item["q"] for item in data if isinstance(item, dict) and item.get("q")]


def build_request(
    slack: SlackStandin, index: int, kind: str, question: str
) -> tuple[Sent, str, dict[str, str]]:
    """One signed request body, and where its answer will appear (each request its own place)."""
    user = f"U{index % USERS:08d}"
    if kind == "command":
        key = f"/response/load-{index}"
        fields = slack.slash_command(question, user=user, response_url=slack.response_url(f"load-{index}"))
        body = slack.form_body(fields)
        return Sent(index, kind, key), body, slack.signed_headers(body, content_type="form")
    if kind == "dm":
        channel = f"D{index:09d}"
        event = slack.direct_message(question, user=user, channel=channel)
    else:
        channel = f"C{index:09d}"
        event = slack.mention(f"<@{slack.bot_user_id}> {question}", user=user, channel=channel)
    # unique across runs: with PostgreSQL the workers remember event ids for an hour (seen_keys)
    body = json.dumps(slack.event_callback(event, event_id=f"EvLoad{RUN_ID}{index:09d}"))
    return Sent(index, kind, channel), body, slack.signed_headers(body)


async def send_all(url: str, slack: SlackStandin, rate: float, seconds: float, seed: int) -> Results:
    questions = load_questions()
    rng = random.Random(seed)
    total = min(MAX_EVENTS, round(rate * seconds))
    results = Results()
    # Every request is built and signed before the clock starts, so the sender only sends.
    prepared = []
    for index in range(total):
        kind = rng.choices(("mention", "dm", "command"), weights=(5, 4, 1))[0]
        sent, body, headers = build_request(slack, index, kind, rng.choice(questions))
        results.sent.append(sent)
        prepared.append((sent, body.encode(), headers))
    connector = aiohttp.TCPConnector(limit=1000)
    timeout = aiohttp.ClientTimeout(total=ACK_TIMEOUT)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:

        async def one(sent: Sent, body: bytes, headers: dict[str, str]) -> None:
            sent.started = time.monotonic()
            try:
                async with session.post(url, data=body, headers=headers) as response:
                    await response.read()
                    if response.status != 200:
                        sent.error = f"HTTP {response.status}"
                        return
            except TimeoutError:
                sent.error = "no acknowledgement within 3 s"
                return
            except aiohttp.ClientError as exc:
                sent.error = type(exc).__name__
                return
            sent.latency = time.monotonic() - sent.started

        tasks = []
        start = time.monotonic()
        for index, (sent, body, headers) in enumerate(prepared):
            delay = start + index / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.ensure_future(one(sent, body, headers)))
            if time.monotonic() - start > MAX_SECONDS:
                break
        await asyncio.gather(*tasks)
        results.send_seconds = time.monotonic() - start
    return results


# ----- figures ----------------------------------------------------------------------------------------
def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def summarise(results: Results, rate: float, seconds: float, bot_log: str) -> dict[str, Any]:
    acks = [s.latency * 1000 for s in results.sent if s.latency is not None]
    errors = Counter(s.error for s in results.sent if s.error)
    ok = [s for s in results.sent if s.error is None]
    answer_ms = [(results.answers[s.key] - s.started) * 1000 for s in ok if s.key in results.answers]
    outcomes = Counter(re.findall(r"outcome=(\w+)", bot_log))
    return {
        "target": {"rate": rate, "seconds": seconds, "events": len(results.sent)},
        "achieved_rate": round(len(results.sent) / results.send_seconds, 1) if results.send_seconds else 0.0,
        "ack_ms": {
            "p50": round(percentile(acks, 50), 1),
            "p90": round(percentile(acks, 90), 1),
            "p99": round(percentile(acks, 99), 1),
            "max": round(max(acks), 1) if acks else None,
            "mean": round(statistics.fmean(acks), 1) if acks else None,
        },
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "answers_posted": len(answer_ms),
        "answers_expected": len(ok),
        "answer_ms": {
            "p50": round(percentile(answer_ms, 50), 1),
            "p90": round(percentile(answer_ms, 90), 1),
            "p99": round(percentile(answer_ms, 99), 1),
        },
        "bot_outcomes": dict(outcomes),
        "bot_errors_logged": len(re.findall(r"\b(ERROR|CRITICAL)\b|Traceback", bot_log)),
    }


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _cpu_seconds(pid: int, *, tree: bool = True) -> float:
    """User + system CPU time of a process and its living descendants (Linux /proc): how busy the
    bot was, with `--workers` its supervisor and every worker."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))) is not None:
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        fields = _stat(current)
        if fields is None:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        if tree:
            todo.extend(children.get(current, []))
    return total


def _wait_for_answers(bot: BotProcess, results: Results) -> None:
    """Until the bot has logged a line for every acknowledged request (or ANSWER_WAIT passes)."""
    expected = sum(1 for s in results.sent if s.error is None)
    deadline = time.monotonic() + ANSWER_WAIT
    while time.monotonic() < deadline:
        if bot.log().count("samverka.request") >= expected:
            return
        time.sleep(0.2)


def run(
    rate: float, seconds: float, seed: int, settings: dict[str, str] | None = None, workers: int = 1
) -> dict[str, Any]:
    if rate <= 0 or seconds <= 0:
        raise SystemExit("--rate and --seconds must be positive")
    if rate * seconds > MAX_EVENTS or seconds > MAX_SECONDS:
        raise SystemExit(f"bounded: at most {MAX_EVENTS} events and {MAX_SECONDS} s")
    standin = StandinProcess()
    try:
        with tempfile.TemporaryDirectory(prefix="samverka-load-") as tmp:
            workdir = Path(tmp)
            port = free_port()
            env = standin_env(standin.builder, workdir, mode="http", PORT=str(port), **(settings or {}))
            command = ["run", "--mode", "http", "--host", "127.0.0.1", "--workers", str(workers)]
            bot = BotProcess.start(command, env, workdir=workdir)
            try:
                bot.wait_http_ready(port)
                url = f"http://127.0.0.1:{port}/slack/events"  # never anywhere but this machine
                pids = {"bot": bot.process.pid, "stand-in": standin.process.pid, "sender": os.getpid()}
                cpu_before = {name: _cpu_seconds(pid, tree=name == "bot") for name, pid in pids.items()}
                results = asyncio.run(send_all(url, standin.builder, rate, seconds, seed))
                _wait_for_answers(bot, results)
                cpu = {
                    name: _cpu_seconds(pid, tree=name == "bot") - cpu_before[name]
                    for name, pid in pids.items()
                }
            finally:
                code = bot.stop(timeout=30)
            results.answers = standin.answers()
            log = bot.log_path.read_text(encoding="utf-8", errors="replace")
    finally:
        standin.kill()
    summary = summarise(results, rate, seconds, log)
    summary["bot_cpu_seconds"] = round(cpu["bot"], 1)
    summary["cpu_seconds"] = {name: round(value, 1) for name, value in cpu.items()}
    summary["bot_exit"] = code
    return summary


def main(argv: list[str] | None = None) -> int:
    if argv is None and sys.argv[1:] == ["--serve-standin"]:
        serve_standin()
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=200.0, help="requests a second (default 200)")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to send (default 60)")
    parser.add_argument("--seed", type=int, default=7, help="question and kind choice (default 7)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument(
        "--workers", type=int, default=1, help="the bot's HTTP worker processes (default 1; WEB_CONCURRENCY)"
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a setting for the bot, e.g. --set LOG_FORMAT=json (repeatable)",
    )
    args = parser.parse_args(argv)
    settings = {}
    for item in args.set:
        name, sep, value = item.partition("=")
        if not sep or not name:
            parser.error(f"--set {item!r}: write NAME=VALUE")
        settings[name.upper()] = value
    summary = run(args.rate, args.seconds, args.seed, settings, workers=args.workers)
    passed = summary["errors"] == 0 and summary["answers_posted"] == summary["answers_expected"]
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        ack = summary["ack_ms"]
        answer = summary["answer_ms"]
        print(
            f"sent {summary['target']['events']} requests at {summary['achieved_rate']}/s "
            f"(target {args.rate:g}/s for {args.seconds:g} s) on {os.cpu_count()} CPUs, "
            f"{args.workers} bot worker(s)"
        )
        print(f"ack latency ms: p50 {ack['p50']}  p90 {ack['p90']}  p99 {ack['p99']}  max {ack['max']}")
        print(f"errors: {summary['errors']} {summary['error_kinds'] or ''}")
        print(
            f"answers posted: {summary['answers_posted']}/{summary['answers_expected']}; "
            f"event→answer ms p50 {answer['p50']}  p90 {answer['p90']}  p99 {answer['p99']}"
        )
        print(
            f"bot outcomes: {summary['bot_outcomes']}; errors logged: {summary['bot_errors_logged']}; "
            f"exit {summary['bot_exit']}"
        )
        print(
            "CPU seconds: "
            + ", ".join(f"{name} {value}" for name, value in summary["cpu_seconds"].items())
            + f" (over {summary['target']['seconds']:g} s of sending, {os.cpu_count()} CPUs)"
        )
        verdict = "met" if passed and ack["p99"] < TARGET_P99_MS else "NOT met"
        print(f"target (p99 ack < {TARGET_P99_MS:g} ms, zero errors, all answers posted): {verdict}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
