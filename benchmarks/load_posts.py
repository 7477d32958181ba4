"""Benchmark: load a library of posts, against just reading the same files, like with like.

Generates ``--count`` posts (10,000 by default) with ``make_library`` into a temporary
folder, twice: with generated ``key: value`` front matter and with front matter shaped
like real themes' posts (``--shapes``), or uses ``--dir``. Every file is read once first
so all measures start with a warm page cache. Then, in each of ``--rounds`` rounds:

* on one process: walk the folder and read every post file's bytes, against
  ``load_library`` with its process pool turned off; as elapsed time and as this
  process's processor time, which another program busy on the same machine hardly
  changes (the figure to compare from one run to another on a shared machine);
* on as many processes as ``load_library`` uses for a big library (this one and a forked
  pool, one per core): the same plain read shared between them, against ``load_library``.

The medians are printed as files (posts) per second, with the ratios load / read. The
aim (issue 2) is a ratio of at most 8. ``--profile`` prints instead where a post's
processor time goes (each step of loading one post, timed on its own).

Usage::

    .venv/bin/python benchmarks/load_posts.py [--count N] [--rounds R] [--dir DIR]
        [--shapes generated|realistic|both] [--profile]
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

from make_library import make_library

from reader.model import loading
from reader.model.library import load_library
from reader.model.post import POST_SUFFIXES
from reader.model.reading_time import DEFAULT_SPEEDS

AIM = 8.0


def post_files(folder: Path) -> list[str]:
    """Every post file under ``folder``."""
    return [
        os.path.join(current, name)
        for current, _, names in os.walk(folder)
        for name in names
        if os.path.splitext(name)[1].lower() in POST_SUFFIXES
    ]


def read_files(paths: list[str]) -> int:
    """Read every file of ``paths`` once: the bytes read."""
    total = 0
    for path in paths:
        with open(path, "rb") as file:
            total += len(file.read())
    return total


def read_all(folder: Path) -> tuple[int, int]:
    """Walk ``folder`` and read every post file's bytes once, here: ``(files, bytes)``."""
    paths = post_files(folder)
    return len(paths), read_files(paths)


def processes_of_a_load() -> int:
    """How many processes ``load_library`` reads a big library on, this one included."""
    return min(os.cpu_count() or 1, 9)


def read_all_in_parallel(folder: Path, pool: ProcessPoolExecutor, processes: int) -> int:
    """Walk ``folder`` and read every post file once, shared by ``processes`` processes."""
    paths = post_files(folder)
    shares = [paths[index::processes] for index in range(processes)]
    theirs = [pool.submit(read_files, share) for share in shares[1:]]
    return read_files(shares[0]) + sum(future.result() for future in theirs)


def load_all(folder: Path) -> int:
    """Load the library under ``folder``: the number of posts."""
    return len(load_library([folder], speeds=DEFAULT_SPEEDS).posts)


def timed(action: Callable[[], object]) -> float:
    """Seconds ``action`` takes, after collecting garbage left by earlier rounds."""
    return timed_both(action)[0]


def timed_both(action: Callable[[], object]) -> tuple[float, float]:
    """Seconds ``action`` takes, elapsed and of this process's processor time."""
    gc.collect()
    started, processor = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - started, time.process_time() - processor


def check(folder: Path, expected: int) -> None:
    """Fail loudly if the library does not load cleanly (a broken generator, say)."""
    library = load_library([folder], speeds=DEFAULT_SPEEDS)
    if not library.posts:
        sys.exit(f"load_posts: loaded no posts of {expected} files")
    if len(library.posts) != expected:  # a site's rules leave some files out (--dir)
        print(f"note: {len(library.posts):,} posts listed of {expected:,} post files")
    problems = Counter(problem for post in library.posts for problem in post.problems)
    if problems:
        print(f"warning: {sum(problems.values())} problems, e.g. {problems.most_common(3)}")


def load_on_one_process(folder: Path) -> int:
    """``load_library`` with its process pool turned off: the number of posts."""
    threshold = loading.PARALLEL_ABOVE_FILES
    loading.PARALLEL_ABOVE_FILES = sys.maxsize
    try:
        return load_all(folder)
    finally:
        loading.PARALLEL_ABOVE_FILES = threshold


