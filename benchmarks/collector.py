"""Benchmark: what the cycle-collector tuning of ``reader/model/collector.py`` buys.

In one process, with posts made by ``make_library.make_post`` in memory:

* building ``--count`` posts (``post_from_text``) with the collector running, against
  the same with it paused (``collector_paused``), in turns;
* one full collector pass with ``--alive`` summaries alive, against the same once they
  are frozen (``freeze_survivors``): what every later pass costs while the app runs.

Usage::

    .venv/bin/python benchmarks/collector.py [--count N] [--alive N] [--rounds R]
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
from pathlib import Path

from make_library import make_post, median_seconds

from reader.model.collector import collector_paused, freeze_survivors, thaw_survivors
from reader.model.post import PostSummary
from reader.model.post_loader import post_from_text


def build(texts: list[str]) -> list[PostSummary]:
    """The posts of ``texts``, kept as the library keeps them (summaries)."""
    path = Path("post.md")
    return [post_from_text(text, path).summary() for text in texts]


def main(argv: list[str] | None = None) -> int:
    """Command line; prints the figures, exit status 0 (a measure, not a test)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=20_000, help="posts built per round")
    parser.add_argument("--alive", type=int, default=100_000, help="summaries kept alive")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds (median shown)")
    args = parser.parse_args(argv)
    rng = random.Random(0)
    texts = [make_post(rng)[2] for _ in range(args.count)]
    build(texts[:100])  # imports and caches warm

    def paused() -> None:
        with collector_paused():
            build(texts)

    running_times, paused_times = [], []
    for _ in range(args.rounds):  # in turns, so that both see the same load
        running_times.append(median_seconds(lambda: build(texts), 1))
        paused_times.append(median_seconds(paused, 1))
    running, quiet = statistics.median(running_times), statistics.median(paused_times)
    print(f"building {args.count:,} posts: ", end="")
    print(f"collector running {running:.2f} s, paused {quiet:.2f} s, ratio {quiet / running:.2f}")

    alive = [post for _ in range(args.alive // args.count + 1) for post in build(texts)]
    alive = alive[: args.alive]
    thawed = median_seconds(gc.collect, args.rounds)
    freeze_survivors()
    frozen = median_seconds(gc.collect, args.rounds)
    thaw_survivors()
    print(f"a full collector pass with {len(alive):,} posts alive: ", end="")
    print(f"{thawed * 1000:.1f} ms, frozen {frozen * 1000:.1f} ms, ratio {frozen / thawed:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
