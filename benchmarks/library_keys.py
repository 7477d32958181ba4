"""Benchmark: what the library screen computes for one key, at 100,000 posts.

The app works out what the library lists (``Listing.of``: the filter, the order, the
grouping and the reading order of the groups) once per change of the library or of the
choice; every key then reads that listing. This times both, in one process, on
``--count`` made-up posts (``post_list.make_posts``: 10 categories, some posts in two),
against a baseline measured in the same run: one sort of the library by date. Times are
this process's processor time, steady on a machine shared with other programs.

* ``v`` regrouping: category, date, tag, all posts (each), the listing made anew (aim:
  at most 100 ms, the time within which a key's answer feels instant);
* ``/`` filtering: a word and a field (``python tag:x``), then grouping (aim: the same);
* the reading order, worked out once per change in a thread while the groups show;
* ``n`` / ``p``: the next post in the listing grouped by category, from a post in the
  middle; ``U``: the next unread post, with every other post read (aim, issue 15: at
  most 50 ms at 100,000 posts each).

Usage::

    .venv/bin/python benchmarks/library_keys.py [--count N] [--rounds R]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable

from post_list import make_posts

from reader.model.grouping import Grouping
from reader.model.listing import ListChoice, Listing

STEP_AIM_MS = 50.0
# A key answered within 0.1 s feels instant: the aim of a regrouping or a filter.
KEY_AIM_MS = 100.0


def median_ms(action: Callable[[], object], rounds: int) -> float:
    """The median processor time of ``action`` over ``rounds`` runs, in milliseconds.

    Processor time, not elapsed: on a machine shared with busy programs the elapsed time
    of this one-thread work was 5 to 10 times it, and varied as much from run to run.
    """
    times = []
    for _ in range(rounds):
        started = time.process_time()
        action()
        times.append(time.process_time() - started)
    return statistics.median(times) * 1000


def main(argv: list[str] | None = None) -> int:
    """Command line; prints the figures, exit status 0 (a measure, not a test)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=100_000, help="posts in the library")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds (median shown)")
    args = parser.parse_args(argv)
    posts = sorted(make_posts(args.count), key=lambda post: post.sort_key)
    baseline = median_ms(lambda: sorted(posts, key=lambda post: post.sort_key), args.rounds)
    print(f"{args.count:,} posts, medians of {args.rounds} rounds of processor time")
    print(f"one sort of the library by date: {baseline:.1f} ms (the baseline)")
    for grouping in Grouping:
        choice = ListChoice(grouping)
        figure = median_ms(lambda: Listing.of(posts, choice), args.rounds)  # noqa: B023
        print(
            f"v, {grouping.label}: {figure:.1f} ms = {figure / baseline:.1f}x"
            f" (aim <= {KEY_AIM_MS:g} ms)"
        )
    choice = ListChoice(filter_text="python tag:x")
    figure = median_ms(lambda: Listing.of(posts, choice), args.rounds)
    print(
        f"/ filter 'python tag:x': {figure:.1f} ms = {figure / baseline:.1f}x"
        f" (aim <= {KEY_AIM_MS:g} ms)"
    )
    listing = Listing.of(posts, ListChoice(Grouping.CATEGORY))
    started = time.process_time()
    listing.prepare()
    figure = (time.process_time() - started) * 1000
    print(f"reading order by category, once per change, in the background: {figure:.1f} ms")
    middle = listing.order[len(listing.order) // 2]
    figure = median_ms(lambda: listing.step(middle, 1), args.rounds)
    aim = f"(aim <= {STEP_AIM_MS:g} ms)"
    print(f"n / p, by category: {figure:.3f} ms = {figure / baseline:.4f}x {aim}")
    read = {post.path for post in listing.order[::2]}
    figure = median_ms(lambda: listing.next_unread(middle, lambda p: p.path in read), args.rounds)
    print(f"U, every other post read: {figure:.3f} ms = {figure / baseline:.4f}x {aim}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