def run(folder: Path, rounds: int) -> float:
    """Measure and print; return the ratio of load time to read time, like with like."""
    files, size = read_all(folder)  # warms the page cache
    if files == 0:
        sys.exit(f"load_posts: no post files under {folder}")
    check(folder, files)  # warms the model's imports and caches too
    processes = processes_of_a_load()
    times: dict[str, list[float]] = {"read 1": [], "load 1": [], "read N": [], "load N": []}
    processor: dict[str, list[float]] = {"read 1": [], "load 1": []}
    context = multiprocessing.get_context("fork")  # as load_library does, from one thread
    with ProcessPoolExecutor(max(1, processes - 1), mp_context=context) as pool:
        for _ in range(rounds):
            for key, action in (
                ("read 1", lambda: read_all(folder)),
                ("load 1", lambda: load_on_one_process(folder)),
            ):
                elapsed, used = timed_both(action)
                times[key].append(elapsed)
                processor[key].append(used)
            times["read N"].append(timed(lambda: read_all_in_parallel(folder, pool, processes)))
            times["load N"].append(timed(lambda: load_all(folder)))
    median = {key: statistics.median(values) for key, values in times.items()}
    print(f"library: {files:,} files, {size / 1024 / 1024:.1f} MB, {folder}")
    print(f"rounds: {rounds} (median shown); a big library loads on {processes} processes")
    for label, count in (("1", 1), ("N", processes)):
        read, load = median[f"read {label}"], median[f"load {label}"]
        print(
            f"  on {count} process(es): read {read:.2f} s ({files / read:,.0f} files/s), ", end=""
        )
        print(f"load {load:.2f} s ({files / load:,.0f} posts/s), ", end="")
        print(f"ratio {load / read:.1f}x (aim <= {AIM:g}x)")
    read, load = (statistics.median(processor[key]) for key in ("read 1", "load 1"))
    print(
        f"  processor time on 1 process: read {read / files * 1e6:.0f} µs a file,"
        f" load {load / files * 1e6:.0f} µs a post, ratio {load / read:.1f}x (aim <= {AIM:g}x)"
    )
    return median["load N"] / median["read N"]


def profile(folder: Path, rounds: int) -> None:
    """Print the processor time of each step of loading a post, a post on average.

    Each step is timed on its own over every post (the best of ``rounds``), from what
    the steps before it gave: the figures add up to about the whole ``load_post``.
    """
    from reader.model import post_loader
    from reader.model.decoding import decode
    from reader.model.front_matter import split_front_matter
    from reader.model.health.digest import body_digest
    from reader.model.health.inspect import inspect_post
    from reader.model.health.repeats import find_repeats
    from reader.model.post_file import read_post_file
    from reader.model.reading_time import estimate_minutes
    from reader.model.text import clean_text

    paths = [Path(path) for path in post_files(folder)]
    datas = [read_post_file(path).data for path in paths]
    texts = [decode(data)[0] for data in datas]
    cleaned = [clean_text(text) for text in texts]
    splits = [split_front_matter(text) for text in cleaned]
    posts = [post_loader.load_post(path) for path in paths]
    steps: list[tuple[str, Callable[[int], object]]] = [
        ("load_post, the whole", lambda at: post_loader.load_post(paths[at])),
        ("read the file", lambda at: read_post_file(paths[at])),
        ("fingerprint (hash of the bytes)", lambda at: post_loader.fingerprint(datas[at])),
        ("decode", lambda at: decode(datas[at])),
        ("clean_text", lambda at: clean_text(texts[at])),
        ("front matter", lambda at: split_front_matter(cleaned[at])),
        ("excerpt", lambda at: post_loader._excerpt(splits[at].metadata, splits[at].body)),
        ("reading time", lambda at: estimate_minutes(splits[at].body)),
        ("body digest", lambda at: body_digest(splits[at].body)),
        (
            "checks (inspect_post)",
            lambda at: inspect_post(
                posts[at],
                texts[at],
                cleaned[at],
                splits[at].metadata,
                splits[at].format is not None,
            ),
        ),
        ("  of which repeats", lambda at: find_repeats(splits[at].body)),
    ]
    print(f"processor time a post, best of {rounds} rounds over {len(paths):,} posts:")
    for name, step in steps:
        every = partial(map, step, range(len(paths)))
        best = min(timed_both(lambda: list(every()))[1] for _ in range(rounds))  # noqa: B023
        print(f"  {name:<32} {best / len(paths) * 1e6:6.1f} µs")


def main(argv: list[str] | None = None) -> int:
    """Command line; exit status 0 whatever the ratio (it is a measure, not a test)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=10_000, help="posts to generate")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds (median shown)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed")
    parser.add_argument("--dir", type=Path, help="use the posts in DIR instead of generating")
    parser.add_argument(
        "--shapes",
        choices=("generated", "realistic", "both"),
        default="both",
        help="front matter of the generated posts (make_library.py)",
    )
    parser.add_argument(
        "--profile", action="store_true", help="where a post's processor time goes, step by step"
    )
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.count < 1:
        parser.error("--rounds and --count must be at least 1")
    if args.dir is not None:
        if not args.dir.is_dir():
            parser.error(f"--dir {args.dir} is not a folder")
        (profile if args.profile else run)(args.dir, args.rounds)
        return 0
    shapes = ("generated", "realistic") if args.shapes == "both" else (args.shapes,)
    for shape in shapes:
        with tempfile.TemporaryDirectory(prefix="reader-bench-") as temporary:
            folder = Path(temporary)
            started = time.perf_counter()
            make_library(folder, args.count, args.seed, shape)
            elapsed = time.perf_counter() - started
            print(f"generated {args.count:,} posts ({shape} front matter) in {elapsed:.2f} s")
            (profile if args.profile else run)(folder, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
