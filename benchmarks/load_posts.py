"""Benchmark: load a library of posts, against just reading the same files.

Generates ``--count`` posts (10,000 by default) with ``make_library`` into a temporary
folder, or uses ``--dir``. Every file is read once first so both measures start with a
warm page cache. Then, in each of ``--rounds`` rounds, one after the other:

* baseline: walk the folder and read every post file's bytes once;
* load: ``reader.model.library.load_library([folder])``.

The medians are printed as files (posts) per second, with the ratio load / read. The
aim (issue 2) is a ratio of at most 8.

Usage::

    .venv/bin/python benchmarks/load_posts.py [--count N] [--rounds R] [--dir DIR]
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from make_library import make_library

from reader.model.library import load_library
from reader.model.post import POST_SUFFIXES

AIM = 8.0


def read_all(folder: Path) -> tuple[int, int]:
    """Walk ``folder`` and read every post file's bytes once: ``(files, bytes)``."""
    files = 0
    total = 0
    for current, _, names in os.walk(folder):
        for name in names:
            if os.path.splitext(name)[1].lower() in POST_SUFFIXES:
                with open(os.path.join(current, name), "rb") as file:
                    total += len(file.read())
                files += 1
    return files, total


def load_all(folder: Path) -> int:
    """Load the library under ``folder``: the number of posts."""
    return len(load_library([folder]).posts)


def timed(action: Callable[[], object]) -> float:
    """Seconds ``action`` takes, after collecting garbage left by earlier rounds."""
    gc.collect()
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def check(folder: Path, expected: int) -> None:
    """Fail loudly if the library does not load cleanly (a broken generator, say)."""
    library = load_library([folder])
    if len(library.posts) != expected:
        sys.exit(f"load_posts: loaded {len(library.posts)} posts, expected {expected}")
    problems = Counter(problem for post in library.posts for problem in post.problems)
    if problems:
        print(f"warning: {sum(problems.values())} problems, e.g. {problems.most_common(3)}")


def run(folder: Path, rounds: int) -> float:
    """Measure and print; return the ratio of load time to read time."""
    files, size = read_all(folder)  # warms the page cache
    if files == 0:
        sys.exit(f"load_posts: no post files under {folder}")
    check(folder, files)  # warms the model's imports and caches too
    read_times: list[float] = []
    load_times: list[float] = []
    for _ in range(rounds):
        read_times.append(timed(lambda: read_all(folder)))
        load_times.append(timed(lambda: load_all(folder)))
    read = statistics.median(read_times)
    load = statistics.median(load_times)
    ratio = load / read
    print(f"library: {files:,} files, {size / 1024 / 1024:.1f} MB, {folder}")
    print(f"rounds: {rounds} (median shown)")
    print(f"baseline read: {files} files in {read:.2f} s ({files / read:,.0f} files/s)")
    print(f"load: {files} posts in {load:.2f} s ({files / load:,.0f} posts/s)")
    print(f"ratio: {ratio:.1f}x (aim <= {AIM:g}x)")
    return ratio


def main(argv: list[str] | None = None) -> int:
    """Command line; exit status 0 whatever the ratio (it is a measure, not a test)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=10_000, help="posts to generate")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds (median shown)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed")
    parser.add_argument("--dir", type=Path, help="use the posts in DIR instead of generating")
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.count < 1:
        parser.error("--rounds and --count must be at least 1")
    if args.dir is not None:
        if not args.dir.is_dir():
            parser.error(f"--dir {args.dir} is not a folder")
        run(args.dir, args.rounds)
        return 0
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as temporary:
        folder = Path(temporary)
        started = time.perf_counter()
        make_library(folder, args.count, args.seed)
        print(f"generated {args.count:,} posts in {time.perf_counter() - started:.2f} s")
        run(folder, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
