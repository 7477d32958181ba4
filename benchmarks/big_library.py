"""Issue 5: a big library opened cold and warm, searched, and shown in the app, in one run.

Generates ``--count`` posts (10,000; ``make_library.py``: 2-8 KB bodies, about 30%
Japanese) in a temporary folder, or uses ``--dir``. Every command runs with a private,
temporary cache folder (``XDG_CACHE_HOME``). Medians of ``--rounds`` rounds of:

* read: a Python process that walks the folder and reads every post file once; the
  baseline the others are divided by;
* cold: ``reader list DIR --json --drafts`` with an empty cache (aim: at most 4x read);
* warm: the same again, the cache filled (aim: at most 2x read);

then, once: building the full-text index (``reader search``), the cache's size against
the library's (aim: under 4x), and the median time of English and Japanese queries in
one process (aim: under 50 ms). With ``--app`` (needs tmux), the app's first screen on
this library, warm, against a library of 10 posts (aims: 1.5x for 10,000 posts, 3x
for 100,000), the same with an empty cache against warm (aim: 1.5x), when it lists
every post, and its peak memory by then (aim: under 500 MB).

Usage::

    .venv/bin/python benchmarks/big_library.py [--count N] [--rounds R] [--dir DIR] [--app]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from make_library import make_library
from terminal_timing import Step, have_tmux, time_until_visible

READ_FILES = """\
import os, sys
total = 0
for folder, _, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith(".md"):
            with open(os.path.join(folder, name), "rb") as file:
                total += len(file.read())
"""
ENGLISH_QUERIES = ("profiling", "postgres backups", "careful review", "sqlite", "kitchen garden")
JAPANESE_QUERIES = ("文字コード", "並列処理", "図書館", "キャッシュ", "温泉")


def timed_run(
    command: Sequence[str], environment: dict[str, str], statuses: Sequence[int] = (0,)
) -> float:
    """Seconds ``command`` takes, its output thrown away; fails loudly on another status."""
    started = time.perf_counter()
    result = subprocess.run(
        command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    elapsed = time.perf_counter() - started
    if result.returncode not in statuses:
        raise SystemExit(f"{command} exited with {result.returncode}: {result.stderr.decode()}")
    return elapsed


def folder_bytes(folder: Path) -> int:
    """The size of every file under ``folder``."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def search_times(folder: Path) -> list[float]:
    """Seconds of each query (English and Japanese), the full-text index built."""
    from reader.model.library import load_library
    from reader.model.reading_time import DEFAULT_SPEEDS
    from reader.model.search import search

    library = load_library([folder], use_cache=True, speeds=DEFAULT_SPEEDS)
    times = []
    for query in (*ENGLISH_QUERIES, *JAPANESE_QUERIES) * 3:
        started = time.perf_counter()
        hits = search(library, query)
        times.append(time.perf_counter() - started)
        if not hits:
            print(f"warning: no hit for {query!r} (a broken generator?)", file=sys.stderr)
    return times


def first_screen(
    folder: Path, marker: str, whole: str, environment: dict[str, str]
) -> tuple[float, float, float]:
    """Seconds until ``marker`` is on the app's screen, then until ``whole`` is (every post
    listed), and the app's peak memory in MB by then."""
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = environment["XDG_CACHE_HOME"]
    try:
        timing = time_until_visible(
            [sys.executable, "-m", "reader", str(folder)], marker, steps=[Step(whole)]
        )
    finally:
        if previous is None:
            del os.environ["XDG_CACHE_HOME"]
        else:
            os.environ["XDG_CACHE_HOME"] = previous
    return timing.first, timing.first + timing.steps[0], timing.peak_rss_mb


