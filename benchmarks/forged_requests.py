"""Outsiders' requests against the real bot in HTTP mode: what they get, what the bot sends, what it logs.

    python3 benchmarks/forged_requests.py            # 2,000 forged, 2,000 malformed, 434 oversized
    python3 benchmarks/forged_requests.py --scale 0.1 --json

Starts the local Slack stand-in and the real `python -m bot run --mode http`, both on 127.0.0.1, and
sends three floods, each body naming a channel, a user and a stand-in `response_url` an attacker
would like the bot to use:
- forged: unsigned requests whose timestamp header is `x`, empty, `1.5` or 5,000 digits (the
  slack-bolt 1.30 hole: its verification raised instead of refusing);
- malformed: unsigned bodies that are invalid JSON, 100,000-deep nesting, invalid UTF-8 or an array;
- oversized: 1 MB bodies with a wrong signature (bolt logged each body whole at INFO).
Prints, per flood: the status codes, messages posted anywhere, calls to a `response_url`, and the
bytes the bot wrote to its log. Exit status 0 when every request got 401 and nothing was sent.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.bot_process import BotProcess, free_port, standin_env  # noqa: E402
from tests.slack_standin import SlackStandin  # noqa: E402

TIMESTAMPS = ["x", "", "1.5", "9" * 5000]
MALFORMED = [
    b'{"type": "event_callback", "event": ',
    b"[" * 100_000 + b"]" * 100_000,
    b'{"type": "event_callback", "x": "\xff\xfe\xfd"}',
    b'[{"type": "event_callback"}]',
]


def post(port: int, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/slack/events", data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0  # reset or refused


def lure(slack: SlackStandin, text: str = "LEAKQUESTION") -> dict[str, Any]:
    event = slack.event_callback(slack.mention(f"<@{slack.bot_user_id}> {text}", channel="C0VICTIM"))
    event["response_url"] = slack.response_url("victim")
    event["user_id"] = "U0VICTIM"
    return event


def flood(port: int, requests: list[tuple[bytes, dict[str, str]]]) -> Counter[int]:
    with ThreadPoolExecutor(max_workers=8) as pool:
        return Counter(pool.map(lambda r: post(port, *r), requests))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the default counts")
    parser.add_argument("--json", action="store_true", help="one JSON object instead of a table")
    args = parser.parse_args()
    if not 0 < args.scale <= 1:
        parser.error("--scale takes a number above 0 and at most 1")
    counts = {"forged": int(2000 * args.scale), "malformed": int(2000 * args.scale)}
    counts["oversized"] = int(434 * args.scale)
    rows = []
    with SlackStandin() as slack, tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        port = free_port()
        env = standin_env(slack, workdir, mode="http", PORT=str(port), WEB_CONCURRENCY="1")
        with BotProcess.start(["run", "--mode", "http", "--host", "127.0.0.1"], env, workdir=workdir) as bot:
            bot.wait_http_ready(port)
            body = json.dumps(lure(slack)).encode()
            big = json.dumps(lure(slack, "LEAKQUESTION " + "x" * 1_000_000)).encode()
            signed = slack.signed_headers(big.decode())
            floods = {
                "forged": [
                    (
                        body,
                        {
                            "Content-Type": "application/json",
                            "X-Slack-Request-Timestamp": ts,
                            "X-Slack-Signature": "v0=" + "0" * 64,
                        },
                    )
                    for ts in (TIMESTAMPS * counts["forged"])[: counts["forged"]]
                ],
                "malformed": [
                    (raw, {"Content-Type": "application/json"})
                    for raw in (MALFORMED * counts["malformed"])[: counts["malformed"]]
                ],
                "oversized": [
                    (big, {**signed, "X-Slack-Signature": "v0=" + "1" * 64})
                    for _ in range(counts["oversized"])
                ],
            }
            for name, requests in floods.items():
                before = bot.log_path.stat().st_size
                calls_before = len(slack.calls_to())
                started = time.monotonic()
                statuses = flood(port, requests)
                seconds = time.monotonic() - started
                time.sleep(1.0)  # anything the bot would do with them, done by now
                calls = slack.calls_to()[calls_before:]
                log = bot.log()
                rows.append(
                    {
                        "flood": name,
                        "requests": len(requests),
                        "statuses": dict(sorted(statuses.items())),
                        "seconds": round(seconds, 2),
                        "posts": sum(c.method == "chat.postMessage" for c in calls),
                        "response_url_calls": sum(c.method == "response_url" for c in calls),
                        "log_bytes": bot.log_path.stat().st_size - before,
                        "question_text_in_log": "LEAKQUESTION" in log,
                        "user_id_in_log": "U0VICTIM" in log,
                        "tracebacks_in_log": log.count("Traceback"),
                    }
                )
            bot.stop()
    clean = all(
        set(r["statuses"]) == {401}
        and r["posts"] == r["response_url_calls"] == 0
        and not r["question_text_in_log"]
        and not r["user_id_in_log"]
        and r["tracebacks_in_log"] == 0
        for r in rows
    )
    if args.json:
        print(json.dumps({"floods": rows, "clean": clean}))
    else:
        print(
            f"{'flood':10} {'requests':>8} {'statuses':>16} {'s':>6} {'posts':>6} {'resp_url':>8} "
            f"{'log bytes':>10}  question/user id/tracebacks in log"
        )
        for r in rows:
            statuses = ",".join(f"{k}×{v}" for k, v in r["statuses"].items())
            print(
                f"{r['flood']:10} {r['requests']:>8} {statuses:>16} {r['seconds']:>6} {r['posts']:>6} "
                f"{r['response_url_calls']:>8} {r['log_bytes']:>10}  {r['question_text_in_log']}/"
                f"{r['user_id_in_log']}/{r['tracebacks_in_log']}"
            )
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
