"""`python -m bot bench`: the speed benchmark on a generated knowledge base; prints its figures."""

from __future__ import annotations

import argparse

from bot.cli import CommandError
from bot.quality import benchmark

HELP = "speed benchmark on a generated (synthetic) knowledge base; prints its figures"
DESCRIPTION = (
    "Generate a synthetic knowledge base (the real gazetteer and themes, N made-up enterprises marked "
    "SYNTETISK) in a temporary directory, then measure in fresh processes: load+validate+index time, "
    "median and p99 latency over a fixed question mix, and peak RSS, for the matcher and for a naive "
    "baseline (rapidfuzz process.extract over every entry's text per question). Exit status 0 when every "
    "target is met, 1 when one is missed."
)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--enterprises",
        metavar="N",
        type=_positive,
        default=20_000,
        help="synthetic enterprises (default 20000)",
    )
    parser.add_argument(
        "--rounds",
        metavar="N",
        type=_positive,
        default=20,
        help="times the matcher answers the mix (default 20)",
    )
    parser.add_argument(
        "--naive-rounds",
        metavar="N",
        type=_positive,
        default=1,
        help="times the baseline answers it (default 1)",
    )


def run(args: argparse.Namespace) -> int:
    for name in ("regions.yaml", "themes.yaml"):
        if not (args.knowledge / name).is_file():
            raise CommandError(
                f"{args.knowledge / name} not found: the benchmark uses the real gazetteer and themes"
            )
    matcher, naive = benchmark.run(args.knowledge, args.enterprises, args.rounds, args.naive_rounds)
    print(benchmark.report(matcher, naive, args.enterprises))
    return 0 if benchmark.all_met(matcher, naive) else 1