def measure_search(
    folder: Path, cache: Path, library_mb: float, environment: dict[str, str]
) -> None:
    """Build the full-text index, print its cost and size, then time the queries."""
    # A query nothing holds (exit status 1): the time is the index's.
    query = [sys.executable, "-m", "reader", "search", "no-such-words-anywhere", str(folder)]
    indexing = timed_run(query, environment, statuses=(1,))
    cache_mb = folder_bytes(cache) / 1e6
    print(f"full-text index built in:   {indexing:.1f} s")
    print(
        f"cache size:                 {cache_mb:.0f} MB"
        f" = {cache_mb / library_mb:.1f}x the library (aim < 4x)"
    )
    os.environ["XDG_CACHE_HOME"] = str(cache)
    times = search_times(folder)
    median_ms = statistics.median(times) * 1000
    print(
        f"search, {len(times)} queries:        median {median_ms:.1f} ms,"
        f" slowest {max(times) * 1000:.1f} ms (aim: median < 50 ms)"
    )


def main() -> int:
    """Measure and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dir", type=Path, help="use this library instead of generating one")
    parser.add_argument("--app", action="store_true", help="also time the app's first screen")
    parser.add_argument(
        "--no-search", action="store_true", help="skip the full-text index (slow for 100,000)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        folder = args.dir or work / "library"
        if args.dir is None:
            make_library(folder, count=args.count, seed=0)
        small = work / "small"
        make_library(small, count=10, seed=1)
        cache = work / "cache"
        environment = {**os.environ, "XDG_CACHE_HOME": str(cache)}
        environment.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode cached
        reader = [sys.executable, "-m", "reader", "list", str(folder), "--json", "--drafts"]
        read = [sys.executable, "-c", READ_FILES, str(folder)]
        timed_run(read, environment)  # the page cache and bytecode warm for everyone
        reads, colds, warms = [], [], []
        for _ in range(args.rounds):
            reads.append(timed_run(read, environment))
            shutil.rmtree(cache, ignore_errors=True)
            colds.append(timed_run(reader, environment))
            warms.append(timed_run(reader, environment))
        files = sum(1 for _ in folder.rglob("*.md"))
        library_mb = folder_bytes(folder) / 1e6
        read_s, cold_s, warm_s = map(statistics.median, (reads, colds, warms))
        print(f"library: {files:,} posts, {library_mb:.0f} MB; medians of {args.rounds} rounds")
        print(f"read every file once:       {read_s:.3f} s (the baseline)")
        print(
            f"reader list --json, cold:   {cold_s:.3f} s = {cold_s / read_s:.1f}x read (aim <= 4x)"
        )
        print(
            f"reader list --json, warm:   {warm_s:.3f} s = {warm_s / read_s:.1f}x read (aim <= 2x)"
        )

        if not args.no_search:
            measure_search(folder, cache, library_mb, environment)
        if args.app:
            if not have_tmux():
                print("tmux is not installed: the app was not timed", file=sys.stderr)
                return 1
            marker = "posts · by category"
            whole, small_whole = f"· {files} posts ·", "· 10 posts ·"
            first_screen(folder, marker, whole, environment)  # fills the cache for this library
            first_screen(small, marker, small_whole, environment)
            bigs, wholes, smalls, peaks, colds_app = [], [], [], [], []
            for _ in range(args.rounds):
                big, big_whole, peak = first_screen(folder, marker, whole, environment)
                bigs.append(big)
                wholes.append(big_whole)
                peaks.append(peak)
                smalls.append(first_screen(small, marker, small_whole, environment)[0])
                shutil.rmtree(cache, ignore_errors=True)  # a library never seen before
                colds_app.append(first_screen(folder, marker, whole, environment)[0])
            big_s, small_s = statistics.median(bigs), statistics.median(smalls)
            cold_app_s = statistics.median(colds_app)
            print(f"app first screen, 10 posts: {small_s:.3f} s (the baseline)")
            print(
                f"app first screen, {files:,}:  {big_s:.3f} s = {big_s / small_s:.2f}x"
                " (aims: 1.5x at 10,000 posts, 3x at 100,000)"
            )
            print(
                f"app first screen, cold:     {cold_app_s:.3f} s = {cold_app_s / big_s:.2f}x warm"
                " (aim <= 1.5x)"
            )
            print(f"app lists all {files:,} at:   {statistics.median(wholes):.3f} s")
            print(f"app peak memory:            {max(peaks):.0f} MB (aim < 500 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
