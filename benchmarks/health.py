"""Benchmark: the cold listing of a library with the post checks (issue 14) and without.

Generates ``--count`` posts (10,000) with ``make_library`` into a temporary folder, or
uses ``--dir``, and in each of ``--rounds`` rounds, one after the other, loads the
library without the cache: once with ``inspect_post`` and ``body_digest`` replaced by
functions that do nothing (the listing as it was), once as shipped, and once with only the
splitting and hashing of each body that any check for repeats needs at least (the floor). It
then times the library-wide
duplicate check over the loaded posts. Prints the medians and the ratio (aim: at most
1.10; the duplicate check under 2 s for 10,000 posts, as a ratio to the listing too).

Each listing is timed twice: on the clock, and in processor time (this process and the
workers it forked, which are waited for). On a shared machine the clock's ratio swings
with the other users' load; the processor time's is what the checks cost.

Usage::

    .venv/bin/python benchmarks/health.py [--count N] [--rounds R] [--dir DIR]
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from unittest.mock import patch

from make_library import make_library

from reader.model import post_loader
from reader.model.health.finding import Finding
from reader.model.health.library import add_library_findings
from reader.model.library import load_library
from reader.model.post import PostSummary
from reader.model.reading_time import DEFAULT_SPEEDS

AIM = 1.10
DUPLICATES_AIM_SECONDS = 2


def _no_findings(*_: Any, **__: Any) -> list[Finding]:
    return []


def _no_digest(_: str) -> str:
    return ""


def _bare_comparison(post: Any, *_: Any, **__: Any) -> list[Finding]:
    """The least any check for repeated sentences and paragraphs does: split and hash."""
    body = post.body
    set(body.split("。" if "。" in body else "."))
    set(body.split("\n\n"))
    return []


def timed(action: Callable[[], object]) -> float:
    """Seconds ``action`` takes, after collecting garbage left by earlier rounds."""
    return timed_both(action)[0]


def _processor_seconds() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def timed_both(action: Callable[[], object]) -> tuple[float, float]:
    """Seconds ``action`` takes on the clock, and in processor time with its children."""
    gc.collect()
    started, processor = time.perf_counter(), _processor_seconds()
    action()
    return time.perf_counter() - started, _processor_seconds() - processor


def load(folder: Path, checked: bool, bare: bool = False, cache: bool = False) -> list[PostSummary]:
    """The library's posts, read without the cache, with or without the post checks.

    With ``bare``, the checks are only ``_bare_comparison``: the floor of a repeat check.
    With ``cache``, the listing writes a cache of its own, empty before (a library never
    seen, as the app and ``reader list`` meet it). The workers are forked (a listing
    from the command line), so they see the swap.
    """
    with ExitStack() as stack:
        if not checked:
            inspect = _bare_comparison if bare else _no_findings
            stack.enter_context(patch.object(post_loader, "inspect_post", inspect))
            stack.enter_context(patch.object(post_loader, "body_digest", _no_digest))
        if cache:
            home = stack.enter_context(tempfile.TemporaryDirectory(prefix="reader-cache-"))
            stack.enter_context(patch.dict(os.environ, {"XDG_CACHE_HOME": home}))
        return load_library([folder], use_cache=cache, speeds=DEFAULT_SPEEDS).posts


def run(folder: Path, rounds: int) -> float:
    """Measure and print; return the ratio of the checked listing to the plain one."""
    posts = load(folder, checked=True)  # warms the page cache, imports and caches
    plain_times: list[tuple[float, float]] = []
    checked_times: list[tuple[float, float]] = []
    bare_times: list[tuple[float, float]] = []
    cached_times: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
    for _ in range(rounds):
        plain_times.append(timed_both(lambda: load(folder, checked=False)))
        checked_times.append(timed_both(lambda: load(folder, checked=True)))
        bare_times.append(timed_both(lambda: load(folder, checked=False, bare=True)))
        for with_checks in (False, True):
            cached_times[with_checks].append(
                timed_both(lambda: load(folder, checked=with_checks, cache=True))  # noqa: B023
            )
    plain, checked = (
        statistics.median(t[0] for t in times) for times in (plain_times, checked_times)
    )
    plain_cpu, checked_cpu, bare_cpu = (
        statistics.median(t[1] for t in times) for times in (plain_times, checked_times, bare_times)
    )
    plain_new, checked_new = (
        statistics.median(t[0] for t in cached_times[with_checks]) for with_checks in (False, True)
    )
    duplicates = statistics.median(timed(lambda: add_library_findings(posts)) for _ in range(3))
    with_findings = sum(1 for post in posts if post.problems)
    print(f"library: {len(posts):,} posts, {with_findings:,} with findings, {folder}")
    print(f"rounds: {rounds} (median shown)")
    print(f"cold listing without checks: {plain:.2f} s")
    print(f"cold listing with checks:    {checked:.2f} s")
    print(f"ratio: {checked / plain:.3f}x (aim <= {AIM:g}x)")
    print(
        f"processor time: {plain_cpu:.2f} s -> {checked_cpu:.2f} s,"
        f" ratio {checked_cpu / plain_cpu:.3f}x (aim <= {AIM:g}x)"
    )
    print(
        f"the same, writing a cache (a library never seen): {plain_new:.2f} s ->"
        f" {checked_new:.2f} s, ratio {checked_new / plain_new:.3f}x"
    )
    print(
        f"floor, only splitting each body into sentences and paragraphs and hashing them:"
        f" processor time ratio {bare_cpu / plain_cpu:.3f}x"
    )
    print(
        f"library-wide duplicates: {duplicates:.3f} s, {duplicates / plain:.3f}x the listing"
        f" (aim <= {DUPLICATES_AIM_SECONDS:g} s for 10,000 posts)"
    )
    return checked / plain


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
        run(args.dir, args.rounds)
        return 0
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as temporary:
        folder = Path(temporary)
        make_library(folder, args.count, args.seed)
        run(folder, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
